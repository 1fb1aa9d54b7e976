// Threads that share the operations of one step of one simulation (`lsmc run --threads`): the
// machine code of the plan calls lsm_parallel_kernel for an operation over many elements, and
// the team runs the kernel on consecutive ranges of them (codegen/parallel_kernel.hpp). Every
// range computes what one thread computes for those elements, in the same order, so the
// results are the same for any number of threads (codegen::split says which operations split
// and how).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

namespace lsm {

class StepTeam {
 public:
  // `threads` in all, the caller included (1: no other thread); fewer when the system
  // cannot create that many (threads() says how many there are).
  explicit StepTeam(int threads);
  ~StepTeam();
  StepTeam(const StepTeam&) = delete;
  StepTeam& operator=(const StepTeam&) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }

  // work(part) once for each part in [0, parts), on whichever thread takes it first (the
  // calling thread takes parts too); returns when all are done. A thread that the machine's
  // other work keeps from running leaves its parts to the others instead of holding up the
  // step. Waiting threads spin briefly before they sleep: a step's operations follow each
  // other within microseconds.
  void run(int parts, const std::function<void(int)>& work);

 private:
  void serve();
  void take(std::uint32_t generation);  // parts of that job, while there are any

  std::vector<std::thread> workers_;
  // The current job: its work and number of parts, and (generation << 32 | next part), which
  // a thread advances to take a part of that job and no other.
  std::atomic<const std::function<void(int)>*> work_{nullptr};
  std::atomic<std::uint32_t> parts_{0};
  std::atomic<std::uint64_t> next_{0};
  std::atomic<std::uint32_t> generation_{0};  // a new job for the workers
  std::atomic<std::uint32_t> done_{0};        // parts of the current job done
  std::atomic<bool> stopping_{false};
};

// The team the machine code of the calling thread uses while it runs a plan
// (CompiledModel::run sets it), or none: every operation on the calling thread.
StepTeam* currentStepTeam();
void setCurrentStepTeam(StepTeam* team);

}  // namespace lsm
