// A linear readout of the liquid (Maass, Natschläger & Markram 2002): which of two input
// templates was presented? Each trial presents a jittered copy of template A or B to the
// Maass model. The templates share their spikes before 100 ms and after 300 ms and differ in
// between, so a readout at time t can only tell them apart from what the liquid holds of the
// input's past. A ridge-regression readout per time is trained on the liquid states of 200
// trials and tested on 100 others.
//
// The paper's claim, checked at the end (exit code 1 if it fails): accuracy near chance while
// the inputs are identical, well above chance while they differ, and still above chance tens
// of milliseconds after they are identical again (fading memory).
//
// Usage: readout [MODEL]
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <lsm/lsmc.hpp>
#include <memory>
#include <string>
#include <vector>

namespace {

constexpr double duration = 0.5;    // s
constexpr double differFrom = 0.1;  // the templates differ in [differFrom, differUntil)
constexpr double differUntil = 0.3;
constexpr double rate = 20.0;       // Hz, as the model's stimulus
constexpr double jitter = 2e-3;     // s, standard deviation of each spike's shift
constexpr double liquidTau = 0.03;  // s, the liquid filter (as in Fig. 2)
constexpr double ridge = 1.0;       // regularisation of the readout
constexpr int trainTrials = 200, testTrials = 100;

// Template k: Poisson spikes, the same for both templates outside [differFrom, differUntil).
std::vector<double> makeTemplate(int k, double dt) {
  auto common = lsm::poissonTrain(rate, duration, dt, 1, "readout common", 0);
  auto own =
      lsm::poissonTrain(rate, duration, dt, 1, "readout template", static_cast<std::uint64_t>(k));
  std::vector<double> out;
  for (double t : common)
    if (t < differFrom || t >= differUntil) out.push_back(t);
  for (double t : own)
    if (t >= differFrom && t < differUntil) out.push_back(t);
  std::sort(out.begin(), out.end());
  return out;
}

// A jittered copy: each spike moves by a normal draw, spikes outside the trial are dropped.
std::vector<double> jittered(const std::vector<double>& spikes, std::uint64_t trial) {
  lsm::RandomStream random(1, "readout jitter", trial);
  std::vector<double> out;
  for (double t : spikes) {
    double moved = t + jitter * random.normal();
    if (moved >= 0 && moved < duration) out.push_back(moved);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : std::string(LSMC_MODELS_DIR) + "/maass2002.lsm";
  lsm::SourceManager sources;
  lsm::FrontendResult result = lsm::compileFile(path, sources);
  if (!result.model) {
    std::fputs(lsm::renderDiagnostics(result.diagnostics, sources).c_str(), stderr);
    return 1;
  }
  auto model = std::make_shared<const lsm::ir::Model>(std::move(*result.model));
  std::shared_ptr<const lsm::CompiledModel> kernels = lsm::CompiledModel::compile(*model);
  lsm::NetworkInstance network = lsm::buildNetwork(model, {.seed = 2002});
  const double dt = network.dt;
  // The liquid: the neurons of the experiment's spike monitors.
  const std::vector<std::string> liquid = lsm::SeparationSettings::fromModel(*model).liquid;
  std::vector<std::size_t> liquidSizes;
  for (const auto& monitor : liquid) {
    for (const auto& m : model->monitors)
      if (m.name == monitor) liquidSizes.push_back(static_cast<std::size_t>(m.population.size()));
  }

  // Readout times: every 25 ms.
  std::vector<double> times;
  for (int k = 1; k <= 20; ++k) times.push_back(0.025 * k);
  const std::vector<std::vector<double>> templates = {makeTemplate(0, dt), makeTemplate(1, dt)};

  // Liquid states: states[trial][time] is every liquid neuron's filtered spike train at that
  // time (spikes up to and including the readout step, each decaying with liquidTau).
  const int trials = trainTrials + testTrials;
  std::vector<int> label(trials);
  std::vector<std::vector<Eigen::VectorXd>> states(trials);
  lsm::runTrials(network, kernels, trials, [&](std::int64_t k, lsm::Simulation& simulation) {
    const auto trial = static_cast<std::size_t>(k);
    label[trial] = static_cast<int>(k % 2);
    auto spikes = jittered(templates[static_cast<std::size_t>(label[trial])], trial);
    simulation.startTrial(trial,
                          {{"stimulus", {std::vector<std::int32_t>(spikes.size(), 0), spikes}}});
    simulation.runFor(duration);
    for (double t : times) {
      const auto readStep = static_cast<std::int64_t>(std::llround(t / dt)) - 1;
      std::vector<double> state;
      for (std::size_t m = 0; m < liquid.size(); ++m) {
        std::vector<double> filtered(liquidSizes[m], 0.0);
        const lsm::SpikeTrain& train = simulation.spikes(liquid[m]);
        for (std::size_t s = 0; s < train.steps.size(); ++s) {
          if (train.steps[s] > readStep) continue;
          double age = static_cast<double>(readStep - train.steps[s]) * dt;
          filtered[static_cast<std::size_t>(train.indices[s])] += std::exp(-age / liquidTau);
        }
        state.insert(state.end(), filtered.begin(), filtered.end());
      }
      states[trial].push_back(
          Eigen::Map<Eigen::VectorXd>(state.data(), static_cast<Eigen::Index>(state.size())));
    }
  });

  // One ridge-regression readout per time, targets ±1, a bias column.
  std::printf("template A and B differ from %.0f to %.0f ms; %d training and %d test trials\n",
              differFrom * 1e3, differUntil * 1e3, trainTrials, testTrials);
  std::printf("%10s %10s\n", "time [ms]", "accuracy");
  std::vector<double> accuracy(times.size());
  for (std::size_t ti = 0; ti < times.size(); ++ti) {
    const auto features = states[0][ti].size() + 1;
    auto design = [&](int first, int count) {
      Eigen::MatrixXd x(count, features);
      for (int r = 0; r < count; ++r) {
        x.row(r).head(features - 1) = states[static_cast<std::size_t>(first + r)][ti].transpose();
        x(r, features - 1) = 1.0;
      }
      return x;
    };
    Eigen::MatrixXd x = design(0, trainTrials);
    Eigen::VectorXd y(trainTrials);
    for (int r = 0; r < trainTrials; ++r) y(r) = label[static_cast<std::size_t>(r)] == 1 ? 1 : -1;
    Eigen::MatrixXd gram = x.transpose() * x;
    gram.diagonal().array() += ridge;
    Eigen::VectorXd weights = gram.ldlt().solve(x.transpose() * y);
    Eigen::VectorXd predicted = design(trainTrials, testTrials) * weights;
    int correct = 0;
    for (int r = 0; r < testTrials; ++r) {
      bool saysB = predicted(r) > 0;
      correct += saysB == (label[static_cast<std::size_t>(trainTrials + r)] == 1);
    }
    accuracy[ti] = static_cast<double>(correct) / testTrials;
    std::printf("%10.0f %10.2f\n", times[ti] * 1e3, accuracy[ti]);
  }

  // The claim: chance (within what 100 test trials allow) while the inputs agree, well above
  // chance while they differ and for tens of ms afterwards.
  auto meanOver = [&](double from, double until) {
    double sum = 0;
    int n = 0;
    for (std::size_t ti = 0; ti < times.size(); ++ti) {
      if (times[ti] > from + 1e-9 && times[ti] <= until + 1e-9) {
        sum += accuracy[ti];
        ++n;
      }
    }
    return sum / n;
  };
  double before = meanOver(0, differFrom);
  double during = meanOver(differFrom + 0.025, differUntil);
  double after = meanOver(differUntil, differUntil + 0.05);
  std::printf(
      "mean accuracy: %.2f before the inputs differ, %.2f while they differ, "
      "%.2f in the 50 ms after\n",
      before, during, after);
  bool holds = before < 0.65 && during > 0.8 && after > 0.65;
  std::printf("%s\n", holds ? "claim holds: the readout separates the templates and remembers "
                              "them for tens of ms"
                            : "claim FAILS");
  return holds ? 0 : 1;
}
