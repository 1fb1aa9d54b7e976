// CompiledModel: the step plan's kernels and drivers (codegen/plan_codegen.hpp), each distinct
// kernel in a module of its own, optimised at O3 for the host CPU and compiled with ORC LLJIT
// on several threads.
// Floating point stays strict (no contraction, no reassociation) so that the machine code
// agrees bit for bit with the reference interpreter (ir/plan_interpreter.cpp).
#include "lsm/jit.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "codegen/plan_codegen.hpp"

#include "codegen/llvm.hpp"

namespace lsm {

struct CompiledModel::Jit {
  std::unique_ptr<llvm::orc::LLJIT> lljit;
};

CompiledModel::CompiledModel() = default;
CompiledModel::~CompiledModel() = default;

std::int64_t CompiledModel::run(void* const* slots, std::int64_t firstStep, std::int64_t steps,
                                double dt) const {
  return run_(slots, firstStep, steps, dt);
}

void CompiledModel::runRoutine(ir::PlanRoutine routine, void* const* slots, std::int64_t step,
                               double dt) const {
  switch (routine) {
    case ir::PlanRoutine::step:
      run_(slots, step, 1, dt);
      return;
    case ir::PlanRoutine::catchUp:
      catchUp_(slots, step, dt);
      return;
    case ir::PlanRoutine::runningSums:
      runningSums_(slots, step, dt);
      return;
  }
}

namespace {

std::string errorText(llvm::Error error) {
  std::string text;
  llvm::raw_string_ostream out(text);
  out << error;
  return text;
}

template <typename T>
T unwrap(llvm::Expected<T> value, const char* what) {
  if (!value) throw JitError(fmt::format("{}: {}", what, errorText(value.takeError())));
  return std::move(*value);
}

void initialiseLlvm() {
  static const bool done = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)done;
}

std::string moduleText(const llvm::Module& module) {
  std::string text;
  llvm::raw_string_ostream stream(text);
  module.print(stream, nullptr);
  return text;
}

// What decides the machine code: the plan as printed, and what the printer leaves out.
std::string fingerprint(const ir::StepPlan& plan) {
  std::string text = ir::toString(plan);
  for (const auto* routine : {&plan.step, &plan.catchUp, &plan.runningSums}) {
    for (const ir::PlanOp& op : *routine) {
      text +=
          fmt::format("{} {} {} {} {} {}\n", op.frame.groupSize, op.frame.sourceStart,
                      op.frame.sourceSize, op.frame.targetStart, op.frame.targetSize, op.locals);
    }
  }
  return text;
}

// Functions of the plan before optimisation, in a module (and context) of their own so that
// modules can be optimised and compiled on several threads.
struct FunctionModule {
  std::string symbol;
  std::unique_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::Module> module;
};

// The O3 pipeline for the host CPU, on one module.
void optimise(llvm::Module& module, llvm::TargetMachine& machine) {
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  // Loops are not unrolled (vectorised loops are still interleaved): they run over a few
  // hundred elements, and unrolled code cost a fifth of the compile time with no measurable
  // gain per trial (benchmarks/jit_benchmark.cpp: CompileMaass, TrialMaass).
  llvm::PipelineTuningOptions tuning;
  tuning.LoopUnrolling = false;
  llvm::PassBuilder passes(&machine, tuning);
  passes.registerModuleAnalyses(modules);
  passes.registerCGSCCAnalyses(cgscc);
  passes.registerFunctionAnalyses(functions);
  passes.registerLoopAnalyses(loops);
  passes.crossRegisterProxies(loops, functions, cgscc, modules);
  passes.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3).run(module, modules);
}

}  // namespace

bool CompiledModel::fits(const ir::Model& model) const {
  return model.plan != nullptr && fingerprint(*model.plan) == planText_;
}

