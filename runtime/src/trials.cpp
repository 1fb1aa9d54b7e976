#include "lsm/trials.hpp"

#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace lsm {

int threadCount(int requested) {
  if (requested > 0) return requested;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

void parallelFor(std::int64_t count, int threads,
                 const std::function<void(std::int64_t, int)>& work) {
  threads = static_cast<int>(
      std::min<std::int64_t>(threadCount(threads), std::max<std::int64_t>(count, 1)));
  std::atomic<std::int64_t> next{0};
  std::exception_ptr failure;
  std::mutex failureLock;
  auto worker = [&](int id) {
    try {
      for (std::int64_t k = next++; k < count; k = next++) work(k, id);
    } catch (...) {
      std::lock_guard<std::mutex> lock(failureLock);
      if (!failure) failure = std::current_exception();
      next = count;
    }
  };
  std::vector<std::thread> pool;
  // A thread that cannot be created (too many asked for, or a process limit) leaves its share
  // to the others: which thread runs k changes no result. Without this, the exception left
  // the threads already made joinable and std::terminate ended the program.
  for (int t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(worker, t);
    } catch (const std::system_error&) {
      break;
    }
  }
  worker(0);
  for (auto& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
}

void runTrials(const NetworkInstance& network, std::shared_ptr<const CompiledModel> compiled,
               std::int64_t count, const std::function<void(std::int64_t, Simulation&)>& trial,
               int threads) {
  threads = threadCount(threads);
  // One simulation per worker, made on its first trial.
  std::vector<std::unique_ptr<Simulation>> simulations(static_cast<std::size_t>(threads));
  parallelFor(count, threads, [&](std::int64_t k, int worker) {
    auto& own = simulations[static_cast<std::size_t>(worker)];
    if (own == nullptr) own = std::make_unique<Simulation>(network, compiled);
    trial(k, *own);
  });
}

}  // namespace lsm
