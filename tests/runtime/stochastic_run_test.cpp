// Random numbers in a step and white noise, run: the Ornstein–Uhlenbeck process's mean and
// variance over many elements against the analytic values for each stochastic method;
// rand() uniform (Kolmogorov–Smirnov) and independent between elements, steps and trials;
// Poisson neurons (rand() in a threshold) with their rate and Fano factor; the JIT equal to
// the interpreter bit for bit; the same spikes for 1, 2 and 8 threads. Fixed seeds; each
// tolerance says what it allows.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <span>

#include "compile_text.hpp"
#include "lsm/simulation.hpp"
#include "lsm/trials.hpp"

namespace lsm {
namespace {

std::shared_ptr<const ir::Model> compileModel(const std::string& text) {
  auto c = test::compileText(text);
  if (!c.ok()) throw std::runtime_error(c.diagnostics);
  return std::make_shared<const ir::Model>(std::move(*c.result.model));
}

double mean(std::span<const double> x) {
  double s = 0;
  for (double v : x) s += v;
  return s / static_cast<double>(x.size());
}

double variance(std::span<const double> x) {
  const double m = mean(x);
  double s = 0;
  for (double v : x) s += (v - m) * (v - m);
  return s / static_cast<double>(x.size() - 1);
}

// The Kolmogorov–Smirnov statistic of a sample against the uniform distribution on [0, 1).
double ksUniform(std::span<const double> values) {
  std::vector<double> x(values.begin(), values.end());
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double d = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    d = std::max(
        d, std::max(static_cast<double>(k + 1) / n - x[k], x[k] - static_cast<double>(k) / n));
  }
  return d;
}

// The correlation coefficient of two samples.
double correlation(std::span<const double> a, std::span<const double> b) {
  const double ma = mean(a), mb = mean(b);
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    sab += (a[k] - ma) * (b[k] - mb);
    saa += (a[k] - ma) * (a[k] - ma);
    sbb += (b[k] - mb) * (b[k] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

// ---------------------------------------------------------------- Ornstein–Uhlenbeck
// dx/dt = -x/tau + sigma sqrt(2/tau) xi from x = 1: mean e^{-t/tau}, variance
// sigma^2 (1 - e^{-2t/tau}) (for the exact process; the methods' own bias at dt/tau = 0.01 is
// about 1 % of the variance, Euler–Maruyama's sigma^2 (1 - (1 - dt/tau)^(2n)) / (1 - dt/2tau)).
const char* const ouModel = R"(
group ou(20000) {
    equations {
        dx/dt = -x/(10 ms) + sqrt(2/(10 ms))*xi : 1
    }
    method: METHOD
    init {
        x = 1
    }
}
experiment {
    dt: 0.1 ms
    duration: 20 ms
}
)";

void expectOrnsteinUhlenbeck(const std::string& method) {
  std::string text = ouModel;
  text.replace(text.find("METHOD"), 6, method);
  auto model = compileModel(text);
  NetworkInstance network = buildNetwork(model, {.seed = 7});
  Simulation simulation(network, CompiledModel::compile(*model));
  simulation.startTrial(0);
  simulation.run(200);  // 20 ms = 2 tau
  const VariableArray& x = simulation.state().groups.at("ou").arrays.at("x");
  const double n = static_cast<double>(x.size());
  const double expectedMean = std::exp(-2.0), expectedVariance = 1 - std::exp(-4.0);
  // 4 standard errors of the sample mean and variance (sd of a sample variance of a normal
  // population: var sqrt(2/(n-1))), plus 1.5 % of the variance for the discretisation bias.
  EXPECT_NEAR(mean(x), expectedMean, 4 * std::sqrt(expectedVariance / n)) << method;
  EXPECT_NEAR(variance(x), expectedVariance,
              4 * expectedVariance * std::sqrt(2 / (n - 1)) + 0.015 * expectedVariance)
      << method;
  std::printf("%s: mean %.4f (%.4f), variance %.4f (%.4f)\n", method.c_str(), mean(x), expectedMean,
              variance(x), expectedVariance);
}

// A trial with noise stays vectorised: the update's kernel draws eight normals at once (the
// Philox rounds on <8 x i64>, the Box-Muller arithmetic on <8 x double>).
TEST(Stochastic, NoisyUpdateIsVectorised) {
  std::string text = ouModel;
  text.replace(text.find("METHOD"), 6, "euler");
  auto model = compileModel(text);
  auto compiled = CompiledModel::compile(*model, {.keepOptimisedIr = true, .vectorWidth = 8});
  const std::string& ir = compiled->optimisedIr();
  const bool vectorMultiply = ir.find("mul <8 x i64>") != std::string::npos ||
                              ir.find("mul nuw <8 x i64>") != std::string::npos;
  EXPECT_TRUE(vectorMultiply);
  EXPECT_NE(ir.find("<8 x double>"), std::string::npos);
}

TEST(Stochastic, OrnsteinUhlenbeckEuler) {
  expectOrnsteinUhlenbeck("euler");
}
TEST(Stochastic, OrnsteinUhlenbeckHeun) {
  expectOrnsteinUhlenbeck("heun");
}
TEST(Stochastic, OrnsteinUhlenbeckMilstein) {
  expectOrnsteinUhlenbeck("milstein");
}

// ---------------------------------------------------------------- rand() and randn()
// Every element spikes every step, and its reset draws: u holds this step's rand(), z its
// randn().
const char* const drawModel = R"(
group d(4000) {
    equations {
        u : 1
        z : 1
    }
    threshold: u >= 0
    reset: u = rand(), z = randn()
}
experiment {
    dt: 0.1 ms
    duration: 1 ms
}
)";

struct Draws {
  std::vector<VariableArray> u, z;  // per step, per element
};

Draws draws(std::uint64_t trial, bool jit, int steps = 3) {
  static auto model = compileModel(drawModel);
  static NetworkInstance network = buildNetwork(model, {.seed = 11});
  Simulation simulation(network, jit ? CompiledModel::compile(*model) : nullptr);
  simulation.startTrial(trial);
  Draws out;
  for (int s = 0; s < steps; ++s) {
    simulation.run(1);
    out.u.push_back(simulation.state().groups.at("d").arrays.at("u"));
    out.z.push_back(simulation.state().groups.at("d").arrays.at("z"));
  }
  return out;
}

TEST(Stochastic, RandIsUniformAndIndependent) {
  Draws t0 = draws(0, true), t1 = draws(1, true);
  const double n = static_cast<double>(t0.u[0].size());
  // KS at the 0.1 % level: D < 1.95/sqrt(n).
  for (const auto& step : t0.u) EXPECT_LT(ksUniform(step), 1.95 / std::sqrt(n));
  // Across steps for each element: the three steps of every element, pooled per step pair.
  // Independence: correlations below 4/sqrt(n) (4 standard errors of a zero correlation)
  // between consecutive steps, between neighbouring elements, between trials.
  EXPECT_LT(std::fabs(correlation(t0.u[0], t0.u[1])), 4 / std::sqrt(n));
  EXPECT_LT(std::fabs(correlation(t0.u[1], t0.u[2])), 4 / std::sqrt(n));
  std::vector<double> even, odd;
  for (std::size_t k = 0; k + 1 < t0.u[0].size(); k += 2) {
    even.push_back(t0.u[0][k]);
    odd.push_back(t0.u[0][k + 1]);
  }
  EXPECT_LT(std::fabs(correlation(even, odd)), 4 / std::sqrt(n / 2));
  EXPECT_LT(std::fabs(correlation(t0.u[0], t1.u[0])), 4 / std::sqrt(n));
  EXPECT_NE(t0.u[0], t1.u[0]);
  // rand() and randn() of one statement list draw from streams of their own.
  EXPECT_LT(std::fabs(correlation(t0.u[0], t0.z[0])), 4 / std::sqrt(n));
}

TEST(Stochastic, RandnIsStandardNormal) {
  Draws t = draws(3, true, 5);
  std::vector<double> z;
  for (const auto& step : t.z) z.insert(z.end(), step.begin(), step.end());
  const double n = static_cast<double>(z.size());
  EXPECT_NEAR(mean(z), 0.0, 4 / std::sqrt(n));
  EXPECT_NEAR(variance(z), 1.0, 4 * std::sqrt(2 / n));
  // Through the normal CDF the draws are uniform.
  std::vector<double> u;
  for (double v : z) u.push_back(0.5 * std::erfc(-v / std::sqrt(2.0)));
  EXPECT_LT(ksUniform(u), 1.95 / std::sqrt(n));
}

TEST(Stochastic, JitDrawsTheInterpretersBits) {
  Draws jit = draws(2, true), interpreted = draws(2, false);
  EXPECT_EQ(jit.u, interpreted.u);
  EXPECT_EQ(jit.z, interpreted.z);
}

// ---------------------------------------------------------------- Poisson neurons
// rand() < rate*dt in a threshold: counts over 1 s are Poisson (mean = rate, Fano factor 1).
const char* const poissonModel = R"(
group p(2000) {
    equations {
        rate : Hz (constant)
    }
    threshold: rand() < rate*dt
    init {
        rate = 20 Hz
    }
}
monitor spikes = spikes(p)
experiment {
    dt: 0.1 ms
    duration: 1 second
}
)";

