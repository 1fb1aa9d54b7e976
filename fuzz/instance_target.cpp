// Fuzz target: instance files (docs/instance-format.md) for the Maass model, loaded, checked
// against the model and, when accepted, run for a few steps with the file's inputs on the JIT
// kernels. A broken file must be an InstanceError or BuildError (or a rejected input); an
// escaped exception of another kind, a crash or a sanitizer report is a finding.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "fuzz_target.hpp"
#include "lsm/frontend.hpp"
#include "lsm/instance_io.hpp"
#include "lsm/jit.hpp"
#include "lsm/simulation.hpp"

namespace {

struct Maass {
  std::shared_ptr<const lsm::ir::Model> model;
  std::shared_ptr<const lsm::CompiledModel> compiled;
};

const Maass& maass() {
  static const Maass compiled = [] {
    lsm::SourceManager sources;
    auto result = lsm::compileFile(LSM_PROJECT_DIR "/models/maass2002.lsm", sources);
    if (!result.model) lsm::fuzz::finding("the Maass model does not compile");
    Maass out;
    out.model = std::make_shared<const lsm::ir::Model>(std::move(*result.model));
    out.compiled = lsm::CompiledModel::compile(*out.model, {.fastCodeGeneration = true});
    return out;
  }();
  return compiled;
}

}  // namespace

// Compiles the model before libFuzzer starts timing inputs: under ASan the JIT compilation of
// the Maass model alone is close to the 1 s limit.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  maass();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lsm::fuzz::CpuTimeLimit limit;
  const Maass& m = maass();
  std::string text(reinterpret_cast<const char*>(data), size);
  lsm::InstanceFile file;
  try {
    file = lsm::readInstance(m.model, text, "fuzz.json");
  } catch (const lsm::InstanceError&) {
    return 0;
  } catch (const lsm::BuildError&) {
    return 0;
  }
  try {
    lsm::Simulation simulation(file.network, m.compiled);
    simulation.startTrial(0, file.inputs, false);
    simulation.run(20);
  } catch (const lsm::BuildError&) {
  } catch (const std::invalid_argument&) {  // inputs startTrial refuses
  }
  return 0;
}
