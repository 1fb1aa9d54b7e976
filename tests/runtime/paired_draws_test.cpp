// Two streams' random numbers computed together (philoxBlocksOfTwo, RandomStream::uniformsBeside,
// PoissonTrainDraws::drawBeside) are the numbers each stream draws alone.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "lsm/poisson_train.hpp"
#include "lsm/random.hpp"
#include "philox_blocks.hpp"

namespace lsm {
namespace {

TEST(PhiloxBlocksOfTwo, EachHalfIsTheStreamsOwnBlocks) {
  const std::uint32_t key[2] = {0x12345678u, 0x9abcdef0u}, otherKey[2] = {7u, 0xfffffff0u};
  // The second counter starts 2 before the first word wraps.
  const std::uint32_t counter[4] = {5u, 1u, 2u, 3u}, otherCounter[4] = {0xfffffffeu, 9u, 0u, 4u};
  std::uint32_t alone[4 * philoxBatch], otherAlone[4 * philoxBatch];
  philoxBlocks(key, counter, alone);
  philoxBlocks(otherKey, otherCounter, otherAlone);
  std::uint32_t together[4 * philoxHalfBatch], otherTogether[4 * philoxHalfBatch];
  philoxBlocksOfTwo(key, counter, otherKey, otherCounter, together, otherTogether);
  for (int w = 0; w < 4 * philoxHalfBatch; ++w) {
    EXPECT_EQ(together[w], alone[w]) << w;
    EXPECT_EQ(otherTogether[w], otherAlone[w]) << w;
  }
}

TEST(UniformsOfBlocks, AreTheUniformsOfTheWords) {
  // Words with every top bit pattern the conversion splits: all ones, the bit at 32 + 11 alone,
  // the lowest kept bit alone, random ones.
  std::vector<std::uint32_t> words = {0xffffffffu, 0xffffffffu, 0u,          0x800u,
                                      0u,          0x800u,      0x80000000u, 0u};
  RandomStream random(1, "uniforms of blocks", 0);
  for (int k = 0; k < 4 * 8; ++k)
    words.push_back(static_cast<std::uint32_t>(random.below(std::uint64_t{1} << 32)));
  const int blocks = static_cast<int>(words.size() / 4);
  std::vector<double> values(static_cast<std::size_t>(2 * blocks));
  uniformsOfBlocks(words.data(), blocks, values.data());
  for (int b = 0; b < blocks; ++b) {
    const std::uint32_t* block = &words[static_cast<std::size_t>(4 * b)];
    EXPECT_EQ(values[static_cast<std::size_t>(2 * b)], toUniform(block[2], block[3])) << b;
    EXPECT_EQ(values[static_cast<std::size_t>(2 * b + 1)], toUniform(block[0], block[1])) << b;
  }
  EXPECT_EQ(values[1], 1 - 0x1.0p-53);  // block 0, words 0 and 1: all ones
}

// From the start of the streams or after a uniform of one of them, for counts that end inside a
// half batch, on one, or beyond it; and both streams go on where they left off.
TEST(RandomStream, UniformsBesideDrawWhatUniformDraws) {
  for (int before = 0; before < 2; ++before) {
    for (int count = 0; count < 41; ++count) {
      RandomStream a(3, "beside a", 9), b(3, "beside b", 9);
      RandomStream aloneA(3, "beside a", 9), aloneB(3, "beside b", 9);
      for (int k = 0; k < before; ++k) ASSERT_EQ(a.uniform(), aloneA.uniform());
      std::vector<double> values(static_cast<std::size_t>(count)), other(values.size());
      a.uniformsBeside(b, values.data(), other.data(), count);
      for (std::size_t k = 0; k < values.size(); ++k) {
        ASSERT_EQ(values[k], aloneA.uniform()) << before << " " << count << " " << k;
        ASSERT_EQ(other[k], aloneB.uniform()) << before << " " << count << " " << k;
      }
      for (int k = 0; k < 3; ++k) {
        ASSERT_EQ(a.uniform(), aloneA.uniform());
        ASSERT_EQ(b.uniform(), aloneB.uniform());
      }
    }
  }
}

// The Maass model's trains (about 21 uniforms each, drawn beside each other in 24), short ones
// (fewer than a half batch), long ones (well beyond the 64 drawn beside), trains redrawn for two
// spikes in one step (50 spikes in 500 steps), and two different rates.
TEST(PoissonTrainDraws, DrawBesideDrawsWhatDrawDraws) {
  struct Case {
    double rate, otherRate, duration, dt;
  };
  for (const Case& c : {Case{20, 20, 0.5, 1e-4}, Case{2, 2, 0.5, 1e-4}, Case{200, 200, 0.5, 1e-4},
                        Case{100, 100, 0.5, 1e-3}, Case{5, 80, 0.5, 1e-4}}) {
    const PoissonTrainDraws u(c.rate, c.duration, c.dt, 2002, "input u");
    const PoissonTrainDraws v(c.otherRate, c.duration, c.dt, 2002, "input v");
    std::vector<double> a, b, aloneA, aloneB;
    for (std::uint64_t index = 0; index < 300; ++index) {
      u.drawBeside(v, index, a, b);
      u.draw(aloneA, index);
      v.draw(aloneB, index);
      ASSERT_EQ(a, aloneA) << c.rate << " " << index;
      ASSERT_EQ(b, aloneB) << c.otherRate << " " << index;
    }
  }
}

}  // namespace
}  // namespace lsm