// One trial of a model on the JIT, 1 s (10 000 steps).
struct OneSecond {
  std::shared_ptr<const ir::Model> model;
  NetworkInstance network;
  Simulation simulation;
  OneSecond(const char* text, std::uint64_t seed)
      : model(compileModel(text)),
        network(buildNetwork(model, {.seed = seed})),
        simulation(network, CompiledModel::compile(*model)) {
    simulation.startTrial(0);
    simulation.run(10000);
  }
};

// The spike counts of 2000 elements at 20 Hz over 1 s: Bernoulli trials with p = 0.002 a step,
// mean 20 and variance 20 (1 - p), so a Fano factor of 1 - p; within 3 standard errors (the
// sample variance's is about sqrt(2/n) of it for Poisson counts).
void expectTwentyHertz(const SpikeTrain& train, const char* what) {
  const double n = 2000;
  std::vector<double> counts(2000, 0.0);
  for (std::int32_t i : train.indices) counts[static_cast<std::size_t>(i)]++;
  const double expectedVariance = 20.0 * (1 - 0.002);
  EXPECT_NEAR(mean(counts), 20.0, 3 * std::sqrt(expectedVariance / n)) << what;
  const double fano = variance(counts) / mean(counts);
  EXPECT_NEAR(fano, 1 - 0.002, 3 * std::sqrt(2 / n)) << what;
  std::printf("%s: mean count %.3f, Fano factor %.4f\n", what, mean(counts), fano);
}

