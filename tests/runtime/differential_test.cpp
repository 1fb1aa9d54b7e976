// Differential tests of the code generator: generated models (random but valid combinations
// of equations, flags, resets, refractoriness, synapses, methods, white noise and random draws
// in thresholds, resets and on_pre) run with random input
// through the JIT and through the reference interpreter; every variable must agree bit for
// bit after 1000 steps, and every spike.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "lsm/frontend.hpp"
#include "lsm/simulation.hpp"
#include "maass_model.hpp"

namespace lsm {
namespace {

std::string generateModel(std::mt19937& random) {
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(random); };
  const char* methods[] = {"exact", "euler", "rk2", "rk4", "exponential_euler", "heun", "milstein"};
  std::string method = methods[pick(7)];
  const bool stochasticMethod = method == "euler" || method == "heun" || method == "milstein";
  // White noise (Euler–Maruyama needs it additive; heun also gets it multiplicative), and
  // draws in the threshold, the reset and on_pre.
  const bool noise = stochasticMethod && pick(2) == 1;
  const bool multiplicative = noise && method == "heun" && pick(2) == 1;
  const bool draws = pick(2) == 1;
  bool nonlinear = method != "exact" && method != "exponential_euler" && pick(2) == 1;
  bool adaptation = pick(2) == 1;
  bool refractory = pick(3) != 0;
  bool summedSynapses = pick(2) == 1;
  std::string flag = refractory ? " (unless refractory)" : "";
  std::string v =
      "(E - v + R*(I_syn + I_in)" + std::string(adaptation ? " - w" : "") +
      (nonlinear ? " + (v - E)**2/(15 mV)" : "") +
      (noise ? multiplicative ? " + 0.1*(v - E)*sqrt(tau)*xi" : " + 3 mV*sqrt(tau)*xi" : "") +
      ")/tau";
  std::string text = fmt::format(
      R"(
group g({size}) {{
    equations {{
        dv/dt = {v} : volt{flag}
        {w}
        I_syn : ampere
        I_in : ampere (constant)
        tau : second (constant)
        E : volt (shared, constant)
        R : ohm (shared, constant)
    }}
    threshold: v > -50 mV{randomThreshold}
    reset: v = E{randomReset}{reset}
    {refractory}
    method: {method}
    init {{
        E = -65 mV
        R = 100 Mohm
        tau = uniform(5 ms, 30 ms)
        I_in = uniform(0 nA, 0.3 nA)
        v = uniform(-70 mV, -50 mV)
    }}
}}
spike_generator input(3)
synapses drive(input -> g) {{
    equations {{
        w_in : volt (constant)
    }}
    on_pre: v_post += w_in{randomWeight}
    connect: p = 0.5
    delay: {inputDelay}
    init {{
        w_in = uniform(0 mV, 8 mV)
    }}
}}
)",
      fmt::arg("size", 5 + pick(20)), fmt::arg("v", v), fmt::arg("flag", flag),
      fmt::arg("w", adaptation ? std::string("dw/dt = (0.2*(v - E) - w)/(80 ms)"
                                             " : volt") +
                                     (pick(2) == 1 ? flag : "")
                               : ""),
      fmt::arg("reset", adaptation ? ", w += 1 mV" : ""),
      fmt::arg("randomThreshold", draws ? " or rand() < 5 Hz * dt" : ""),
      fmt::arg("randomReset", draws ? " + 2 mV*randn()" : ""),
      fmt::arg("refractory", refractory ? "refractory: 2 ms" : ""), fmt::arg("method", method),
      fmt::arg("randomWeight", draws ? "*rand()" : ""),
      fmt::arg("inputDelay", pick(2) == 1 ? "0 ms" : "uniform(0 ms, 3 ms)"));
  if (adaptation) {
    // w enters dv/dt in volts divided by tau; keep the dimensions right.
  }
  if (summedSynapses) {
    text += R"(
synapses recurrent(g -> g) {
    equations {
        dgs/dt = -gs/tau_s : 1 (clock-driven)
        tau_s : second (shared, constant)
        A : ampere (constant)
        I_syn_post = A*gs : ampere (summed)
    }
    on_pre: gs += 1
    connect: condition = i != j, p = 0.3
    delay: 1 ms
    init {
        tau_s = 5 ms
        A = normal(0 nA, 0.05 nA)
    }
}
)";
  } else {
    text += R"(
synapses recurrent(g -> g) {
    equations {
        wr : volt (constant)
    }
    on_pre: v_post += wr
    connect: p = 0.2
    delay: uniform(0.5 ms, 2 ms)
    init {
        wr = uniform(-2 mV, 2 mV)
    }
}
)";
  }
  text += "monitor out = spikes(g)\n";
  return text;
}

