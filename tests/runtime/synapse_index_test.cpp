// The index of synapses by one of their ends against the one a single pass in synapse order
// makes: for sorted ends (one pass finds the order and the begins, and the synapse numbers are
// the identity, stored as none) with elements that have no synapse at the start, in the middle
// and at the end, for unsorted ends (the counting sort), and on one and several threads.
#include "synapse_index.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

#include "lsm/random.hpp"

namespace lsm {
namespace {

struct Index {
  std::vector<std::int64_t> begin;
  std::vector<std::int32_t> synapses;
};

Index singlePass(const std::vector<std::int32_t>& ends, std::int64_t start, std::int64_t size) {
  Index index;
  std::vector<std::vector<std::int32_t>> of(static_cast<std::size_t>(size));
  for (std::size_t k = 0; k < ends.size(); ++k)
    of[static_cast<std::size_t>(ends[k] - start)].push_back(static_cast<std::int32_t>(k));
  index.begin.push_back(0);
  for (const auto& synapses : of) {
    index.synapses.insert(index.synapses.end(), synapses.begin(), synapses.end());
    index.begin.push_back(static_cast<std::int64_t>(index.synapses.size()));
  }
  return index;
}

// `identity`: whether the index is to come as the identity (no synapse numbers stored).
void expectIndex(const std::vector<std::int32_t>& ends, std::int64_t start, std::int64_t size,
                 const std::string& what, bool identity) {
  const Index expected = singlePass(ends, start, size);
  for (int threads : {1, 2, 3, 8}) {
    Index index;
    index.synapses = {7, 7};  // what was there before is not kept
    indexSynapses(ends, start, size, index.begin, index.synapses, threads);
    EXPECT_EQ(index.begin, expected.begin) << what << " on " << threads << " threads";
    EXPECT_EQ(index.synapses.empty(), identity) << what << " on " << threads << " threads";
    if (identity) {  // written out, to compare
      index.synapses.resize(ends.size());
      std::iota(index.synapses.begin(), index.synapses.end(), 0);
    }
    EXPECT_EQ(index.synapses, expected.synapses) << what << " on " << threads << " threads";
  }
}

// About `perElement` synapses for each element in [start + 10, start + size - 10) but those
// that are a multiple of 7 (none), in element order: several parts of the pass.
std::vector<std::int32_t> sortedEnds(std::int64_t start, std::int64_t size, int perElement) {
  RandomStream random(5, "index test", 0);
  std::vector<std::int32_t> ends;
  for (std::int64_t e = 10; e < size - 10; ++e) {
    if (e % 7 == 0) continue;
    const auto count = static_cast<int>(random.below(2 * static_cast<std::uint64_t>(perElement)));
    for (int k = 0; k < count; ++k) ends.push_back(static_cast<std::int32_t>(start + e));
  }
  return ends;
}

TEST(SynapseIndex, SortedEndsWithElementsWithoutSynapses) {
  const std::vector<std::int32_t> ends = sortedEnds(100, 5000, 80);
  ASSERT_GT(ends.size(), 300000u);  // more than four parts of the pass
  expectIndex(ends, 100, 5000, "sorted", true);
  expectIndex(sortedEnds(0, 40, 3), 0, 40, "sorted, one part", true);
  expectIndex({}, 3, 20, "no synapses", true);
  expectIndex({}, 0, 0, "no elements", true);
  expectIndex({4, 4, 4}, 0, 5, "one element's", true);
}

TEST(SynapseIndex, UnsortedEnds) {
  std::vector<std::int32_t> ends = sortedEnds(100, 2000, 80);
  ASSERT_GT(ends.size(), 2u << 16);  // more than two parts of the counting sort
  RandomStream random(6, "index test", 0);
  for (std::size_t k = ends.size() - 1; k > 0; --k)
    std::swap(ends[k], ends[static_cast<std::size_t>(random.below(k + 1))]);
  expectIndex(ends, 100, 2000, "shuffled", false);
  std::vector<std::int32_t> oneOut = sortedEnds(0, 3000, 60);
  std::swap(oneOut[oneOut.size() / 2], oneOut.back());  // sorted but for two synapses
  expectIndex(oneOut, 0, 3000, "two swapped", false);
}

}  // namespace
}  // namespace lsm
