// CompiledModel: the step plan's kernels and drivers (codegen/plan_codegen.hpp), each distinct
// hot kernel in a module of its own, the cold ones linked into one. The modules are optimised
// and compiled to object code on a few threads, each as hot as it runs: the kernels of the
// step at O3 with the backend's full optimisation, the drivers (integer bookkeeping) and the
// routines that run once per trial with a light pipeline and fast instruction selection.
// ORC's LLLazyJIT links the objects; the fallbacks of guarded operations, which most models
// never run, are compiled (hot) when first called.
// Floating point stays strict (no contraction, no reassociation) so that the machine code
// agrees bit for bit with the reference interpreter (ir/plan_interpreter.cpp).
#include "lsm/jit.hpp"

#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <tuple>

#include "codegen/compiled_model_jit.hpp"
#include "codegen/expression_emitter.hpp"
#include "codegen/llvm_jit.hpp"
#include "codegen/pair_rule_codegen.hpp"
#include "codegen/plan_codegen.hpp"
#include "codegen/synapse_init_codegen.hpp"
#include "lsm/step_team.hpp"

namespace lsm {

CompiledModel::CompiledModel() = default;
CompiledModel::~CompiledModel() = default;

std::int64_t CompiledModel::run(void* const* slots, std::int64_t firstStep, std::int64_t steps,
                                double dt, StepTeam* team) const {
  // The operations that split (codegen::split) find the team through the running thread.
  struct Current {
    StepTeam* saved = currentStepTeam();
    explicit Current(StepTeam* team) { setCurrentStepTeam(team); }
    ~Current() { setCurrentStepTeam(saved); }
  } current(team);
  const std::int64_t run = run_.load(std::memory_order_acquire)(slots, firstStep, steps, dt);
  // Tiered compilation: the first run to reach the count compiles the optimised driver.
  if (optimiseDriverAfterSteps_ > 0 && !optimisingDriver_.load(std::memory_order_relaxed) &&
      stepsRun_.fetch_add(run, std::memory_order_relaxed) + run >= optimiseDriverAfterSteps_ &&
      !optimisingDriver_.exchange(true)) {
    optimiseDriver();
  }
  return run;
}

void CompiledModel::runRoutine(ir::PlanRoutine routine, void* const* slots, std::int64_t step,
                               double dt) const {
  switch (routine) {
    case ir::PlanRoutine::step:
      run_.load(std::memory_order_acquire)(slots, step, 1, dt);
      return;
    case ir::PlanRoutine::catchUp:
      catchUp_(slots, step, dt);
      return;
    case ir::PlanRoutine::runningSums:
      runningSums_(slots, step, dt);
      return;
    case ir::PlanRoutine::derive:
      derive_(slots, step, dt);
      return;
  }
}

namespace {

// LSMC_JIT_PHASES=1: each phase's wall and CPU time (of the calling thread) on stderr, for
// work on compile time.
struct PhaseClock {
  bool on = std::getenv("LSMC_JIT_PHASES") != nullptr;
  std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
  double lastCpu = cpuMilliseconds();
  static double cpuMilliseconds() {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
  }
  void mark(const std::string& what) {
    if (!on) return;
    const auto now = std::chrono::steady_clock::now();
    const double nowCpu = cpuMilliseconds();
    fmt::print(stderr, "  {:8.3f} ms {:8.3f} cpu  {}\n",
               std::chrono::duration<double, std::milli>(now - last).count(), nowCpu - lastCpu,
               what);
    last = now;
    lastCpu = nowCpu;
  }
};

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

// Where a fallback's call lands when its compile failed (ORC has reported the error): there
// is no way back into the run, so the process stops with a message instead of a jump to 0.
// The module was verified when it was emitted; nothing is known to make this happen.
[[noreturn]] void fallbackCompileFailed() {
  fmt::print(stderr, "lsmc: internal error: compiling a fallback kernel failed (see above)\n");
  std::abort();
}

// What the machine code calls for `a ** b`: the interpreter's std::pow (ir/functions.cpp).
double power(double a, double b) {
  return std::pow(a, b);
}

}  // namespace

void prepareForHost(llvm::Module& module, const HostTarget& host) {
  for (llvm::Function& function : module) {
    if (function.isDeclaration()) continue;
    function.addFnAttr("target-cpu", host.cpu);
    function.addFnAttr("target-features", host.features);
  }
  module.setDataLayout(host.layout);
  module.setTargetTriple(host.triple);
  std::string problems;
  llvm::raw_string_ostream problemStream(problems);
  if (llvm::verifyModule(module, &problemStream)) {
    throw JitError("the generated LLVM IR is invalid: " + problems);
  }
}

namespace {

std::string bitcodeOf(const llvm::Module& module) {
  std::string bitcode;
  llvm::raw_string_ostream stream(bitcode);
  llvm::WriteBitcodeToFile(module, stream);
  return bitcode;
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
  for (const auto* routine : {&plan.step, &plan.catchUp, &plan.runningSums, &plan.derive}) {
    for (const ir::PlanOp& op : *routine) {
      text += fmt::format("{} {} {} {} {} {} {}\n", op.frame.groupSize, op.frame.sourceStart,
                          op.frame.sourceSize, op.frame.targetStart, op.frame.targetSize, op.locals,
                          op.postCount);
    }
  }
  return text;
}

// How much optimisation a module is worth, and when.
enum class Heat {
  hot,   // kernels of the step: run every step or every event
  cold,  // the drivers, and kernels of the routines that run once per trial
  lazy,  // fallbacks of guarded kernels: hot, compiled when first called (most never are)
};

// The operation and step whose kernel a job's module holds: emitting it again gives the
// same module (emission is deterministic), whatever the compiling threads did to the first.
struct KernelOrigin {
  const ir::PlanOp* op = nullptr;
  codegen::KernelStep step = codegen::KernelStep::any;
};

// A module of the plan before optimisation, in a context of its own so that modules can be
// optimised and compiled on several threads; the cold kernels and the build-time module share
// one, the cold context, for they are linked into one module (linkColdModules) before any is
// compiled.
struct Job {
  std::unique_ptr<llvm::LLVMContext> context;  // none for a module of the cold context
  std::unique_ptr<llvm::Module> module;        // none once linked into another cold module
  Heat heat = Heat::hot;
  std::optional<KernelOrigin> kernel;  // none for the drivers and the build-time module
  // The kernel's bitcode as emitted, once another kernel with the same structural hash asked.
  std::optional<std::string> bitcode;
  std::string optimisedIr;            // with JitOptions::keepOptimisedIr
  llvm::SmallVector<char, 0> object;  // the compiled module
  std::string error;
  bool started = false;  // handed to the compiling threads while the plan was emitted
};

// LLVM reports through its context's handler, which by default prints to stderr. The kernels
// ask for their loops to be vectorised, and where a loop cannot be (a reduction the vectoriser
// does not recognise) it stays scalar, correct, with a remark and a warning that would reach
// the user's terminal: those are dropped here. Errors are kept in `errors` and fail the
// compile (instead of the default handler's exit); without `errors` (a module compiled
// when first called, from a running trial), they go to stderr.
void quietDiagnostics(llvm::LLVMContext& context, std::string* errors) {
  context.setDiagnosticHandlerCallBack(
      [](const llvm::DiagnosticInfo* info, void* into) {
        if (info->getSeverity() != llvm::DS_Error) return;
        std::string text;
        llvm::raw_string_ostream stream(text);
        llvm::DiagnosticPrinterRawOStream printer(stream);
        info->print(printer);
        if (into == nullptr) {
          fmt::print(stderr, "lsmc: compiling a fallback kernel: {}\n", text);
          return;
        }
        auto& errors = *static_cast<std::string*>(into);
        errors += (errors.empty() ? "" : "; ") + text;
      },
      errors);
}

// The passes that the step's kernels need, in place of LLVM's O3 (JitOptions::
// tailoredPipeline), each group for what the kernels' code asks of it:
// - the flags that the loops' constant ranges prove (nuw, nsw: ipsccp), which let the
//   backend fold the neuron loops' index arithmetic into addresses (without them the
//   excitatory loop ran 0.9 % more instructions);
// - locals into registers, the table's pointer loads and repeated subexpressions merged,
//   a canonical form for what follows (sroa, early-cse, instcombine, simplifycfg);
// - loop invariants hoisted and the loops rotated to a test at the bottom, which the
//   vectoriser needs (licm, loop-rotate), canonical induction variables (indvars), and a
//   value just stored read back from its register across the `when` blocks (gvn);
// - a catch-up's repeated squaring a one-block loop with one exit, and the lanes past a
//   partial vector's count left at the first of them (jump-threading, correlated-
//   propagation, simplifycfg, loop-rotate): the form O3 gives that loop;
// - the loops over elements vectorised as their hints ask, then tidied (loop-vectorize,
//   instcombine, simplifycfg).
// For the Maass model the optimised IR is O3's but for attributes (nocapture) and the order
// of commutative operands; a compile runs 11 % fewer instructions and six trials as many
// (callgrind, docs/performance.md). A textual `instcombine` checks that it reached a
// fixpoint in one iteration and aborts the process when not (meant for LLVM's own tests): a
// large cold kernel (the last-step kernel of a fused neuron loop) did not.
constexpr const char* kernelPipeline =
    "ipsccp,function(sroa,early-cse<memssa>,instcombine<no-verify-fixpoint>,simplifycfg,"
    "loop-mssa(licm,loop-rotate,licm),simplifycfg,"
    "instcombine<no-verify-fixpoint>,loop(indvars),gvn,jump-threading,correlated-propagation,"
    "simplifycfg,loop(loop-rotate),loop-vectorize,instcombine<no-verify-fixpoint>,simplifycfg)";

// Cold modules: locals into registers and the obvious simplifications, nothing that costs
// time.
constexpr const char* coldPipeline =
    "function(sroa,early-cse,instcombine<no-verify-fixpoint>,simplifycfg)";

// Hot modules: kernelPipeline, or with `tailored` false the O3 pipeline, for the host CPU.
// Loops are not unrolled (vectorised loops are still interleaved): they run over a few
// hundred elements, and unrolled code cost a fifth of the compile time with no measurable
// gain per trial (benchmarks/jit_benchmark.cpp).
void optimise(llvm::Module& module, llvm::TargetMachine& machine, Heat heat, bool tailored) {
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager cgscc;
  llvm::ModuleAnalysisManager modules;
  llvm::PipelineTuningOptions tuning;
  tuning.LoopUnrolling = false;
  llvm::PassBuilder passes(&machine, tuning);
  passes.registerModuleAnalyses(modules);
  passes.registerCGSCCAnalyses(cgscc);
  passes.registerFunctionAnalyses(functions);
  passes.registerLoopAnalyses(loops);
  passes.crossRegisterProxies(loops, functions, cgscc, modules);
  if (heat != Heat::cold && !tailored) {
    passes.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3).run(module, modules);
    return;
  }
  llvm::ModulePassManager pipeline;
  if (auto error =
          passes.parsePassPipeline(pipeline, heat == Heat::cold ? coldPipeline : kernelPipeline)) {
    throw JitError("the pass pipeline: " + errorText(std::move(error)));
  }
  pipeline.run(module, modules);
}

void compileJob(Job& job, llvm::TargetMachine& machine, const JitOptions& options) {
  // The machine as it was made, whatever the thread's last module left in it. Fast
  // instruction selection (CodeGenOptLevel::None: a cold module, or fastCodeGeneration)
  // turns the machine's FastISel switch on, and LLVM's TargetPassConfig never turns it off:
  // a hot module compiled after a cold one on the same thread was selected by FastISel too
  // (the Maass model's reset kernel 896 bytes of object instead of 888).
  machine.setOptLevel(llvm::CodeGenOptLevel::Default);
  machine.setFastISel(false);
  std::string errors;
  quietDiagnostics(job.module->getContext(), &errors);
  PhaseClock clock;
  const unsigned before = clock.on ? job.module->getInstructionCount() : 0;
  std::string name;
  if (clock.on) {
    for (const llvm::Function& function : *job.module)
      if (!function.isDeclaration()) name += function.getName().str() + " ";
  }
  optimise(*job.module, machine, job.heat, options.tailoredPipeline);
  if (clock.on)
    clock.mark(fmt::format("optimise {}{} ({} -> {} instructions)", name,
                           job.heat == Heat::cold ? "cold" : "hot", before,
                           job.module->getInstructionCount()));
  if (options.keepOptimisedIr) job.optimisedIr = moduleText(*job.module);
  machine.setOptLevel(options.fastCodeGeneration || job.heat == Heat::cold
                          ? llvm::CodeGenOptLevel::None
                          : llvm::CodeGenOptLevel::Default);
  llvm::raw_svector_ostream out(job.object);
  llvm::legacy::PassManager emit;
  if (machine.addPassesToEmitFile(emit, out, nullptr, llvm::CodeGenFileType::ObjectFile)) {
    job.error = "the target cannot emit object code";
    return;
  }
  emit.run(*job.module);
  if (clock.on) clock.mark(fmt::format("codegen {}({} bytes)", name, job.object.size()));
  if (!errors.empty()) job.error = errors;
}

// The cold modules of the cold context linked into the first of them. Each module costs
// about 1 M instructions of code generation setup whatever its size (addPassesToEmitFile,
// the pass managers, the object file; callgrind): the Maass model's 13 cold kernels, most of
// them a few dozen instructions, paid more for that than for their code. The
// cold pipeline runs function passes only, and instruction selection works function by
// function, so each function's machine code does not depend on its neighbours.
// One Linker for all: making one scans the whole destination module (its types), which made
// linking the Maass model's modules cost 0.5 M instructions per module.
void linkColdModules(std::deque<Job>& jobs) {
  std::optional<llvm::Linker> linker;
  for (Job& job : jobs) {
    if (job.heat != Heat::cold || job.context != nullptr) continue;
    if (!linker) {
      linker.emplace(*job.module);
    } else if (linker->linkInModule(std::move(job.module))) {
      throw JitError("linking the cold modules failed");
    }
  }
}

// The host's target machines, kept from one compile to the next, each serving one thread at
// a time (compileJob resets what a module's compile changes in one). Making a machine, and
// the subtarget for the host's features that its first function asks for, cost about 1.6 M
// instructions, three times per compile (callgrind).
class HostMachines {
 public:
  // Never destroyed: at exit, the machines' destructors could run after LLVM's own statics
  // are gone.
  static HostMachines& get() {
    static HostMachines* machines = new HostMachines();
    return *machines;
  }
  const llvm::orc::JITTargetMachineBuilder& builder() const { return builder_; }
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> take() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!free_.empty()) {
        auto machine = std::move(free_.back());
        free_.pop_back();
        return machine;
      }
    }
    llvm::orc::JITTargetMachineBuilder builder = builder_;
    return builder.createTargetMachine();
  }
  void give(std::unique_ptr<llvm::TargetMachine> machine) {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(std::move(machine));
  }

 private:
  HostMachines()
      : builder_(unwrap(llvm::orc::JITTargetMachineBuilder::detectHost(), "detecting the host")) {
    // Strict floating point: the machine code must agree bit for bit with the interpreter.
    builder_.getOptions().AllowFPOpFusion = llvm::FPOpFusion::Strict;
    builder_.setCodeGenOptLevel(llvm::CodeGenOptLevel::Default);
  }
  llvm::orc::JITTargetMachineBuilder builder_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<llvm::TargetMachine>> free_;
};

