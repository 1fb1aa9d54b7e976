#include "ordered_blocks.hpp"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>

#include "lsm/trials.hpp"

namespace lsm {

void runBlocksInOrder(std::int64_t blocks, int threads,
                      const std::function<void(std::int64_t, int)>& work,
                      const std::function<void(std::int64_t, int)>& commit) {
  std::mutex lock;
  std::condition_variable turn;
  std::int64_t committed = 0;  // blocks [0, committed) are committed; guarded by `lock`
  std::atomic<std::int64_t> failedBlock{std::numeric_limits<std::int64_t>::max()};
  std::exception_ptr failure;  // of failedBlock; guarded by `lock`
  auto fail = [&](std::int64_t block) {
    {
      std::lock_guard<std::mutex> guard(lock);
      if (block < failedBlock) {
        failedBlock = block;
        failure = std::current_exception();
      }
    }
    turn.notify_all();
  };
  // Each block catches its own exceptions: parallelFor would keep the first in time, not the
  // first in block order.
  parallelFor(blocks, threads, [&](std::int64_t block, int worker) {
    if (block > failedBlock) return;
    try {
      work(block, worker);
    } catch (...) {
      fail(block);
      return;
    }
    {
      std::unique_lock<std::mutex> guard(lock);
      // Every earlier block is claimed: it commits, or fails and ends the wait.
      turn.wait(guard, [&] { return committed == block || failedBlock < block; });
      if (failedBlock < block) return;
    }
    // Only the worker whose block is next gets here: the commit needs no lock.
    try {
      commit(block, worker);
    } catch (...) {
      fail(block);
      return;
    }
    {
      std::lock_guard<std::mutex> guard(lock);
      ++committed;
    }
    turn.notify_all();
  });
  if (failure) std::rethrow_exception(failure);
}

void runBlocks(std::int64_t blocks, int threads,
               const std::function<void(std::int64_t, int)>& work) {
  runBlocksInOrder(blocks, threads, work, [](std::int64_t, int) {});
}

}  // namespace lsm