std::unique_ptr<CompiledModel> CompiledModel::compile(const ir::Model& model,
                                                      const JitOptions& options) {
  auto start = std::chrono::steady_clock::now();
  if (model.plan == nullptr) throw JitError("the model has no step plan");
  initialiseLlvm();
  std::unique_ptr<CompiledModel> compiled(new CompiledModel());
  compiled->plan_ = model.plan;
  compiled->planText_ = fingerprint(*model.plan);

  auto machineBuilder =
      unwrap(llvm::orc::JITTargetMachineBuilder::detectHost(), "detecting the host");
  // Strict floating point: the machine code must agree bit for bit with the interpreter.
  machineBuilder.getOptions().AllowFPOpFusion = llvm::FPOpFusion::Strict;
  // O3 either way; the fast variant skips the backend's own optimisation (fast instruction
  // selection, simple register allocation).
  machineBuilder.setCodeGenOptLevel(options.fastCodeGeneration ? llvm::CodeGenOptLevel::None
                                                               : llvm::CodeGenOptLevel::Default);
  auto targetMachine = unwrap(machineBuilder.createTargetMachine(), "creating the target machine");

  // 1. Emit the kernels, each into a module of its own, and keep one per distinct text:
  // operations with the same code share their machine code (with tables of their own).
  codegen::CodegenOptions codegenOptions{options.vectorWidth};
  const ir::StepPlan& plan = *model.plan;
  std::vector<FunctionModule> functions;
  auto add = [&](std::unique_ptr<llvm::LLVMContext> context, std::unique_ptr<llvm::Module> module,
                 const std::string& symbol) {
    for (llvm::Function& function : *module) {
      if (function.isDeclaration()) continue;
      // The host's features, so that O3 vectorises for its vector width.
      function.addFnAttr("target-cpu", targetMachine->getTargetCPU());
      function.addFnAttr("target-features", targetMachine->getTargetFeatureString());
    }
    module->setDataLayout(targetMachine->createDataLayout());
    module->setTargetTriple(targetMachine->getTargetTriple().str());
    std::string problems;
    llvm::raw_string_ostream problemStream(problems);
    if (llvm::verifyModule(*module, &problemStream)) {
      throw JitError("the generated LLVM IR is invalid: " + problems);
    }
    module->setModuleIdentifier(std::to_string(functions.size()));
    functions.push_back({symbol, std::move(context), std::move(module)});
  };
  std::map<const ir::PlanOp*, codegen::KernelCall> calls;
  std::map<std::string, std::string> symbolOfText;
  for (const auto* routine : {&plan.step, &plan.catchUp, &plan.runningSums}) {
    for (const ir::PlanOp& op : *routine) {
      auto kernel = codegen::emitKernel(plan, op, "kernel", codegenOptions);
      if (kernel == nullptr) continue;
      auto [it, isNew] =
          symbolOfText.emplace(kernel->text, fmt::format("lsm_kernel{}", symbolOfText.size()));
      calls[&op] = {it->second, kernel->slots};
      if (!isNew) continue;
      kernel->module->getFunction("kernel")->setName(it->second);
      add(std::move(kernel->context), std::move(kernel->module), it->second);
    }
  }
  {
    auto context = std::make_unique<llvm::LLVMContext>();
    auto module = std::make_unique<llvm::Module>("drivers", *context);
    codegen::emitDrivers(plan, calls, *module);
    add(std::move(context), std::move(module), "lsm_run");
  }

  // 2. Optimise and compile them on several cores: ORC runs each module's optimisation (the
  // transform below) and code generation as one task of its thread pool.
  unsigned threads = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  llvm::orc::LLJITBuilder jitBuilder;
  jitBuilder.setJITTargetMachineBuilder(machineBuilder).setNumCompileThreads(threads);
  // LSMC_PERF=1: the machine code is announced to perf (jit-PID.dump; `perf inject --jit`),
  // so that profiles name the plan's functions.
  static llvm::JITEventListener* perf = std::getenv("LSMC_PERF") != nullptr
                                            ? llvm::JITEventListener::createPerfJITEventListener()
                                            : nullptr;
  if (perf != nullptr) {
    jitBuilder.setObjectLinkingLayerCreator(
        [](llvm::orc::ExecutionSession& session,
           const llvm::Triple&) -> llvm::Expected<std::unique_ptr<llvm::orc::ObjectLayer>> {
          auto layer = std::make_unique<llvm::orc::RTDyldObjectLinkingLayer>(
              session, [] { return std::make_unique<llvm::SectionMemoryManager>(); });
          layer->registerJITEventListener(*perf);
          return layer;
        });
  }
  auto jit = unwrap(jitBuilder.create(), "creating the JIT");
  std::mutex irLock;
  std::vector<std::string> optimisedIr(functions.size());
  bool keepIr = options.keepOptimisedIr;
  jit->getIRTransformLayer().setTransform(
      [machineBuilder, keepIr, &irLock, &optimisedIr](
          llvm::orc::ThreadSafeModule module, const llvm::orc::MaterializationResponsibility&)
          -> llvm::Expected<llvm::orc::ThreadSafeModule> {
        // A target machine per task: the transform runs on several threads at once.
        llvm::orc::JITTargetMachineBuilder builder = machineBuilder;
        auto machine = builder.createTargetMachine();
        if (!machine) return machine.takeError();
        module.withModuleDo([&](llvm::Module& m) {
          optimise(m, **machine);
          if (keepIr) {
            std::string text = moduleText(m);
            std::lock_guard<std::mutex> lock(irLock);
            optimisedIr[std::stoul(m.getModuleIdentifier())] = std::move(text);
          }
        });
        return module;
      });
  auto generator = unwrap(llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
                              jit->getDataLayout().getGlobalPrefix()),
                          "finding libm");
  jit->getMainJITDylib().addGenerator(std::move(generator));
  llvm::orc::SymbolLookupSet lookups;
  for (const char* driver : {"lsm_catch_up", "lsm_running_sums"})
    lookups.add(jit->mangleAndIntern(driver));
  for (auto& f : functions) {
    lookups.add(jit->mangleAndIntern(f.symbol));
    if (auto error = jit->addIRModule(
            llvm::orc::ThreadSafeModule(std::move(f.module), std::move(f.context)))) {
      throw JitError("adding a function: " + errorText(std::move(error)));
    }
  }
  // One lookup of every function: their materialisations run concurrently.
  auto addresses =
      unwrap(jit->getExecutionSession().lookup(
                 llvm::orc::makeJITDylibSearchOrder(&jit->getMainJITDylib()), std::move(lookups)),
             "compiling the step plan");
  auto address = [&](const char* symbol) {
    return addresses.at(jit->mangleAndIntern(symbol)).getAddress();
  };
  compiled->run_ = address("lsm_run").toPtr<RunFunction>();
  compiled->catchUp_ = address("lsm_catch_up").toPtr<RoutineFunction>();
  compiled->runningSums_ = address("lsm_running_sums").toPtr<RoutineFunction>();
  for (const std::string& text : optimisedIr) compiled->optimisedIr_ += text;
  compiled->jit_ = std::make_unique<Jit>();
  compiled->jit_->lljit = std::move(jit);
  compiled->compileSeconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return compiled;
}

}  // namespace lsm