// `count` spikes at uniform times in [0, duration), to the generator's elements in turn.
InputSpikes randomInput(std::mt19937& random, int elements, int count, double duration) {
  InputSpikes input;
  std::uniform_real_distribution<double> time(0, duration);
  for (int k = 0; k < count; ++k) {
    input.indices.push_back(k % elements);
    input.times.push_back(time(random));
  }
  return input;
}

TEST(Differential, JitAgreesWithTheInterpreterBitForBit) {
  std::mt19937 random(20021);
  int compared = 0, spikes = 0, noisy = 0, drawing = 0;
  for (int model = 0; model < 24; ++model) {
    std::string text = generateModel(random);
    noisy += text.find("*xi") != std::string::npos ? 1 : 0;
    drawing += text.find("rand()") != std::string::npos ? 1 : 0;
    SourceManager sources;
    auto result = compileString(fmt::format("generated{}.lsm", model), text, sources);
    ASSERT_TRUE(result.model) << renderDiagnostics(result.diagnostics, sources) << text;
    auto ir = std::make_shared<const ir::Model>(std::move(*result.model));
    NetworkInstance network = buildNetwork(ir, {.seed = static_cast<std::uint64_t>(model)});
    InputSpikes input = randomInput(random, 3, 60, 0.1);
    Simulation interpreted(network);
    Simulation compiled(network, CompiledModel::compile(*ir));
    for (Simulation* s : {&interpreted, &compiled}) {
      s->startTrial(1, {{"input", input}});
      s->run(1000);
    }
    EXPECT_EQ(interpreted.spikes("out").indices, compiled.spikes("out").indices) << text;
    EXPECT_EQ(interpreted.spikes("out").steps, compiled.spikes("out").steps) << text;
    spikes += static_cast<int>(compiled.spikes("out").steps.size());
    for (const auto& [name, state] : interpreted.state().groups) {
      EXPECT_EQ(state.arrays, compiled.state().groups.at(name).arrays) << name << "\n" << text;
    }
    for (const auto& [name, state] : interpreted.state().synapses) {
      EXPECT_EQ(state.arrays, compiled.state().synapses.at(name).arrays) << name << "\n" << text;
    }
    ++compared;
  }
  std::printf(
      "%d generated models (%d with white noise, %d drawing in a step), %d spikes, JIT == "
      "interpreter bit for bit\n",
      compared, noisy, drawing, spikes);
  EXPECT_GT(spikes, 100);
  EXPECT_GT(noisy, 2);
  EXPECT_GT(drawing, 2);
}

