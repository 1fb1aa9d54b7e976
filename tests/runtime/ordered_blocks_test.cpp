// runParts: a pass over an array in contiguous parts, one per thread at most, none smaller
// than asked (but for a single part), together covering every item once.
#include "ordered_blocks.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace lsm {
namespace {

// The parts run, by part number.
std::vector<std::pair<std::int64_t, std::int64_t>> partsOf(std::int64_t count, int threads,
                                                           std::int64_t smallest) {
  std::mutex lock;
  std::vector<std::pair<std::int64_t, std::int64_t>> parts(16, {-1, -1});
  const std::int64_t run = runParts(count, threads, smallest,
                                    [&](std::int64_t part, std::int64_t first, std::int64_t last) {
                                      std::lock_guard<std::mutex> guard(lock);
                                      parts.at(static_cast<std::size_t>(part)) = {first, last};
                                    });
  parts.resize(static_cast<std::size_t>(run));
  return parts;
}

TEST(RunParts, ContiguousPartsCoverEveryItemOnce) {
  for (std::int64_t count : {0, 1, 99, 100, 1000, 123457}) {
    for (int threads : {1, 2, 3, 8}) {
      const auto parts = partsOf(count, threads, 100);
      ASSERT_GE(parts.size(), 1u);
      EXPECT_LE(parts.size(), static_cast<std::size_t>(threads)) << count << " " << threads;
      EXPECT_EQ(parts.front().first, 0);
      EXPECT_EQ(parts.back().second, count);
      for (std::size_t p = 1; p < parts.size(); ++p) {
        EXPECT_EQ(parts[p].first, parts[p - 1].second);
      }
      for (const auto& [first, last] : parts) {
        if (parts.size() > 1) EXPECT_GE(last - first, 100) << count << " " << threads;
      }
    }
  }
}

TEST(RunParts, FewItemsMakeOnePart) {
  EXPECT_EQ(partsOf(150, 8, 100).size(), 1u);
  EXPECT_EQ(partsOf(250, 8, 100).size(), 2u);
  EXPECT_EQ(partsOf(100000, 8, 100).size(), 8u);
}

TEST(RunParts, TheFirstPartsErrorIsRethrown) {
  EXPECT_THROW(runParts(1000, 4, 10,
                        [](std::int64_t part, std::int64_t, std::int64_t) {
                          if (part >= 1) throw std::runtime_error("part " + std::to_string(part));
                        }),
               std::runtime_error);
}

}  // namespace
}  // namespace lsm