TEST(Stochastic, PoissonThresholdRateAndFanoFactor) {
  OneSecond run(poissonModel, 5);
  expectTwentyHertz(run.simulation.spikes("spikes"), "rand() < rate*dt");
}

// Brian2's PoissonGroup: a constant rate, and one modulated in time (a subexpression of t).
const char* const poissonGroups = R"(
poisson_group steady(2000) {
    rates: 20 Hz
}
poisson_group modulated(2000) {
    rates: 20 Hz*(1 + sin(2*pi*4 Hz*t))
}
monitor steady_spikes = spikes(steady)
monitor modulated_spikes = spikes(modulated)
experiment {
    dt: 0.1 ms
    duration: 1 second
}
)";

TEST(Stochastic, PoissonGroupRatesAndFanoFactor) {
  OneSecond run(poissonGroups, 9);
  const Simulation& simulation = run.simulation;
  expectTwentyHertz(simulation.spikes("steady_spikes"), "poisson_group");
  const double n = 2000;
  // Modulated: over the whole second (4 periods) 20 spikes per element; in the first half
  // period (0-125 ms, the sine positive) 20 (0.125 + 1/(4 pi)) s Hz, in the second
  // 20 (0.125 - 1/(4 pi)): Poisson counts, 3 standard errors of the population's total.
  const SpikeTrain& train = simulation.spikes("modulated_spikes");
  double first = 0, second = 0;
  for (std::int64_t step : train.steps) {
    if (step < 1250)
      ++first;
    else if (step < 2500)
      ++second;
  }
  const double total = static_cast<double>(train.steps.size());
  const double pi = 3.141592653589793;
  const double expectFirst = n * 20 * (0.125 + 1 / (4 * pi));
  const double expectSecond = n * 20 * (0.125 - 1 / (4 * pi));
  EXPECT_NEAR(total, n * 20, 3 * std::sqrt(n * 20));
  EXPECT_NEAR(first, expectFirst, 3 * std::sqrt(expectFirst));
  EXPECT_NEAR(second, expectSecond, 3 * std::sqrt(expectSecond));
  std::printf(
      "modulated poisson_group: %.0f spikes (%.0f), first half period %.0f (%.0f), "
      "second %.0f (%.0f)\n",
      total, n * 20, first, expectFirst, second, expectSecond);
}

// Brian2's PoissonInput: each step every element gets weight times a binomial draw of N
// inputs firing with probability rate*dt; by inversion where N p is small, by Brian2's normal
// approximation where N p and N (1 - p) exceed 5.
const char* const poissonInputs = R"(
group target(2000) {
    equations {
        sparse_sum : 1
        dense_sum : 1
    }
}
poisson_input sparse(target) {
    variable: sparse_sum
    N: 10
    rate: 20 Hz
    weight: 1
}
poisson_input dense(target) {
    variable: dense_sum
    N: 100000
    rate: 10 Hz
    weight: 0.5
}
experiment {
    dt: 0.1 ms
    duration: 1 second
}
)";