// Synapses on synapses (Izhikevich 2007's dopamine-modulated STDP, on more synapses): the
// modulating synapses' events write the target synapses' clock-driven state, with delays per
// synapse and random draws; every variable the same bits after 2000 steps, with an edit of the
// target's `mode` between the runs.
TEST(Differential, SynapsesOnSynapsesAgreeBitForBit) {
  const char* text = R"(
spike_generator input(4)
group cells(6) {
    equations {
        dv/dt = (ge*(0 mV - v) + (-74 mV) - v)/(10 ms) : volt
        dge/dt = -ge/(5 ms) : 1
    }
    threshold: v > -54 mV
    reset: v = -60 mV
    method: euler
    init {
        v = uniform(-70 mV, -55 mV)
    }
}
synapses drive(input -> cells) {
    on_pre: v += 8 mV
    connect: p = 0.7
}
synapses stdp(cells -> cells) {
    equations {
        mode : 1
        dc/dt = -c/(1000 ms) : 1 (clock-driven)
        dd/dt = -d/(200 ms) : 1 (clock-driven)
        ds/dt = mode*c*d/(1 ms) : 1 (clock-driven)
        dApre/dt = -Apre/(20 ms) : 1 (event-driven)
        dApost/dt = -Apost/(20 ms) : 1 (event-driven)
    }
    on_pre {
        ge += s
        Apre += 0.0001
        c = clip(c + mode*Apost, -0.01, 0.01)
        s = clip(s + (1 - mode)*Apost, -0.01, 0.01)
    }
    on_post {
        Apost += -0.000105
        c = clip(c + mode*Apre, -0.01, 0.01)
        s = clip(s + (1 - mode)*Apre, -0.01, 0.01)
    }
    method: euler
    connect: condition = i != j, p = 0.6
    init {
        s = uniform(0, 0.01)
    }
}
synapses reward(input -> stdp) {
    equations {
        gain : 1 (constant)
    }
    on_pre: d_post += gain*(1 + 0.1*rand())
    connect: condition = j % 2 == i % 2
    delay: uniform(0 ms, 3 ms)
    init {
        gain = 0.005*(1 + j/N_post)
    }
}
monitor out = spikes(cells)
)";
  SourceManager sources;
  auto result = compileString("synapses_on_synapses.lsm", text, sources);
  ASSERT_TRUE(result.model) << renderDiagnostics(result.diagnostics, sources);
  auto ir = std::make_shared<const ir::Model>(std::move(*result.model));
  NetworkInstance network = buildNetwork(ir, {.seed = 15});
  std::mt19937 random(15);
  InputSpikes input = randomInput(random, 4, 120, 0.2);
  Simulation interpreted(network);
  Simulation compiled(network, CompiledModel::compile(*ir));
  for (Simulation* s : {&interpreted, &compiled}) {
    s->startTrial(1, {{"input", input}});
    s->run(1000);
    for (double& mode : s->state().synapses.at("stdp").arrays.at("mode")) mode = 1;
    s->run(1000);
  }
  EXPECT_EQ(interpreted.spikes("out").indices, compiled.spikes("out").indices);
  EXPECT_EQ(interpreted.spikes("out").steps, compiled.spikes("out").steps);
  EXPECT_GT(compiled.spikes("out").steps.size(), 20u);
  for (const auto& [name, state] : interpreted.state().groups)
    EXPECT_EQ(state.arrays, compiled.state().groups.at(name).arrays) << name;
  for (const auto& [name, state] : interpreted.state().synapses)
    EXPECT_EQ(state.arrays, compiled.state().synapses.at(name).arrays) << name;
  // The dopamine reached the target synapses, and s moved with mode = 1.
  const auto& stdp = compiled.state().synapses.at("stdp").arrays;
  EXPECT_GT(*std::max_element(stdp.at("d").begin(), stdp.at("d").end()), 0.0);
}

// A run is one call of `lsm_run`, which runs the step loop and calls the operations' kernels;
// kernels with the same code are one function (the four Tsodyks-Markram pathways share their
// on_pre and catch-up), and the neuron update is vectorised.
TEST(Codegen, MaassRunSharesVectorisedKernels) {
  // The plan as lowered, without the optimisations on the plan (which add kernels of their
  // own for `derive`).
  SourceManager sources;
  FrontendOptions options;
  for (const PassInfo& pass : frontendPasses())
    if (pass.stage == "plan" && pass.optional) options.disabledPasses.push_back(pass.name);
  auto model =
      compileFile(std::string(LSM_PROJECT_DIR) + "/models/maass2002.lsm", sources, options);
  ASSERT_TRUE(model.model);
  auto compiled = CompiledModel::compile(*model.model, {.keepOptimisedIr = true});
  const std::string& ir = compiled->optimisedIr();
  std::vector<std::string> kernels;
  for (std::size_t at = ir.find("\ndefine "); at != std::string::npos;
       at = ir.find("\ndefine ", at + 1)) {
    std::string body = ir.substr(at, ir.find("\n}\n", at) - at);
    if (body.substr(0, body.find('(')).find("@lsm_kernel") != std::string::npos)
      kernels.push_back(body);
  }
  EXPECT_NE(ir.find("@lsm_run("), std::string::npos);
  // 25 operations have kernels (4 sums, update, threshold, 6 pathways, reset, 4 catch-ups,
  // 8 running sums); the distinct ones: 2 sums (onto exc, onto inh), update, threshold, the
  // Tsodyks-Markram and the stimulus on_pre, reset, the catch-up, and 3 for the running sums.
  EXPECT_EQ(kernels.size(), 11u);
  bool vectorised = false;
  for (const std::string& k : kernels) vectorised |= k.find("x double>") != std::string::npos;
  EXPECT_TRUE(vectorised);
  std::printf("Maass model JIT-compiled in %.1f ms\n", compiled->compileSeconds() * 1e3);
}

