#include "short_train_sort.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "host_clones.hpp"

namespace lsm {

// Sorts ascending. A train of the seed's rates has about ten spikes in random order, where
// insertion sort (std::sort's choice below 16) mispredicts a branch at most steps; counting each
// time's rank compares every pair without a branch: 11% less time per train (perf stat). The
// ranks of all times grow together, one time compared against all of them at a time, over a
// whole number of AVX2 vectors (the padding is +infinity, below no time). Equal times would
// share a rank, and then the ranks would sum to less than 0 + 1 + ... + (n - 1): std::sort
// takes those trains (equal doubles are the same time, so the order among them is no matter).
LSM_AVX2_CLONES void sortShortTrain(std::vector<double>& times) {
  constexpr std::size_t longest = 32, lanes = 4;
  const std::size_t n = times.size();
  if (n > longest) {
    std::sort(times.begin(), times.end());
    return;
  }
  if (n < 2) return;
  const std::size_t padded = (n + lanes - 1) / lanes * lanes;
  alignas(32) double unsorted[longest];
  alignas(32) std::int64_t rank[longest];
  std::copy(times.begin(), times.end(), unsorted);
  std::fill(unsorted + n, unsorted + padded, std::numeric_limits<double>::infinity());
  // The first time's comparisons set the ranks (clearing them first was a fifth of the sort:
  // rep stos).
  for (std::size_t i = 0; i < padded; ++i) rank[i] = unsorted[0] < unsorted[i] ? 1 : 0;
  for (std::size_t j = 1; j < n; ++j) {
    const double t = unsorted[j];
    for (std::size_t i = 0; i < padded; ++i) rank[i] += t < unsorted[i] ? 1 : 0;
  }
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += rank[i];
  if (sum != static_cast<std::int64_t>(n * (n - 1) / 2)) {
    std::sort(times.begin(), times.end());
    return;
  }
  for (std::size_t i = 0; i < n; ++i) times[static_cast<std::size_t>(rank[i])] = unsorted[i];
}

}  // namespace lsm
