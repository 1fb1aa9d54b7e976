#include "ordered_blocks.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>
#include <vector>

#include "lsm/trials.hpp"

namespace lsm {

namespace {

// The earliest block that failed and its exception.
class FirstFailure {
 public:
  void record(std::int64_t block) {
    std::lock_guard<std::mutex> guard(lock_);
    if (block < block_) {
      block_ = block;
      failure_ = std::current_exception();
    }
  }
  std::int64_t block() const { return block_; }
  void rethrow() const {
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  std::mutex lock_;
  std::atomic<std::int64_t> block_{std::numeric_limits<std::int64_t>::max()};
  std::exception_ptr failure_;
};

}  // namespace

void runBlocksInOrder(std::int64_t blocks, int threads,
                      const std::function<void(std::int64_t, int)>& work,
                      const std::function<void(std::int64_t)>& commit) {
  const std::int64_t ahead = 4 * static_cast<std::int64_t>(threadCount(threads));
  std::mutex lock;
  std::condition_variable committedMore;
  // Guarded by `lock`: blocks [0, committed) are committed; done[b]: block b's work is done;
  // committing: a worker is committing.
  std::int64_t committed = 0;
  std::vector<char> done(static_cast<std::size_t>(blocks), 0);
  bool committing = false;
  FirstFailure failure;
  // Commits the blocks that are next and done, while there are; with the lock held on entry
  // and on return, without it during each commit (only one worker commits at a time).
  auto commitReady = [&](std::unique_lock<std::mutex>& guard) {
    committing = true;
    while (committed < blocks && done[static_cast<std::size_t>(committed)] &&
           committed < failure.block()) {
      const std::int64_t block = committed;
      guard.unlock();
      bool ok = true;
      try {
        commit(block);
      } catch (...) {
        failure.record(block);
        ok = false;
      }
      guard.lock();
      if (ok) ++committed;
      committedMore.notify_all();
      if (!ok) break;
    }
    committing = false;
  };
  // Each block catches its own exceptions: parallelFor would keep the first in time, not the
  // first in block order.
  parallelFor(blocks, threads, [&](std::int64_t block, int worker) {
    {
      std::unique_lock<std::mutex> guard(lock);
      // Every earlier block is claimed: the commits reach this one, or a failure ends the wait.
      committedMore.wait(guard,
                         [&] { return block < committed + ahead || failure.block() < block; });
    }
    if (block > failure.block()) return;
    try {
      work(block, worker);
    } catch (...) {
      failure.record(block);
      std::lock_guard<std::mutex> guard(lock);
      committedMore.notify_all();
      return;
    }
    std::unique_lock<std::mutex> guard(lock);
    done[static_cast<std::size_t>(block)] = 1;
    if (!committing) commitReady(guard);
  });
  failure.rethrow();
}

void runBlocks(std::int64_t blocks, int threads,
               const std::function<void(std::int64_t, int)>& work) {
  FirstFailure failure;
  parallelFor(blocks, threads, [&](std::int64_t block, int worker) {
    if (block > failure.block()) return;
    try {
      work(block, worker);
    } catch (...) {
      failure.record(block);
    }
  });
  failure.rethrow();
}

std::int64_t runParts(std::int64_t count, int threads, std::int64_t smallest,
                      const std::function<void(std::int64_t, std::int64_t, std::int64_t)>& work) {
  const std::int64_t parts = std::max<std::int64_t>(
      1, std::min<std::int64_t>(threadCount(threads), count / std::max<std::int64_t>(smallest, 1)));
  runBlocks(parts, static_cast<int>(parts), [&](std::int64_t part, int) {
    work(part, count * part / parts, count * (part + 1) / parts);
  });
  return parts;
}

}  // namespace lsm