// run_regularly on clocks of their own (every 3 and 5 steps, and every step), drawing rand()
// and randn(), on a group and on synapses, over runs whose boundaries are no multiples of the
// clocks, a custom event that draws, with its code, synapses it triggers and a monitor, a
// group that follows g's v through a linked variable and a larger one through an index (read
// in its equations, by its synapses as v_g_pre and by a monitor): the JIT gives the
// interpreter's bits, and the operations run at the multiples of their dt in steps only.
TEST(Differential, RunRegularlyEventsAndLinksJitAgreesWithTheInterpreter) {
  const std::string text = R"(
group g(7) {
    equations {
        dv/dt = (drive - v)/(10 ms) : volt
        drive : volt
        ticks : 1
    }
    threshold: v > 10 mV
    reset: v = 0 mV
    method: euler
    run_regularly(dt = 0.3 ms, when = groups, order = 1) {
        drive = 20 mV*rand()
        ticks += 1
    }
    run_regularly(when = end) {
        v += 0.2 mV*randn()
    }
    events {
        high = v > 5 mV and rand() < 0.5
    }
    run_on_event(high) {
        v -= 1 mV*rand()
    }
}
synapses on_high(g -> g) {
    on_event: pre = high
    on_pre: v_post += 0.5 mV
    connect: p = 0.3
}
monitor highs = events(g, high, v)
group h(7) {
    equations {
        du/dt = (v_g - u)/(3 ms) : volt
        v_g : volt (linked)
    }
    linked: v_g = linked_var(g, v)
    threshold: u > 4 mV
    reset: u = 0 mV
    method: euler
}
monitor follows = spikes(h, v_g)
group crowd(21) {
    equations {
        du/dt = (v_g - u)/(2 ms) : volt
        v_g : volt (linked)
    }
    linked: v_g = linked_var(g, v, index = (N - 1 - i) // 3)
    threshold: u > 4 mV
    reset: u = 0 mV
    method: euler
}
synapses among(crowd -> crowd) {
    on_pre: u_post += 0.1*v_g_pre
    connect: p = 0.2
}
monitor crowded = spikes(crowd, v_g)
synapses s(g -> g) {
    equations {
        w : volt
    }
    on_pre: v_post += w
    connect: p = 0.5
    run_regularly(dt = 0.5 ms, when = resets) {
        w = 2 mV*rand()
    }
}
monitor out = spikes(g)
)";
  SourceManager sources;
  auto result = compileString("run_regularly.lsm", text, sources);
  ASSERT_TRUE(result.model) << renderDiagnostics(result.diagnostics, sources);
  auto ir = std::make_shared<const ir::Model>(std::move(*result.model));
  NetworkInstance network = buildNetwork(ir, {.seed = 5});
  Simulation interpreted(network);
  Simulation compiled(network, CompiledModel::compile(*ir));
  for (Simulation* s : {&interpreted, &compiled}) {
    s->startTrial(0, {});
    for (std::int64_t steps : {7, 11, 400}) s->run(steps);
  }
  EXPECT_EQ(interpreted.spikes("out").indices, compiled.spikes("out").indices);
  EXPECT_EQ(interpreted.spikes("out").steps, compiled.spikes("out").steps);
  EXPECT_GT(compiled.spikes("out").steps.size(), 20u);
  EXPECT_EQ(interpreted.spikes("highs").indices, compiled.spikes("highs").indices);
  EXPECT_EQ(interpreted.spikes("highs").steps, compiled.spikes("highs").steps);
  EXPECT_GT(compiled.spikes("highs").steps.size(), 20u);
  EXPECT_EQ(interpreted.spikes("follows").steps, compiled.spikes("follows").steps);
  EXPECT_EQ(interpreted.spikes("follows").values, compiled.spikes("follows").values);
  EXPECT_GT(compiled.spikes("follows").steps.size(), 20u);
  EXPECT_EQ(interpreted.spikes("crowded").indices, compiled.spikes("crowded").indices);
  EXPECT_EQ(interpreted.spikes("crowded").steps, compiled.spikes("crowded").steps);
  EXPECT_EQ(interpreted.spikes("crowded").values, compiled.spikes("crowded").values);
  EXPECT_GT(compiled.spikes("crowded").steps.size(), 50u);
  for (const auto& [name, state] : interpreted.state().groups)
    EXPECT_EQ(state.arrays, compiled.state().groups.at(name).arrays) << name;
  for (const auto& [name, state] : interpreted.state().synapses)
    EXPECT_EQ(state.arrays, compiled.state().synapses.at(name).arrays) << name;
  // 418 steps: the 0.3 ms clock ticked at steps 0, 3, ..., 417, 140 times, whatever the runs.
  const VariableArray& ticks = compiled.state().groups.at("g").arrays.at("ticks");
  for (double t : ticks) EXPECT_EQ(t, 140.0);
}

}  // namespace
}  // namespace lsm