// A machine of HostMachines for as long as it lives.
class HostMachine {
 public:
  HostMachine() : machine_(HostMachines::get().take()) {}
  HostMachine(const HostMachine&) = delete;
  HostMachine& operator=(const HostMachine&) = delete;
  ~HostMachine() {
    if (machine_)
      HostMachines::get().give(std::move(*machine_));
    else
      llvm::consumeError(machine_.takeError());
  }
  // Null when the machine could not be made (error() says why).
  llvm::TargetMachine* get() { return machine_ ? machine_->get() : nullptr; }
  std::string error() { return machine_ ? std::string() : errorText(machine_.takeError()); }

 private:
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> machine_;
};

// Compiles the plan's modules on the host's cores, each thread with a target machine of its
// own, while the rest of the plan is still being emitted: a hot module is final once emitted
// (no later kernel changes its heat), so it is compiled at once; the others are handed over
// by finish(), costliest first, so that the threads finish together instead of one thread
// starting the largest module when the other has little left (the Maass model's pathway
// kernel, a third of the work, came seventh in plan order). Emitting the Maass model's
// modules took a sixth of its compile with the second core idle.
class CompilePool {
 public:
  explicit CompilePool(const JitOptions& options) : options_(options) {
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned t = 1; t < threads; ++t) workers_.emplace_back([this] { work(); });
  }
  CompilePool(const CompilePool&) = delete;
  CompilePool& operator=(const CompilePool&) = delete;
  // Without finish() (emitting failed): the jobs begun are finished, the others dropped.
  ~CompilePool() {
    close(false);
    for (std::thread& t : workers_) t.join();
  }

  // `job` is final: compiled as soon as a thread is free (it must stay where it is).
  void start(Job& job) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(&job);
    }
    ready_.notify_one();
  }

  // The jobs not started, costliest first (lazy ones only for their optimised IR), on every
  // thread including the caller's; returns when all are compiled, throws the first error.
  void finish(std::deque<Job>& jobs) {
    // The cost of a module: its instructions, a hot one's eight times a cold one's (O3 and the
    // full backend against a light pipeline and fast instruction selection), and what any
    // module costs, even a tiny one (about 2.3 ms of CPU hot, 0.5 ms cold; measured).
    auto cost = [](const Job& job) {
      const std::size_t n = job.module->getInstructionCount();
      return job.heat == Heat::cold ? 100 + n : 500 + 8 * n;
    };
    {
      // The hot modules still queued are sorted with the rest: the first module of the plan
      // need not be the costliest, and a large module started last leaves the other threads
      // idle while it compiles.
      std::lock_guard<std::mutex> lock(mutex_);
      std::vector<std::pair<std::size_t, Job*>> rest;
      for (Job* job : queue_) rest.emplace_back(cost(*job), job);
      for (Job& job : jobs) {
        if (job.started || job.module == nullptr ||
            (job.heat == Heat::lazy && !options_.keepOptimisedIr))
          continue;
        rest.emplace_back(cost(job), &job);
      }
      std::stable_sort(rest.begin(), rest.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first; });
      queue_.clear();
      for (const auto& [cost, job] : rest) queue_.push_back(job);
    }
    close(true);
    work();
    for (std::thread& t : workers_) t.join();
    workers_.clear();
    for (const Job& job : jobs)
      if (!job.error.empty()) throw JitError("compiling the step plan: " + job.error);
  }

 private:
  // No more jobs: the threads end once the queue is empty (or at once, without `drain`).
  void close(bool drain) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
      if (!drain) queue_.clear();
    }
    ready_.notify_all();
  }

  void work() {
    PhaseClock clock;
    HostMachine machine;
    clock.mark("the thread's target machine");
    for (;;) {
      Job* job = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [&] { return closed_ || !queue_.empty(); });
        if (queue_.empty()) return;
        job = queue_.front();
        queue_.pop_front();
      }
      if (machine.get() == nullptr) {
        job->error = "creating a target machine: " + machine.error();
        continue;
      }
      try {
        compileJob(*job, *machine.get(), options_);
      } catch (const std::exception& e) {
        job->error = e.what();
      }
    }
  }

  const JitOptions& options_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job*> queue_;
  bool closed_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace

