// The driver lsm_run compiled again, optimised, once a model has run long enough (tiered
// compilation, JitOptions::optimiseDriverAfterSteps). The first compile gives the drivers
// the light pipeline and fast instruction selection, whose values live on the stack: the
// Maass trial ran 8 % longer with it, but the optimising backend made the first compile about
// 10 ms of CPU dearer (docs/performance.md). The optimised driver is the same IR, with the same
// strict floating point: its results are the first one's bit for bit.
#include "codegen/compiled_model_jit.hpp"

namespace lsm {

namespace {

constexpr const char* optimisedRun = "lsm_run.optimised";

}  // namespace

void CompiledModel::optimiseDriver() const {
  try {
    auto context = std::make_unique<llvm::LLVMContext>();
    auto module = std::make_unique<llvm::Module>("optimised_driver", *context);
    codegen::emitRunDriver(*plan_, jit_->calls, *module);
    module->getFunction("lsm_run")->setName(optimisedRun);  // beside the first one
    prepareForHost(*module, jit_->host);
    llvm::orc::LLJIT& jit = *jit_->lljit;
    // Through the JIT's IR layers: the kernels' pass pipeline, then the optimising backend
    // (the JIT's target machine), compiled here when looked up.
    if (auto error =
            jit.addIRModule(llvm::orc::ThreadSafeModule(std::move(module), std::move(context)))) {
      llvm::consumeError(std::move(error));
      return;
    }
    auto address = jit.lookup(optimisedRun);
    if (!address) {
      llvm::consumeError(address.takeError());
      return;
    }
    run_.store(address->toPtr<RunFunction>(), std::memory_order_release);
    driverOptimised_.store(true, std::memory_order_release);
  } catch (const std::exception&) {
    // The first driver runs on: it computes the same.
  }
}

}  // namespace lsm
