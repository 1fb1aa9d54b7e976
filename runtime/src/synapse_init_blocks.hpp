// A synapses object's compiled init (lsm/synapse_init.hpp) with what it reads and writes: the
// ends' variables as columns materialised once (endColumn), the synapses' own arrays, their
// pre and post indices, and the builder's RandomDraws, which each of the machine code's draws
// calls back into (the same streams, so the same numbers as the interpreter's).
#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <vector>

#include "end_values.hpp"
#include "lsm/network.hpp"
#include "lsm/synapse_init.hpp"
#include "random_draws.hpp"

namespace lsm {

class SynapseInitBlocks {
 public:
  // For the synapses `c` of `synapses` (whose ends are populations of nPre and nPost elements)
  // and their `state`; `statements` are the builder's own (named in `draws`), the ones `init`
  // was compiled from. Nullptr when a column cannot be had (EndValues throws) or a variable
  // the code reads or writes is not stored in `state` as compiled: the builder then interprets the
  // statements, and fails where the interpreter does. All must outlive this.
  static std::unique_ptr<SynapseInitBlocks> make(const CompiledSynapseInit& init,
                                                 const std::vector<ir::Statement>& statements,
                                                 RandomDraws& draws, const ir::Synapses& synapses,
                                                 const EndValues& source, std::int64_t nPre,
                                                 const EndValues& target, std::int64_t nPost,
                                                 const Connectivity& c, ObjectState& state,
                                                 double dt);

  // The first synapse whose draw failed, with the error the draw threw.
  struct Failure {
    std::int64_t synapse;
    std::exception_ptr error;
  };
  // Runs the statements for the synapses [kBegin, kEnd), the first failure if a draw failed
  // (the synapses after it have values of no meaning). Several threads may run blocks at once.
  std::optional<Failure> run(std::int64_t kBegin, std::int64_t kEnd) const;

 private:
  SynapseInitBlocks(const CompiledSynapseInit& init, RandomDraws& draws)
      : init_(init), draws_(draws) {}
  const CompiledSynapseInit& init_;
  RandomDraws& draws_;
  std::vector<const ir::Expr*> calls_;  // the builder's draws, in the compiled code's numbering
  const Connectivity* c_ = nullptr;
  std::int64_t preStart_ = 0, postStart_ = 0, count_ = 0, nPre_ = 0, nPost_ = 0;
  double dt_ = 0;
  std::vector<std::vector<double>> values_;  // the ends' columns, pre then post
  std::vector<const double*> pre_, post_;
  std::vector<double*> own_;
  std::vector<double> constants_;  // of the builder's statements (constantsOf)
};

}  // namespace lsm