const CompiledPairRule* CompiledModel::pairRule(const ir::Synapses& synapses) const {
  auto rule = pairRules_.find(synapses.name);
  if (rule == pairRules_.end() || !rule->second.compiledFrom(synapses.connect)) return nullptr;
  return &rule->second;
}

const CompiledPairRule* CompiledModel::delayRule(const ir::Synapses& synapses) const {
  auto rule = delayRules_.find(synapses.name);
  if (rule == delayRules_.end() || !synapses.delay ||
      !rule->second.compiledFromDelay(*synapses.delay))
    return nullptr;
  return &rule->second;
}

const CompiledSynapseInit* CompiledModel::synapseInit(
    const ir::Synapses& synapses, const std::vector<ir::Statement>& statements) const {
  auto init = synapseInitOf_.find(synapses.name);
  if (init == synapseInitOf_.end()) return nullptr;
  const CompiledSynapseInit& compiled = synapseInits_[init->second];
  return compiled.compiledFrom(statements) ? &compiled : nullptr;
}

bool CompiledModel::fits(const ir::Model& model) const {
  return model.plan != nullptr && fingerprint(*model.plan) == planText_;
}

std::unique_ptr<CompiledModel> CompiledModel::compile(const ir::Model& model,
                                                      const JitOptions& options) {
  auto start = std::chrono::steady_clock::now();
  PhaseClock clock;
  if (model.plan == nullptr) throw JitError("the model has no step plan");
  initialiseLlvm();
  clock.mark("initialise LLVM");
  std::unique_ptr<CompiledModel> compiled(new CompiledModel());
  compiled->plan_ = model.plan;
  compiled->planText_ = fingerprint(*model.plan);
  clock.mark("fingerprint");

  const llvm::orc::JITTargetMachineBuilder& machineBuilder = HostMachines::get().builder();
  HostMachine hostMachine;
  if (hostMachine.get() == nullptr)
    throw JitError("creating the target machine: " + hostMachine.error());
  const llvm::TargetMachine* targetMachine = hostMachine.get();
  const std::string cpu = targetMachine->getTargetCPU().str();
  const std::string features = targetMachine->getTargetFeatureString().str();
  const llvm::DataLayout layout = targetMachine->createDataLayout();
  clock.mark("detect the host, target machine");

  // 1. Emit the kernels, each into a module of its own, and keep one per distinct bitcode:
  // operations with the same code share their machine code (with tables of their own).
  // The host's vector width for loops over elements: AVX-512's 8 doubles where it has them
  // (faster than 4 on this project's machine: docs/performance.md), else AVX's 4, else SSE's 2.
  unsigned width = options.vectorWidth;
  if (width == 0) {
    width = features.find("+avx512f") != std::string::npos ? 8
            : features.find("+avx") != std::string::npos   ? 4
                                                           : 2;
  }
  codegen::CodegenOptions codegenOptions{width, features.find("+avx512f") != std::string::npos};
  const ir::StepPlan& plan = *model.plan;
  // The cold modules' context, declared before the jobs so that it outlives their modules.
  llvm::LLVMContext coldContext;
  std::deque<Job> jobs;  // where they are: the compiling threads hold them
  CompilePool pool(options);
  // A module emitted: for the host, and checked.
  const HostTarget host{cpu, features, targetMachine->getTargetTriple().str(), layout};
  auto prepare = [&](llvm::Module& module) { prepareForHost(module, host); };
  // `context` none: a module of the cold context.
  auto add = [&](std::unique_ptr<llvm::LLVMContext> context, std::unique_ptr<llvm::Module> module,
                 Heat heat, std::optional<KernelOrigin> kernel = std::nullopt,
                 std::optional<std::string> bitcode = std::nullopt) {
    prepare(*module);
    // LSMC_DUMP_LLVM=DIR: each module before optimisation, as DIR/NAME.ll (for work on the
    // code generator; `lsmc ir --llvm` prints them optimised).
    if (const char* dump = std::getenv("LSMC_DUMP_LLVM")) {
      std::error_code error;
      llvm::raw_fd_ostream out(fmt::format("{}/module{}.ll", dump, jobs.size()), error);
      if (!error) module->print(out, nullptr);
    }
    jobs.push_back(
        {std::move(context), std::move(module), heat, kernel, std::move(bitcode), {}, {}, {}});
    if (heat == Heat::hot) {
      jobs.back().started = true;
      pool.start(jobs.back());
    }
  };
  std::map<const ir::PlanOp*, codegen::KernelCall> calls;
  // Equal kernels share a job. The structural hash (opcodes, types, constants; not which
  // values the operands are) picks the candidates and the bitcode decides: writing every
  // kernel's bitcode was 60 % of emitting the Maass model's kernels, on the critical path.
  // A candidate's bitcode comes from emitting its kernel again, for its module may be
  // compiling on another thread by then.
  std::multimap<llvm::IRHash, std::size_t> jobsOfHash;
  auto bitcodeOfJob = [&](Job& job) -> const std::string& {
    if (!job.bitcode) {
      auto again =
          codegen::emitKernel(plan, *job.kernel->op, "kernel", codegenOptions, job.kernel->step);
      job.bitcode = again != nullptr ? bitcodeOf(*again->module) : std::string();
    }
    return *job.bitcode;
  };
  const bool runsEndAtRecords =
      std::any_of(model.monitors.begin(), model.monitors.end(),
                  [](const ir::Monitor& m) { return m.kind == ir::Monitor::Kind::state; });
  for (const auto* routine : {&plan.step, &plan.catchUp, &plan.runningSums, &plan.derive}) {
    const Heat heat = routine == &plan.step ? Heat::hot : Heat::cold;
    for (const ir::PlanOp& op : *routine) {
      // The symbol of the kernel of `op` for `step` and its table, a module of its own
      // unless another operation's kernel has the same bitcode.
      using Emitted = std::pair<std::string, std::vector<int>>;
      auto kernelFor = [&](codegen::KernelStep step, Heat heat) -> std::optional<Emitted> {
        auto kernel = codegen::emitKernel(plan, op, "kernel", codegenOptions, step,
                                          heat == Heat::cold ? &coldContext : nullptr);
        if (kernel == nullptr) return std::nullopt;
        const llvm::IRHash hash = llvm::StructuralHash(*kernel->module, true);
        auto [first, last] = jobsOfHash.equal_range(hash);
        std::optional<std::string> bitcode;
        if (first != last) bitcode = bitcodeOf(*kernel->module);
        auto same = std::find_if(first, last, [&](const auto& candidate) {
          return bitcodeOfJob(jobs[candidate.second]) == *bitcode;
        });
        if (same != last) {
          std::string symbol = fmt::format("lsm_kernel{}", same->second);
          Job& job = jobs[same->second];
          // (A hot job may be compiling already: it is never written.)
          if (job.heat != Heat::hot &&
              (heat == Heat::hot || (heat == Heat::lazy && job.heat == Heat::cold))) {
            // A cold module becomes this kernel's, which is in a context of its own.
            if (job.heat == Heat::cold) {
              kernel->module->getFunction("kernel")->setName(symbol);
              prepare(*kernel->module);
              job.module = std::move(kernel->module);
              job.context = std::move(kernel->context);
            }
            if (heat == Heat::hot) {
              job.heat = heat;
              job.started = true;
              pool.start(job);
            } else {
              job.heat = heat;
            }
          }
          return Emitted{symbol, kernel->slots};
        }
        std::string symbol = fmt::format("lsm_kernel{}", jobs.size());
        jobsOfHash.emplace(hash, jobs.size());
        kernel->module->getFunction("kernel")->setName(symbol);
        add(std::move(kernel->context), std::move(kernel->module), heat, KernelOrigin{&op, step},
            std::move(bitcode));
        return Emitted{symbol, kernel->slots};
      };
      auto body = kernelFor(codegen::KernelStep::any, heat);
      if (!body) continue;
      codegen::KernelCall& call = calls[&op];
      std::tie(call.symbol, call.slots) = *body;
      // The kernel that stores the deferred values runs once per run: cold, unless a state
      // monitor ends the runs at its records (Simulation::advance), every step when it
      // records every step: COBAHH's monitor of v ran the cold, scalar neuron update on each
      // of them, 80 % of the simulation's time.
      if (routine == &plan.step && !op.deferredStores.empty()) {
        auto last = kernelFor(codegen::KernelStep::last, runsEndAtRecords ? Heat::hot : Heat::cold);
        if (!last || last->second != call.slots)
          throw JitError("the last-step kernel of " + op.name + " reads another table");
        call.lastStepSymbol = last->first;
      }
      // The fallback runs only in runs where the guard fails (PlanOp::guard), which a model
      // whose assumptions hold never has: compiled when first called.
      if (auto fallback =
              kernelFor(codegen::KernelStep::fallback, heat == Heat::hot ? Heat::lazy : Heat::cold))
        std::tie(call.fallbackSymbol, call.fallbackSlots) = *fallback;
    }
  }
  {
    // In a context of its own, not linked with the other cold modules: the drivers are the
    // largest cold module (the Maass model's: 1 741 instructions, the other cold modules'
    // 1 521), and two cold modules keep both threads busy to the end.
    auto context = std::make_unique<llvm::LLVMContext>();
    auto module = std::make_unique<llvm::Module>("drivers", *context);
    codegen::emitDrivers(plan, calls, *module);
    add(std::move(context), std::move(module), Heat::cold);
  }
  // What the network builder runs, all in one module ("build_time"; most models need none):
  // the connection rules it judges pair by pair (N^2 pairs: the Maass model's
  // distance-dependent p, four rules), the conditions it judges for each target a row drew,
  // delays that differ between synapses and the synapses' per-synapse init statements.
  // Cold (the light pipeline, fast instruction selection): a rule's time is its libm calls
  // (glibc's pow was 37 % of building a distance-dependent sheet) and the draws, which no
  // optimisation changes, and the hot pipeline made compiling the Maass model 9 % dearer
  // (callgrind, CompileMaass/0) where the cold one costs 1 %.
  // Delays that differ between synapses too (the distance between the ends, say): a rule whose
  // p is the delay, evaluated once per synapse. And the synapses' init statements run for
  // each synapse (not hoisted), a block of synapses per call: like the rules, libm calls and
  // draws (each a call back into the builder).
  std::vector<std::pair<std::string, CompiledPairRule>> pairRules;  // synapses name, rule
  std::vector<bool> isDelay;                                        // of each of pairRules
  auto pairRuleSymbol = [](std::size_t k) { return fmt::format("lsm_pair_rule{}", k); };
  // Each function once, for every synapses whose statements have its shape (the Maass
  // model's four pathways differ in constants only: one function, not four).
  std::vector<CompiledSynapseInit> inits;
  std::map<std::string, std::size_t> initOf;  // synapses name -> inits
  auto initSymbol = [](std::size_t k) { return fmt::format("lsm_synapse_init{}", k); };
  {
    auto module = std::make_unique<llvm::Module>("build_time", coldContext);
    for (const ir::Synapses& s : model.synapses) {
      const ir::ConnectRule& connect = s.connect;
      std::optional<CompiledPairRule> rule;
      if (judgedPairByPair(connect)) {
        rule = codegen::emitPairRule(connect.condition, connect.probability, *module,
                                     pairRuleSymbol(pairRules.size()));
      } else if (conditionJudgedPerTarget(connect)) {
        rule = codegen::emitPairRule(connect.condition, std::nullopt, *module,
                                     pairRuleSymbol(pairRules.size()));
      }
      if (rule) {
        pairRules.emplace_back(s.name, std::move(*rule));
        isDelay.push_back(false);
      }
      if (s.delay && !sameForEveryElement(*s.delay)) {
        if (auto delay = codegen::emitPairRule(std::nullopt, s.delay, *module,
                                               pairRuleSymbol(pairRules.size()))) {
          pairRules.emplace_back(s.name, std::move(*delay));
          isDelay.push_back(true);
        }
      }
      const std::vector<ir::Statement> perSynapse = perSynapseStatements(s);
      if (!perSynapse.empty()) {
        auto same = std::find_if(inits.begin(), inits.end(), [&](const CompiledSynapseInit& init) {
          return init.compiledFrom(perSynapse);
        });
        if (same != inits.end()) {
          initOf[s.name] = static_cast<std::size_t>(same - inits.begin());
        } else if (auto init =
                       codegen::emitSynapseInit(perSynapse, s, *module, initSymbol(inits.size()))) {
          initOf[s.name] = inits.size();
          inits.push_back(std::move(*init));
        }
      }
    }
    if (!pairRules.empty() || !inits.empty()) add(nullptr, std::move(module), Heat::cold);
  }

  clock.mark(fmt::format("emit {} modules", jobs.size()));
  linkColdModules(jobs);
  clock.mark("link the cold modules");
  // 2. Optimise and compile the modules not compiled yet, on all cores.
  pool.finish(jobs);
  clock.mark("optimise and compile (all threads)");

  // 3. Link them; the fallbacks are compiled when first called.
  llvm::orc::LLLazyJITBuilder jitBuilder;
  jitBuilder.setJITTargetMachineBuilder(machineBuilder);
  // LSMC_PERF=1: the machine code is announced to perf (jit-PID.dump; `perf inject --jit`),
  // so that profiles name the plan's kernels and drivers.
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
  // Fallbacks may be first called from several threads at once (trials on a pool of
  // simulations): each compile gets a target machine of its own.
  jitBuilder.setCompileFunctionCreator(
      [](llvm::orc::JITTargetMachineBuilder builder)
          -> llvm::Expected<std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>> {
        return std::make_unique<llvm::orc::ConcurrentIRCompiler>(std::move(builder));
      });
  jitBuilder.setLazyCompileFailureAddr(llvm::orc::ExecutorAddr::fromPtr(&fallbackCompileFailed));
  auto jit = unwrap(jitBuilder.create(), "creating the JIT");
  clock.mark("create the LLLazyJIT");
  // A fallback module whole (with its lanes' function), as the eager compile sees it.
  jit->setPartitionFunction(llvm::orc::CompileOnDemandLayer::compileWholeModule);
  auto generator = unwrap(llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
                              jit->getDataLayout().getGlobalPrefix()),
                          "finding libm");
  jit->getMainJITDylib().addGenerator(std::move(generator));
  // The drivers' entry for operations split over a step team (codegen/parallel_kernel.hpp).
  llvm::orc::SymbolMap runtimeEntries;
  runtimeEntries[jit->mangleAndIntern("lsm_parallel_kernel")] = {
      llvm::orc::ExecutorAddr::fromPtr(&lsm_parallel_kernel), llvm::JITSymbolFlags::Exported};
  // `a ** b` (codegen/expression_emitter.hpp, powerFunction).
  runtimeEntries[jit->mangleAndIntern(codegen::powerFunction)] = {
      llvm::orc::ExecutorAddr::fromPtr(&power), llvm::JITSymbolFlags::Exported};
  if (auto error = jit->getMainJITDylib().define(llvm::orc::absoluteSymbols(runtimeEntries))) {
    throw JitError("defining the runtime's entries: " + errorText(std::move(error)));
  }
  jit->getIRTransformLayer().setTransform(
      [machineBuilder, tailored = options.tailoredPipeline](
          llvm::orc::ThreadSafeModule module, const llvm::orc::MaterializationResponsibility&)
          -> llvm::Expected<llvm::orc::ThreadSafeModule> {
        llvm::orc::JITTargetMachineBuilder own = machineBuilder;
        auto machine = own.createTargetMachine();
        if (!machine) return machine.takeError();
        std::string errors;
        module.withModuleDo([&](llvm::Module& m) {
          quietDiagnostics(m.getContext(), &errors);
          optimise(m, **machine, Heat::lazy, tailored);
          quietDiagnostics(m.getContext(), nullptr);  // `errors` ends here
        });
        if (!errors.empty())
          return llvm::make_error<llvm::StringError>(errors, llvm::inconvertibleErrorCode());
        return module;
      });
  for (std::size_t k = 0; k < jobs.size(); ++k) {
    Job& job = jobs[k];
    llvm::Error error = llvm::Error::success();
    if (job.module == nullptr && job.object.empty()) continue;  // linked into another
    if (job.heat == Heat::lazy && job.object.empty()) {
      error = jit->addLazyIRModule(
          llvm::orc::ThreadSafeModule(std::move(job.module), std::move(job.context)));
    } else {
      error = jit->addObjectFile(std::make_unique<llvm::SmallVectorMemoryBuffer>(
          std::move(job.object), fmt::format("lsm_module{}", k), false));
    }
    if (error) throw JitError("adding the compiled plan: " + errorText(std::move(error)));
    compiled->optimisedIr_ += job.optimisedIr;
  }
  llvm::orc::SymbolLookupSet lookups;
  for (const char* driver : {"lsm_run", "lsm_catch_up", "lsm_running_sums", "lsm_derive"})
    lookups.add(jit->mangleAndIntern(driver));
  for (std::size_t k = 0; k < pairRules.size(); ++k)
    lookups.add(jit->mangleAndIntern(pairRuleSymbol(k)));
  for (std::size_t k = 0; k < inits.size(); ++k) lookups.add(jit->mangleAndIntern(initSymbol(k)));
  auto addresses =
      unwrap(jit->getExecutionSession().lookup(
                 llvm::orc::makeJITDylibSearchOrder(&jit->getMainJITDylib()), std::move(lookups)),
             "linking the step plan");
  auto address = [&](const char* symbol) {
    return addresses.at(jit->mangleAndIntern(symbol)).getAddress();
  };
  clock.mark("add the objects and link");
  compiled->run_ = address("lsm_run").toPtr<RunFunction>();
  compiled->catchUp_ = address("lsm_catch_up").toPtr<RoutineFunction>();
  compiled->runningSums_ = address("lsm_running_sums").toPtr<RoutineFunction>();
  compiled->derive_ = address("lsm_derive").toPtr<RoutineFunction>();
  for (std::size_t k = 0; k < pairRules.size(); ++k) {
    auto& [synapses, rule] = pairRules[k];
    rule.row = address(pairRuleSymbol(k).c_str()).toPtr<CompiledPairRule::Row>();
    (isDelay[k] ? compiled->delayRules_ : compiled->pairRules_).emplace(synapses, std::move(rule));
  }
  for (std::size_t k = 0; k < inits.size(); ++k)
    inits[k].block = address(initSymbol(k).c_str()).toPtr<CompiledSynapseInit::Block>();
  compiled->synapseInits_ = std::move(inits);
  compiled->synapseInitOf_ = std::move(initOf);
  compiled->jit_ = std::make_unique<Jit>();
  compiled->jit_->lljit = std::move(jit);
  compiled->jit_->calls = std::move(calls);
  compiled->jit_->host = host;
  compiled->optimiseDriverAfterSteps_ = options.optimiseDriverAfterSteps;
  compiled->compileSeconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return compiled;
}

}  // namespace lsm
