// The step team's threads and the entry the machine code calls (lsm_parallel_kernel).
#include "lsm/step_team.hpp"

#include <algorithm>
#include <cstring>
#include <system_error>

#include "codegen/parallel_kernel.hpp"

namespace lsm {

namespace {

thread_local StepTeam* current = nullptr;

// How long a waiting thread polls before it sleeps: some 20-60 µs, longer than the driver's
// work between two split operations of a step, far shorter than a scheduler's time slice.
constexpr int spinRounds = 1000;

// The part number of a generation that takes no more parts.
constexpr std::uint64_t closed = 0xffffffffu;

template <typename Ready>
void spinThenWait(const std::atomic<std::uint32_t>& value, std::uint32_t seen, Ready ready) {
  for (int k = 0; k < spinRounds; ++k) {
    if (ready()) return;
#if defined(__x86_64__)
    __builtin_ia32_pause();
#endif
  }
  while (!ready()) value.wait(seen, std::memory_order_acquire);
}

}  // namespace

StepTeam* currentStepTeam() {
  return current;
}
void setCurrentStepTeam(StepTeam* team) {
  current = team;
}

StepTeam::StepTeam(int threads) {
  workers_.reserve(static_cast<std::size_t>(std::max(threads - 1, 0)));
  for (int k = 1; k < threads; ++k) {
    try {
      workers_.emplace_back([this] { serve(); });
    } catch (const std::system_error&) {
      break;  // a thread that cannot be created: the others take its parts
    }
  }
}

StepTeam::~StepTeam() {
  stopping_.store(true, std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  generation_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void StepTeam::run(int parts, const std::function<void(int)>& work) {
  if (workers_.empty()) {
    for (int k = 0; k < parts; ++k) work(k);
    return;
  }
  // The previous job is done (every part taken and finished). A thread may still hold its
  // last ticket, (previous generation, its part count): closing that generation first makes
  // such a ticket fail to take a part even when the thread compares it with the new part
  // count below.
  const std::uint32_t previous = generation_.load(std::memory_order_relaxed);
  next_.store(std::uint64_t{previous} << 32 | closed, std::memory_order_relaxed);
  work_.store(&work, std::memory_order_release);
  parts_.store(static_cast<std::uint32_t>(parts), std::memory_order_release);
  done_.store(0, std::memory_order_relaxed);
  const std::uint32_t generation = previous + 1;
  next_.store(std::uint64_t{generation} << 32, std::memory_order_release);
  generation_.store(generation, std::memory_order_release);
  generation_.notify_all();
  take(generation);
  for (;;) {
    const std::uint32_t done = done_.load(std::memory_order_acquire);
    if (done == static_cast<std::uint32_t>(parts)) break;
    spinThenWait(done_, done, [&] { return done_.load(std::memory_order_acquire) != done; });
  }
}

void StepTeam::take(std::uint32_t generation) {
  std::uint64_t ticket = next_.load(std::memory_order_acquire);
  for (;;) {
    if (static_cast<std::uint32_t>(ticket >> 32) != generation) return;  // another job
    // Read before the part is taken: the job cannot change until the part is done.
    const std::function<void(int)>* work = work_.load(std::memory_order_acquire);
    const std::uint32_t parts = parts_.load(std::memory_order_acquire);
    const auto part = static_cast<std::uint32_t>(ticket);
    if (part >= parts) return;
    if (!next_.compare_exchange_weak(ticket, ticket + 1, std::memory_order_acq_rel,
                                     std::memory_order_acquire))
      continue;
    (*work)(static_cast<int>(part));
    if (done_.fetch_add(1, std::memory_order_acq_rel) + 1 == parts) done_.notify_one();
    ticket = next_.load(std::memory_order_acquire);
  }
}

void StepTeam::serve() {
  std::uint32_t seen = 0;
  for (;;) {
    spinThenWait(generation_, seen,
                 [&] { return generation_.load(std::memory_order_acquire) != seen; });
    seen = generation_.load(std::memory_order_acquire);
    if (stopping_.load(std::memory_order_acquire)) return;
    take(seen);
  }
}

}  // namespace lsm

namespace lsm::codegen {

namespace {

// Part k of `parts` of [begin, end): boundaries on multiples of 8 elements from `begin`
// (whole vectors), the last part ending at `end`.
std::int64_t boundary(std::int64_t begin, std::int64_t end, int k, int parts) {
  if (k >= parts) return end;
  const std::int64_t at = (end - begin) * k / parts;
  return std::min(end, begin + at / 8 * 8);
}

}  // namespace

bool splits(ParallelMode mode, std::int64_t begin, std::int64_t end, std::int64_t count) {
  switch (mode) {
    case ParallelMode::elements:
    case ParallelMode::threshold:
      return end - begin >= minSplitElements;
    case ParallelMode::targets:
      return count >= minSplitEvents;
  }
  return false;
}

}  // namespace lsm::codegen

extern "C" std::int64_t lsm_parallel_kernel(lsm::codegen::KernelFunction kernel, void* const* table,
                                            std::int32_t* list, std::int64_t count, double t,
                                            double dt, std::int64_t begin, std::int64_t end,
                                            std::int64_t mode) {
  using lsm::codegen::ParallelMode;
  const auto how = static_cast<ParallelMode>(mode);
  lsm::StepTeam* team = lsm::currentStepTeam();
  if (team == nullptr || team->threads() == 1 || !lsm::codegen::splits(how, begin, end, count)) {
    return kernel(table, list, count, t, dt, begin, end);
  }
  // Over elements, four parts per thread, so that a thread held up by the machine's other
  // work leaves parts to the others (the parts, and so the results, do not depend on who
  // runs them); by target, one per thread, since each part walks every event (and searches
  // each event's synapses for its share).
  const int parts = how == ParallelMode::targets ? team->threads() : 4 * team->threads();
  // Reused: no allocation per step (the work below captures one pointer, which
  // std::function holds without allocating either).
  // (A reference, which the parts capture: a thread_local named in them would be their
  // thread's own.)
  thread_local std::vector<std::int64_t> reused;
  std::vector<std::int64_t>& found = reused;
  found.assign(static_cast<std::size_t>(parts), 0);
  auto part = [&](int k) {
    const std::int64_t from = lsm::codegen::boundary(begin, end, k, parts);
    const std::int64_t to = lsm::codegen::boundary(begin, end, k + 1, parts);
    if (from >= to) return;
    // A threshold's part lists its spikes where its elements start in the list (it cannot
    // find more than it has elements); the lists are then joined in order.
    std::int32_t* at = how == ParallelMode::threshold ? list + (from - begin) : list;
    found[static_cast<std::size_t>(k)] = kernel(table, at, count, t, dt, from, to);
  };
  team->run(parts, [p = &part](int k) { (*p)(k); });
  if (how != ParallelMode::threshold) return 0;
  std::int64_t total = found[0];
  for (int k = 1; k < parts; ++k) {
    const std::int64_t n = found[static_cast<std::size_t>(k)];
    const std::int64_t from = lsm::codegen::boundary(begin, end, k, parts) - begin;
    if (n > 0 && from != total)
      std::memmove(list + total, list + from, static_cast<std::size_t>(n) * sizeof(std::int32_t));
    total += n;
  }
  return total;
}