TEST(Stochastic, PoissonInputBinomialCounts) {
  OneSecond run(poissonInputs, 4);
  const auto& arrays = run.simulation.state().groups.at("target").arrays;
  const double n = 2000;
  // sparse: 10 000 steps of Binomial(10, 0.002): mean 200, variance 200 (1 - 0.002).
  const VariableArray& sparse = arrays.at("sparse_sum");
  EXPECT_NEAR(mean(sparse), 200, 3 * std::sqrt(199.6 / n));
  EXPECT_NEAR(variance(sparse) / 199.6, 1, 3 * std::sqrt(2 / n));
  // dense: 0.5 times 10 000 steps of Binomial(100 000, 0.001) (normal): mean 5e5, variance
  // 0.25 * 1e4 * 99.9.
  const VariableArray& dense = arrays.at("dense_sum");
  const double denseVariance = 0.25 * 1e4 * 99.9;
  EXPECT_NEAR(mean(dense), 5e5, 3 * std::sqrt(denseVariance / n));
  EXPECT_NEAR(variance(dense) / denseVariance, 1, 3 * std::sqrt(2 / n));
  std::printf(
      "poisson_input: sparse mean %.2f (200) variance %.1f (199.6); dense mean %.1f "
      "(500000) variance %.0f (%.0f)\n",
      mean(sparse), variance(sparse), mean(dense), variance(dense), denseVariance);
  // The interpreter draws the same bits.
  auto model = compileModel(poissonInputs);
  NetworkInstance network = buildNetwork(model, {.seed = 4});
  Simulation interpreted(network, nullptr), compiled(network, CompiledModel::compile(*model));
  for (Simulation* s : {&interpreted, &compiled}) {
    s->startTrial(0);
    s->run(300);
  }
  EXPECT_EQ(interpreted.state().groups.at("target").arrays,
            compiled.state().groups.at("target").arrays);
}

// ---------------------------------------------------------------- noisy network, threads
// Noise, rand() in the threshold, reset and on_pre: spikes of each trial the same for any
// thread count, and on the JIT the interpreter's.
const char* const noisyNetwork = R"(
group g(200) {
    equations {
        dv/dt = (-v + 0.8 + 0.3*sqrt(10 ms)*xi)/(10 ms) : 1 (unless refractory)
    }
    threshold: v > 1 or rand() < 1 Hz * dt
    reset: v = 0.1*rand()
    refractory: 2 ms
    method: euler
}
synapses s(g -> g) {
    equations {
        w : 1 (constant)
    }
    on_pre: v_post += w*rand()
    connect: p = 0.05
    delay: 1 ms
    init {
        w = 0.2
    }
}
monitor spikes = spikes(g)
experiment {
    dt: 0.1 ms
    duration: 200 ms
}
)";

std::vector<std::vector<std::int64_t>> trialSpikes(const NetworkInstance& network,
                                                   std::shared_ptr<const CompiledModel> compiled,
                                                   int threads) {
  std::vector<std::vector<std::int64_t>> out(6);
  std::mutex lock;
  runTrials(
      network, compiled, 6,
      [&](std::int64_t k, Simulation& s) {
        s.startTrial(static_cast<std::uint64_t>(k));
        s.run(2000);
        std::vector<std::int64_t> key;
        const SpikeTrain& train = s.spikes("spikes");
        for (std::size_t q = 0; q < train.steps.size(); ++q)
          key.push_back(train.steps[q] * 1000 + train.indices[q]);
        std::lock_guard<std::mutex> guard(lock);
        out[static_cast<std::size_t>(k)] = std::move(key);
      },
      threads);
  return out;
}

TEST(Stochastic, SameSpikesForAnyThreadCountAndBackend) {
  auto model = compileModel(noisyNetwork);
  NetworkInstance network = buildNetwork(model, {.seed = 3});
  std::shared_ptr<const CompiledModel> compiled = CompiledModel::compile(*model);
  auto one = trialSpikes(network, compiled, 1);
  EXPECT_EQ(one, trialSpikes(network, compiled, 2));
  EXPECT_EQ(one, trialSpikes(network, compiled, 8));
  EXPECT_EQ(one, trialSpikes(network, nullptr, 2));
  EXPECT_NE(one[0], one[1]);  // trials draw differently
  std::size_t spikes = 0;
  for (const auto& t : one) spikes += t.size();
  EXPECT_GT(spikes, 1000u);
}

}  // namespace
}  // namespace lsm
