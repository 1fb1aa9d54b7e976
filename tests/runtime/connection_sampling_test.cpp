// Connection sampling: rows drawn with geometric jumps keep each target with the rule's
// probability, boundaries included, and networks built that way have the statistics of the
// pair-by-pair draws they replace.
#include "connection_sampling.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "compile_text.hpp"
#include "lsm/network.hpp"

namespace lsm {
namespace {

std::vector<std::int64_t> row(double p, std::int64_t n, std::uint64_t element) {
  RandomStream stream(7, "test-row", element);
  std::vector<std::int64_t> kept;
  sampleRow(p, n, stream, [&](std::int64_t j) { kept.push_back(j); });
  return kept;
}

// |count - n p| within five standard deviations of a binomial count.
void expectBinomial(double count, double n, double p, const std::string& what) {
  EXPECT_NEAR(count, n * p, 5 * std::sqrt(n * p * (1 - p)) + 1e-9) << what;
}

TEST(SampleRow, ProbabilitiesZeroAndOneKeepNoneAndAll) {
  EXPECT_TRUE(row(0.0, 1000, 0).empty());
  std::vector<std::int64_t> all = row(1.0, 1000, 0);
  ASSERT_EQ(all.size(), 1000u);
  for (std::int64_t j = 0; j < 1000; ++j) EXPECT_EQ(all[static_cast<std::size_t>(j)], j);
  EXPECT_TRUE(row(0.5, 0, 0).empty());
  EXPECT_TRUE(row(1e-300, 1000000, 0).empty());  // a gap beyond any integer type
}

TEST(SampleRow, KeepsEachTargetWithTheProbability) {
  const std::int64_t n = 200000;
  const double p = 0.05;
  std::vector<std::int64_t> kept = row(p, n, 1);
  expectBinomial(static_cast<double>(kept.size()), n, p, "kept of one long row");
  for (std::size_t k = 1; k < kept.size(); ++k) ASSERT_LT(kept[k - 1], kept[k]);
  ASSERT_FALSE(kept.empty());
  EXPECT_GE(kept.front(), 0);
  EXPECT_LT(kept.back(), n);
  // Gaps of one (neighbours both kept) are as frequent as p says.
  double neighbours = 0;
  for (std::size_t k = 1; k < kept.size(); ++k) neighbours += kept[k] - kept[k - 1] == 1;
  expectBinomial(neighbours, static_cast<double>(kept.size() - 1), p, "gaps of one");
}

// The first and the last target are kept as often as any other (an off-by-one in the jumps
// would keep one of them never or always).
TEST(SampleRow, EveryPositionIsKeptEquallyOften) {
  const std::int64_t n = 10;
  const double p = 0.3;
  const int rows = 20000;
  std::map<std::int64_t, double> counts;
  for (int r = 0; r < rows; ++r) {
    for (std::int64_t j : row(p, n, static_cast<std::uint64_t>(r))) ++counts[j];
  }
  ASSERT_EQ(counts.size(), static_cast<std::size_t>(n));
  for (const auto& [j, count] : counts) expectBinomial(count, rows, p, "j=" + std::to_string(j));
}

// The row drawn one gap after the other, as sampleRow did before it drew gaps in chunks.
std::vector<std::int64_t> rowGapByGap(double p, std::int64_t n, std::uint64_t element) {
  RandomStream stream(7, "test-row", element);
  std::vector<std::int64_t> kept;
  const double logOfMiss = std::log1p(-p);
  for (std::int64_t j = -1;;) {
    const double q = std::log(1.0 - stream.uniform()) / logOfMiss;
    if (!(q < static_cast<double>(n - 1 - j))) break;
    j += static_cast<std::int64_t>(q) + 1;
    kept.push_back(j);
  }
  return kept;
}

// Also where the gaps' vectorised log differs from glibc's (about one draw in 14): the gaps
// are the same. p = 80/256000 is CUBA's at 256 000 neurons.
TEST(SampleRow, ChunksOfGapsKeepTheTargetsOfOneGapAfterTheOther) {
  for (double p : {0.9999, 0.5, 0.3, 0.02, 1e-3, 80.0 / 256000, 1e-6}) {
    for (std::int64_t n : {1, 2, 15, 16, 17, 100, 1000, 256000}) {
      for (std::uint64_t element = 0; element < 20; ++element) {
        ASSERT_EQ(row(p, n, element), rowGapByGap(p, n, element))
            << "p=" << p << " n=" << n << " row " << element;
      }
    }
  }
}

// The gaps' uniforms, drawn several blocks at a time, are those of one call after the other,
// from any point of the stream, and the stream goes on from where they end.
TEST(RandomStream, UniformsDrawWhatUniformDraws) {
  for (int before = 0; before < 3; ++before) {
    for (int count = 0; count < 40; ++count) {
      RandomStream batch(3, "uniforms test", 9), single(3, "uniforms test", 9);
      for (int k = 0; k < before; ++k) ASSERT_EQ(batch.uniform(), single.uniform());
      std::vector<double> values(static_cast<std::size_t>(count));
      batch.uniforms(values.data(), count);
      for (double value : values) ASSERT_EQ(value, single.uniform()) << before << " " << count;
      for (int k = 0; k < 3; ++k) ASSERT_EQ(batch.uniform(), single.uniform());
    }
  }
}

TEST(SampleRow, TheSameStreamDrawsTheSameRow) {
  EXPECT_EQ(row(0.1, 5000, 3), row(0.1, 5000, 3));
  EXPECT_NE(row(0.1, 5000, 3), row(0.1, 5000, 4));
}

TEST(VariesWithTarget, TargetVariablesJAndRandomDraws) {
  auto probabilityOf = [](const std::string& connect) {
    auto compiled = test::compileText(std::string(test::lifGroup) +
                                      "synapses S(neurons -> neurons) {\n    on_pre: v += 1 mV\n"
                                      "    connect: " +
                                      connect + "\n}\n");
    EXPECT_TRUE(compiled.ok()) << compiled.diagnostics;
    return *compiled.model().synapses.at(0).connect.probability;
  };
  EXPECT_FALSE(variesWithTarget(probabilityOf("p = 0.1")));
  EXPECT_FALSE(variesWithTarget(probabilityOf("p = 0.5*exp(-i/N_pre)")));
  EXPECT_FALSE(variesWithTarget(probabilityOf("p = clip(v_pre/(-50 mV), 0, 1)")));
  EXPECT_TRUE(variesWithTarget(probabilityOf("p = 0.5*exp(-abs(i - j)/N_post)")));
  EXPECT_TRUE(variesWithTarget(probabilityOf("p = clip(v_post/(-50 mV), 0, 1)")));
  EXPECT_TRUE(variesWithTarget(probabilityOf("p = 0.2*rand()")));
}

// The network a row rule draws against the one a per-pair rule of the same probability
// draws (`+ 0*j` keeps the latter per pair): the same counts per row, within the binomial
// spread, the condition respected.
NetworkInstance build(const std::string& connect, std::int64_t size) {
  std::string text = "group P(" + std::to_string(size) +
                     ") {\n    equations {\n        v : 1\n    }\n}\n"
                     "synapses S(P -> P) {\n    on_pre: v += 1\n    connect: " +
                     connect + "\n}\n";
  auto compiled = test::compileText(text);
  EXPECT_TRUE(compiled.ok()) << compiled.diagnostics;
  auto model = std::make_shared<const ir::Model>(compiled.model());
  return buildNetwork(model, {.seed = 11});
}

TEST(ConnectionSampling, RowRulesHaveThePairRulesStatistics) {
  const std::int64_t n = 400;
  for (const char* connect :
       {"condition = i < 100, p = 0.1", "condition = i < 100, p = 0.1 + 0*j"}) {
    NetworkInstance network = build(connect, n);
    const Connectivity& c = *network.connectivity.at("S");
    expectBinomial(static_cast<double>(c.pre.size()), 100.0 * n, 0.1, connect);
    for (std::int32_t pre : c.pre) ASSERT_LT(pre, 100) << connect;
    for (std::int32_t post : c.post) ASSERT_LT(post, n) << connect;
  }
}

TEST(ConnectionSampling, ConditionsOnTheTargetAreJudgedForTheKeptTargets) {
  const std::int64_t n = 300;
  NetworkInstance network = build("condition = i != j, p = 0.5", n);
  const Connectivity& c = *network.connectivity.at("S");
  for (std::size_t k = 0; k < c.pre.size(); ++k) ASSERT_NE(c.pre[k], c.post[k]);
  expectBinomial(static_cast<double>(c.pre.size()), static_cast<double>(n * (n - 1)), 0.5,
                 "without autapses");
  // Synapses come in row order, targets ascending within a row (what Brian2's sample() gives).
  for (std::size_t k = 1; k < c.pre.size(); ++k) {
    ASSERT_TRUE(c.pre[k - 1] < c.pre[k] || (c.pre[k - 1] == c.pre[k] && c.post[k - 1] < c.post[k]));
  }
}

TEST(ConnectionSampling, AProbabilityOutsideZeroToOneNamesTheRow) {
  try {
    build("p = 1.5 - i/N_pre", 10);
    FAIL() << "no error";
  } catch (const BuildError& error) {
    EXPECT_NE(std::string(error.what()).find("the connection probability is 1.5 for i=0"),
              std::string::npos)
        << error.what();
  }
}

// A probability the same for every pair is evaluated once, and still judged for each row: the
// error names the first row whose condition holds, and with a condition on the target the
// first pair judged (i=0, j=0, as when the probability was evaluated for each).
TEST(ConnectionSampling, AConstantProbabilityOutsideZeroToOneNamesTheFirstRowThatDrawsIt) {
  for (const auto& [connect, where] :
       {std::pair{"condition = i >= 4, p = 15.0/N_pre", "is 1.5 for i=4, j=0"},
        std::pair{"condition = i >= 4 and j > 2, p = 15.0/N_pre", "is 1.5 for i=0, j=0"}}) {
    try {
      build(connect, 10);
      ADD_FAILURE() << connect << ": no error";
    } catch (const BuildError& error) {
      EXPECT_NE(std::string(error.what()).find(std::string("the connection probability ") + where),
                std::string::npos)
          << connect << ": " << error.what();
    }
  }
}

using Pairs = std::vector<std::pair<std::int32_t, std::int32_t>>;
Pairs pairsOf(const NetworkInstance& network) {
  const Connectivity& c = *network.connectivity.at("S");
  Pairs out;
  for (std::size_t k = 0; k < c.pre.size(); ++k) out.emplace_back(c.pre[k], c.post[k]);
  return out;
}

std::string buildError(const std::string& connect, std::int64_t size) {
  try {
    build(connect, size);
  } catch (const BuildError& error) {
    return error.what();
  }
  return "no error";
}

TEST(ConnectForms, ATargetPerSourceElement) {
  EXPECT_EQ(pairsOf(build("j = (i + 1) % N_post", 4)), (Pairs{{0, 1}, {1, 2}, {2, 3}, {3, 0}}));
  EXPECT_EQ(pairsOf(build("j = i + 1, skip_if_invalid = true", 4)),
            (Pairs{{0, 1}, {1, 2}, {2, 3}}));
  EXPECT_EQ(buildError("j = i + 1", 4),
            "synapses 'S': i=3 connects to j=4, outside 'P' (4 elements); skip such targets "
            "with skip_if_invalid = true");
}

TEST(ConnectForms, RangesWithConditionsAndSteps) {
  // The condition rules out targets beyond the population before they are judged invalid
  // (it does not read their variables), as in Brian2.
  EXPECT_EQ(pairsOf(build("j = k for k in range(i - 1, i + 2) if k != i and k >= 0 and "
                          "k < N_post",
                          3)),
            (Pairs{{0, 1}, {1, 0}, {1, 2}, {2, 1}}));
  EXPECT_EQ(
      pairsOf(build("j = k for k in range(i - 1, i + 2) if k != i, skip_if_invalid = true", 3)),
      (Pairs{{0, 1}, {1, 0}, {1, 2}, {2, 1}}));
  EXPECT_EQ(pairsOf(build("j = k for k in range(N_post - 1, -1, -2) if i == 0", 5)),
            (Pairs{{0, 4}, {0, 2}, {0, 0}}));
  EXPECT_NE(buildError("j = k for k in range(i - 1, i + 2) if k != i", 3)
                .find("i=0 connects to "
                      "j=-1"),
            std::string::npos);
  EXPECT_NE(buildError("j = k for k in range(0, 3, i - i)", 3).find("the range's step is 0"),
            std::string::npos);
}

TEST(ConnectForms, SamplesKeepEachTargetOfTheRangeWithP) {
  const std::int64_t n = 400;
  NetworkInstance network = build("j = k for k in sample(i, N_post, p=0.2)", n);
  for (const auto& [pre, post] : pairsOf(network)) ASSERT_GE(post, pre);
  expectBinomial(static_cast<double>(pairsOf(network).size()), n * (n + 1) / 2.0, 0.2,
                 "targets j >= i");
}

TEST(ConnectForms, ExplicitPairsAndSynapsesPerPair) {
  EXPECT_EQ(pairsOf(build("i = [0, 2, 2], j = [1, 0, 2]", 3)), (Pairs{{0, 1}, {2, 0}, {2, 2}}));
  EXPECT_EQ(pairsOf(build("i = [0, 2], j = [1, 0], n = i + 1", 3)),
            (Pairs{{0, 1}, {2, 0}, {2, 0}, {2, 0}}));
  EXPECT_EQ(pairsOf(build("j = i, n = 2", 2)), (Pairs{{0, 0}, {0, 0}, {1, 1}, {1, 1}}));
  EXPECT_EQ(pairsOf(build("i = [0, 5], j = [1, 1], skip_if_invalid = true", 3)), (Pairs{{0, 1}}));
  EXPECT_NE(buildError("i = [0, 5], j = [1, 1]", 3).find("the pair 1 (i=5, j=1) is outside"),
            std::string::npos);
  EXPECT_NE(buildError("j = i, n = i - 1", 2).find("n is -1 for i=0, j=0"), std::string::npos);
}

}  // namespace
}  // namespace lsm
