#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "connection_sampling.hpp"
#include "instance_completion.hpp"
#include "lsm/execution.hpp"
#include "lsm/network.hpp"
#include "lsm/random.hpp"
#include "lsm/resources.hpp"
#include "random_draws.hpp"

namespace lsm {

double ObjectState::get(const std::string& name, std::int64_t element) const {
  if (auto a = arrays.find(name); a != arrays.end()) {
    return a->second[static_cast<std::size_t>(element)];
  }
  if (auto s = scalars.find(name); s != scalars.end()) return s->second;
  throw std::logic_error("no variable '" + name + "'");
}

void ObjectState::set(const std::string& name, std::int64_t element, double value) {
  if (auto a = arrays.find(name); a != arrays.end()) {
    a->second[static_cast<std::size_t>(element)] = value;
    return;
  }
  if (auto s = scalars.find(name); s != scalars.end()) {
    s->second = value;
    return;
  }
  throw std::logic_error("no variable '" + name + "'");
}

double modelDt(const ir::Model& model) {
  if (model.experiment) {
    if (const ir::Setting* dt = model.experiment->find("dt")) return dt->value.value;
  }
  return 1e-4;
}

namespace {

class Builder {
 public:
  Builder(const ir::Model& model, NetworkInstance& network, const BuildOptions& options)
      : model_(model), network_(network), options_(options), draws_(network.seed, 0) {}

  void run() {
    allocateInstance(network_, options_.maxMemory);
    for (const auto& g : model_.groups) initialise(g.name, g.name, g.init, 0, g.size);
    for (const auto& s : model_.subgroups) initialise(s.group, s.name, s.init, s.start, s.stop);
    for (const auto& s : model_.synapses) synapses(s);
    completeInstance(network_);
  }

 private:
  // Runs initialisation statements for the elements [begin, end) of a group; `i` counts from
  // `begin` (Brian2: a subgroup's own index).
  // `object`: the group or subgroup whose init it is (it names the random draws).
  void initialise(const std::string& groupName, const std::string& object,
                  const std::vector<ir::Statement>& statements, std::int64_t begin,
                  std::int64_t end) {
    if (statements.empty()) return;
    draws_.name(object, "init", statements);
    ObjectState& state = network_.groups[groupName];
    for (std::int64_t element = begin; element < end; ++element) {
      ir::ElementAccess access;
      access.read = [&](const std::string& name, ir::Scope) { return state.get(name, element); };
      access.write = [&](const std::string& name, ir::Scope, double value) {
        state.set(name, element, value);
      };
      access.special = [&](ir::Special name) -> double {
        if (name == ir::Special::i) return static_cast<double>(element - begin);
        if (name == ir::Special::N) return static_cast<double>(end - begin);
        if (name == ir::Special::dt) return network_.dt;
        throw BuildError(
            fmt::format("'{}' is not available in an initialisation", ir::spelling(name)));
      };
      access.random = [&, element](const ir::Expr& call, const std::vector<double>& args) {
        return draws_.draw(call, args, element, end - begin);
      };
      ir::execute(statements, access);
    }
  }

  const ObjectState* populationState(const ir::Population& p) const {
    if (p.isGenerator) return nullptr;
    return &network_.groups.at(p.group);
  }

  void synapses(const ir::Synapses& s) {
    Connectivity& c = network_.connectivity[s.name];
    const ObjectState* source = populationState(s.source);
    const ObjectState* target = populationState(s.target);
    auto readPrePost = [&](std::int64_t i, std::int64_t j) {
      // Capture the synapses by address: [=] would copy the whole IR object per pair.
      return [&s, source, target, i, j](const std::string& name, ir::Scope scope) -> double {
        if (scope == ir::Scope::pre) return source->get(name, s.source.start + i);
        if (scope == ir::Scope::post) return target->get(name, s.target.start + j);
        throw BuildError(
            fmt::format("synapses '{}': the connection rule reads '{}'", s.name, name));
      };
    };
    const std::int64_t nPre = s.source.size(), nPost = s.target.size();
    std::string purpose = "connect:" + s.name;
    if (s.connect.condition) draws_.name(s.name, "connect", "condition", *s.connect.condition);
    if (s.connect.probability) draws_.name(s.name, "connect", "p", *s.connect.probability);
    if (s.connect.target) draws_.name(s.name, "connect", "j", *s.connect.target);
    if (s.connect.multiplicity) draws_.name(s.name, "connect", "n", *s.connect.multiplicity);
    draws_.name(s.name, "init", s.init);
    if (s.delay) draws_.name(s.name, "delay", "delay", *s.delay);
    const bool oneToOne = s.connect.kind == ir::ConnectRule::Kind::one_to_one;
    auto pairEnvironment = [&](std::int64_t i, std::int64_t j) {
      ir::Environment env;
      env.variable = readPrePost(i, j);
      env.special = [&, i, j](ir::Special name) -> double {
        if (name == ir::Special::i) return static_cast<double>(i);
        if (name == ir::Special::j) return static_cast<double>(j);
        if (name == ir::Special::N_pre) return static_cast<double>(nPre);
        if (name == ir::Special::N_post) return static_cast<double>(nPost);
        throw BuildError(fmt::format("synapses '{}': '{}' is not available in a connection rule",
                                     s.name, ir::spelling(name)));
      };
      auto pair = static_cast<std::int64_t>(i * nPost + j);
      env.random = [&, pair](const ir::Expr& call, const std::vector<double>& args) {
        return draws_.draw(call, args, pair, 0);
      };
      return env;
    };
    auto conditionHolds = [&](std::int64_t i, std::int64_t j) {
      return !s.connect.condition ||
             ir::evaluate(*s.connect.condition, pairEnvironment(i, j)) != 0.0;
    };
    // For a probability that does not vary with the target, j is any target (0).
    auto probability = [&](std::int64_t i, std::int64_t j) {
      if (!s.connect.probability) return 1.0;
      double p = ir::evaluate(*s.connect.probability, pairEnvironment(i, j));
      if (!(p >= 0.0 && p <= 1.0)) {
        throw BuildError(
            fmt::format("synapses '{}': the connection probability is {} for "
                        "i={}, j={}; it must be in [0, 1]",
                        s.name, p, i, j));
      }
      return p;
    };
    // Whether the pair (i, j) is connected, drawn for the pair itself.
    auto connects = [&](std::int64_t i, std::int64_t j) {
      if (!conditionHolds(i, j)) return false;
      double p = probability(i, j);
      auto pair = static_cast<std::uint64_t>(i * nPost + j);
      return p >= 1.0 || RandomStream(network_.seed, purpose, pair).uniform() < p;
    };
    const double candidates = oneToOne ? static_cast<double>(std::min(nPre, nPost))
                                       : static_cast<double>(nPre) * static_cast<double>(nPost);
    const double perSynapse = bytesPerSynapse(s);
    // Rules that list their targets (j = ..., ranges, pairs) have far fewer candidates than
    // pairs: for them, only the check while drawing below bounds the memory.
    const bool everyPairIsACandidate = s.connect.kind == ir::ConnectRule::Kind::all_to_all ||
                                       s.connect.kind == ir::ConnectRule::Kind::probability ||
                                       oneToOne;
    if (everyPairIsACandidate) {
      limitSynapses(s, candidates, perSynapse, [&](std::int64_t i, std::int64_t j) {
        return conditionHolds(i, j) ? probability(i, j) : 0.0;
      });
    }
    // Rows whose probability is the same for every target draw only the targets they keep;
    // a condition that does not vary with the target either is judged once per row.
    const bool rowProbability =
        !oneToOne && s.connect.probability && !variesWithTarget(*s.connect.probability);
    const bool rowCondition = s.connect.condition && !variesWithTarget(*s.connect.condition);
    const std::string rowPurpose = "connect-row:" + s.name;
    // Sampling stops as soon as the synapses drawn exceed the limit (the estimate above is a
    // sample's).
    const double allowed = static_cast<double>(memoryLimit()) - allocatedBytes();
    double done = 0, reported = 0;
    auto add = [&](std::int64_t i, std::int64_t j) {
      c.pre.push_back(static_cast<std::int32_t>(s.source.start + i));
      c.post.push_back(static_cast<std::int32_t>(s.target.start + j));
      if ((c.pre.size() & 0xFFFFF) == 0 &&
          static_cast<double>(c.pre.size()) * perSynapse > allowed) {
        MemoryEstimate estimate;
        estimate.add("what is built before", allocatedBytes());
        estimate.add(
            fmt::format("synapses '{}', {} drawn from {:.3g} of {:.3g} candidate pairs", s.name,
                        c.pre.size(), done, candidates),
            static_cast<double>(c.pre.size()) * perSynapse * candidates / std::max(done, 1.0));
        estimate.require("the network", options_.maxMemory);
      }
    };
    const ir::ConnectRule& rule = s.connect;
    auto integer = [&](const ir::Expr& e, std::int64_t i, std::int64_t j, const char* what) {
      double value = ir::evaluate(e, pairEnvironment(i, j));
      if (!(std::abs(value) < 9.0e15) || std::trunc(value) != value) {
        throw BuildError(fmt::format("synapses '{}': {} is {} for i={}; it must be a whole number",
                                     s.name, what, value, i));
      }
      return static_cast<std::int64_t>(value);
    };
    // `n` synapses for the pair (Brian2's connect(n=...)).
    auto addPair = [&](std::int64_t i, std::int64_t j) {
      std::int64_t copies = rule.multiplicity ? integer(*rule.multiplicity, i, j, "n") : 1;
      if (copies < 0) {
        throw BuildError(
            fmt::format("synapses '{}': n is {} for i={}, j={}; it must not be "
                        "negative",
                        s.name, copies, i, j));
      }
      for (std::int64_t k = 0; k < copies; ++k) add(i, j);
    };
    const bool conditionReadsTarget = rule.condition && readsTargetVariables(*rule.condition);
    // A candidate target of a `j = ...` or range rule: in the target population (or skipped
    // with skip_if_invalid; a condition that does not read the target's variables may rule it
    // out first, as in Brian2), then the condition, then p unless the row sampled it.
    auto candidate = [&](std::int64_t i, std::int64_t j, bool sampled) {
      if (j < 0 || j >= nPost) {
        if (rule.skipIfInvalid) return;
        if (rule.condition && !conditionReadsTarget && !conditionHolds(i, j)) return;
        throw BuildError(
            fmt::format("synapses '{}': i={} connects to j={}, outside '{}' ({} "
                        "elements); skip such targets with skip_if_invalid = true",
                        s.name, i, j, s.target.name, nPost));
      }
      if (!rowCondition && !conditionHolds(i, j)) return;
      if (!sampled && rule.probability) {
        double p = probability(i, j);
        auto pair = static_cast<std::uint64_t>(i * nPost + j);
        if (p < 1.0 && RandomStream(network_.seed, purpose, pair).uniform() >= p) return;
      }
      addPair(i, j);
    };
    if (rule.kind == ir::ConnectRule::Kind::pairs) {
      for (std::size_t k = 0; k < rule.pairsPre.size(); ++k) {
        std::int64_t i = rule.pairsPre[k], j = rule.pairsPost[k];
        if (i >= nPre || j >= nPost) {
          if (rule.skipIfInvalid) continue;
          throw BuildError(
              fmt::format("synapses '{}': the pair {} (i={}, j={}) is outside '{}' "
                          "-> '{}' ({} -> {} elements); skip such pairs with "
                          "skip_if_invalid = true",
                          s.name, k, i, j, s.source.name, s.target.name, nPre, nPost));
        }
        addPair(i, j);
      }
    }
    for (std::int64_t i = 0; i < nPre && rule.kind != ir::ConnectRule::Kind::pairs; ++i) {
      if (oneToOne) {
        if (i < nPost && connects(i, i)) addPair(i, i);
      } else if (rowCondition && !conditionHolds(i, 0)) {
        // No target of this row is connected.
      } else if (rule.kind == ir::ConnectRule::Kind::target) {
        candidate(i, integer(*rule.target, i, 0, "the target index j"), false);
      } else if (rule.kind == ir::ConnectRule::Kind::range) {
        const std::int64_t low = integer(*rule.rangeLow, i, 0, "the range's low bound");
        const std::int64_t high = integer(*rule.rangeHigh, i, 0, "the range's high bound");
        const std::int64_t step =
            rule.rangeStep ? integer(*rule.rangeStep, i, 0, "the range's step") : 1;
        if (step == 0) {
          throw BuildError(fmt::format("synapses '{}': the range's step is 0 for i={}", s.name, i));
        }
        if (rowProbability && step == 1 && high > low) {
          RandomStream row(network_.seed, rowPurpose, static_cast<std::uint64_t>(i));
          sampleRow(probability(i, 0), high - low, row,
                    [&](std::int64_t k) { candidate(i, low + k, true); });
        } else {
          for (std::int64_t j = low; step > 0 ? j < high : j > high; j += step) {
            candidate(i, j, false);
          }
        }
      } else if (nPost == 0) {
        break;
      } else if (rowProbability) {
        RandomStream row(network_.seed, rowPurpose, static_cast<std::uint64_t>(i));
        sampleRow(probability(i, 0), nPost, row, [&](std::int64_t j) {
          if (rowCondition || conditionHolds(i, j)) addPair(i, j);
        });
      } else {
        for (std::int64_t j = 0; j < nPost; ++j) {
          if (connects(i, j)) addPair(i, j);
        }
      }
      done += oneToOne ? 1.0 : static_cast<double>(nPost);
      if (options_.progress && candidates >= progressPairs && done - reported >= candidates / 100) {
        options_.progress(s.name, static_cast<std::int64_t>(done),
                          static_cast<std::int64_t>(candidates));
        reported = done;
      }
    }
    const auto count = static_cast<std::int64_t>(c.pre.size());
    ObjectState state = allocateObject(s.variables, count);
    c.delaySteps.assign(static_cast<std::size_t>(count), 0);
    auto elementAccess = [&](std::int64_t k) {
      ir::ElementAccess access;
      std::int64_t i = c.pre[static_cast<std::size_t>(k)] - s.source.start;
      std::int64_t j = c.post[static_cast<std::size_t>(k)] - s.target.start;
      access.read = [&, k, i, j](const std::string& name, ir::Scope scope) -> double {
        if (scope == ir::Scope::pre) return source->get(name, s.source.start + i);
        if (scope == ir::Scope::post) return target->get(name, s.target.start + j);
        return state.get(name, k);
      };
      access.write = [&, k](const std::string& name, ir::Scope, double value) {
        state.set(name, k, value);
      };
      access.special = [&, i, j](ir::Special name) -> double {
        if (name == ir::Special::i) return static_cast<double>(i);
        if (name == ir::Special::j) return static_cast<double>(j);
        if (name == ir::Special::N) return static_cast<double>(count);
        if (name == ir::Special::N_pre) return static_cast<double>(nPre);
        if (name == ir::Special::N_post) return static_cast<double>(nPost);
        if (name == ir::Special::dt) return network_.dt;
        throw BuildError(
            fmt::format("'{}' is not available in an initialisation", ir::spelling(name)));
      };
      access.random = [&, k](const ir::Expr& call, const std::vector<double>& args) {
        return draws_.draw(call, args, k, count);
      };
      return access;
    };
    for (std::int64_t k = 0; k < count && (!s.init.empty() || s.delay); ++k) {
      ir::ElementAccess access = elementAccess(k);
      ir::execute(s.init, access);
      if (s.delay) {
        ir::Environment env;
        env.variable = access.read;
        env.special = access.special;
        env.random = access.random;
        double delay = ir::evaluate(*s.delay, env);
        if (!(delay >= 0.0) || !std::isfinite(delay)) {
          throw BuildError(
              fmt::format("synapses '{}': synapse {} has the delay {} s; delays "
                          "must be finite and not negative",
                          s.name, k, std::isnan(delay) ? "NaN" : fmt::format("{}", delay)));
        }
        // Brian2's SpikeQueue: (int)(delay/dt + 0.5); the cast must stay defined.
        const double steps = delay / network_.dt + 0.5;
        if (!(steps < static_cast<double>(maxDelaySteps) + 1)) {
          throw BuildError(
              fmt::format("synapses '{}': synapse {} has the delay {:g} s, more than {} steps "
                          "of {:g} s",
                          s.name, k, delay, maxDelaySteps, network_.dt));
        }
        c.delaySteps[static_cast<std::size_t>(k)] = static_cast<std::int32_t>(steps);
      }
    }
    network_.synapses[s.name] = std::move(state);
  }

  // Candidate pairs from which connection sampling reports progress.
  static constexpr double progressPairs = 1e7;

  std::uint64_t memoryLimit() const {
    return options_.maxMemory > 0 ? options_.maxMemory : machineMemory();
  }
  // What the instance holds so far: every array of groups and synapses, and the connections.
  double allocatedBytes() const {
    double bytes = 0;
    for (const auto& objects : {&network_.groups, &network_.synapses})
      for (const auto& [name, object] : *objects)
        bytes += static_cast<double>(object.arrays.size()) * static_cast<double>(object.size) *
                 sizeof(double);
    for (const auto& [name, c] : network_.connectivity)
      bytes += static_cast<double>(c.pre.size()) * 2 * sizeof(std::int32_t);
    return bytes;
  }
  // A synapse's variables, its pre, post and delay, and its places in the two indices.
  static double bytesPerSynapse(const ir::Synapses& s) {
    return bytesPerElement(s.variables) + 5 * sizeof(std::int32_t);
  }
  // Refuses synapses whose expected count would not fit, before drawing any: the expectation
  // is the mean connection probability over a sample of candidate pairs. Only synapses with
  // more candidate pairs than would fit are sampled.
  template <typename Probability>
  void limitSynapses(const ir::Synapses& s, double candidates, double perSynapse,
                     Probability probability) {
    const double allowed = static_cast<double>(memoryLimit()) - allocatedBytes();
    if (candidates * perSynapse <= allowed) return;
    constexpr int samples = 1000;
    const std::int64_t nPre = s.source.size(), nPost = s.target.size();
    const bool oneToOne = s.connect.kind == ir::ConnectRule::Kind::one_to_one;
    RandomStream pick(network_.seed, "estimate:" + s.name, 0);
    double sum = 0;
    for (int k = 0; k < samples; ++k) {
      auto i = static_cast<std::int64_t>(pick.below(static_cast<std::uint64_t>(nPre)));
      auto j =
          oneToOne ? i : static_cast<std::int64_t>(pick.below(static_cast<std::uint64_t>(nPost)));
      if (oneToOne && j >= nPost) continue;
      sum += probability(i, j);
    }
    const double expected = candidates * sum / samples;
    MemoryEstimate estimate;
    estimate.add("what is built before", allocatedBytes());
    estimate.add(fmt::format("synapses '{}', about {:.3g} of {:.3g} candidate pairs", s.name,
                             expected, candidates),
                 expected * perSynapse);
    estimate.require("the network", options_.maxMemory);
  }

  const ir::Model& model_;
  NetworkInstance& network_;
  const BuildOptions& options_;
  RandomDraws draws_;
};

// The synapses of each element (CSR), in synapse order.
void index(const std::vector<std::int32_t>& ends, std::int64_t start, std::int64_t size,
           std::vector<std::int64_t>& begin, std::vector<std::int32_t>& synapses) {
  begin.assign(static_cast<std::size_t>(size + 1), 0);
  for (std::int32_t e : ends) ++begin[static_cast<std::size_t>(e - start + 1)];
  std::partial_sum(begin.begin(), begin.end(), begin.begin());
  synapses.resize(ends.size());
  std::vector<std::int64_t> fill(begin.begin(), begin.end() - 1);
  for (std::size_t k = 0; k < ends.size(); ++k) {
    auto element = static_cast<std::size_t>(ends[k] - start);
    synapses[static_cast<std::size_t>(fill[element]++)] = static_cast<std::int32_t>(k);
  }
}

// What values computed when a network is built (coefficients, precomputed values) read: one
// element's variables and dt.
ir::Environment buildTimeEnvironment(const ObjectState& state, const std::int64_t& element,
                                     double dt, const char* what) {
  ir::Environment env;
  env.variable = [&state, &element](const std::string& name, ir::Scope) {
    return state.get(name, element);
  };
  env.special = [dt, what](ir::Special name) -> double {
    if (name == ir::Special::dt) return dt;
    throw BuildError(fmt::format("'{}' in {}", ir::spelling(name), what));
  };
  return env;
}

void coefficients(const std::vector<ir::LinearSystem>& systems, ObjectState& state, double dt,
                  const std::string& what) {
  for (const ir::LinearSystem& system : systems) {
    std::int64_t elements = system.perElement ? state.size : std::min<std::int64_t>(state.size, 1);
    for (std::int64_t element = 0; element < elements; ++element) {
      ir::Environment env = buildTimeEnvironment(state, element, dt, "an integration coefficient");
      try {
        for (const auto& [name, value] : ir::computeCoefficients(system, env, dt)) {
          if (state.has(name)) state.set(name, element, value);
        }
      } catch (const ir::ExactIntegrationError& error) {
        throw BuildError(
            fmt::format("{}{}: {}", what,
                        system.perElement ? fmt::format(", element {}", element) : std::string(),
                        error.what()));
      }
    }
  }
}

// The values constant hoisting took out of the step, from the coefficients and parameters.
void precompute(const std::vector<ir::StateUpdate::Precomputed>& precomputed, ObjectState& state,
                double dt) {
  for (const auto& [variable, value] : precomputed) {
    std::int64_t elements = state.arrays.count(variable) > 0 ? state.size : 1;
    for (std::int64_t element = 0; element < elements; ++element) {
      state.set(
          variable, element,
          ir::evaluate(value, buildTimeEnvironment(state, element, dt, "a precomputed value")));
    }
  }
}

}  // namespace

ObjectState allocateObject(const std::vector<ir::Variable>& variables, std::int64_t size) {
  ObjectState state;
  state.size = size;
  for (const auto& v : variables) {
    if (v.kind == ir::Variable::Kind::subexpression) continue;
    // Brian2's initial values of the implicit variables; everything else starts at 0.
    double initial = v.name == "lastspike" ? -1e4 : v.name == "not_refractory" ? 1.0 : 0.0;
    if (v.shared) {
      state.scalars[v.name] = initial;
    } else {
      state.arrays[v.name] = std::vector<double>(static_cast<std::size_t>(size), initial);
    }
  }
  return state;
}

void allocateInstance(NetworkInstance& network, std::uint64_t maxMemory) {
  // Elements are indexed with 32-bit integers (spike lists, synapse ends), and every group
  // must fit before anything is allocated.
  MemoryEstimate estimate;
  auto checkSize = [](const std::string& name, std::int64_t size) {
    if (size > maxElements) {
      throw BuildError(
          fmt::format("'{}' has {} elements; lsmc indexes elements with 32-bit "
                      "integers, so a group has at most {}",
                      name, size, maxElements));
    }
  };
  for (const auto& g : network.model->generators) checkSize(g.name, g.size);
  for (const auto& g : network.model->groups) {
    checkSize(g.name, g.size);
    estimate.add(fmt::format("group '{}' ({} elements)", g.name, g.size),
                 static_cast<double>(g.size) * bytesPerElement(g.variables));
  }
  estimate.require("the network's groups", maxMemory);
  for (const auto& g : network.model->generators) network.groups[g.name].size = g.size;
  for (const auto& g : network.model->groups) {
    network.groups[g.name] = allocateObject(g.variables, g.size);
  }
}

void completeInstance(NetworkInstance& network) {
  const ir::Model& model = *network.model;
  for (const auto& s : model.synapses) {
    Connectivity& c = network.connectivity.at(s.name);
    for (std::size_t k = 0; k < c.pre.size(); ++k) {
      if (c.pre[k] < s.source.start || c.pre[k] >= s.source.stop || c.post[k] < s.target.start ||
          c.post[k] >= s.target.stop || c.delaySteps[k] < 0) {
        throw BuildError(fmt::format(
            "synapses '{}': synapse {} connects {} -> {} with delay {} "
            "steps, outside {} -> {}",
            s.name, k, c.pre[k], c.post[k], c.delaySteps[k], s.source.name, s.target.name));
      }
    }
    c.maxDelaySteps =
        c.delaySteps.empty() ? 0 : *std::max_element(c.delaySteps.begin(), c.delaySteps.end());
    index(c.pre, s.source.start, s.source.size(), c.outgoingBegin, c.outgoing);
    index(c.post, s.target.start, s.target.size(), c.incomingBegin, c.incoming);
  }
  computeDerivedValues(network);
}

void computeDerivedValues(NetworkInstance& network) {
  const ir::Model& model = *network.model;
  for (const auto& g : model.groups) {
    if (!g.update) continue;
    coefficients(g.update->systems, network.groups.at(g.name), network.dt,
                 fmt::format("group '{}'", g.name));
    precompute(g.update->precomputed, network.groups.at(g.name), network.dt);
  }
  for (const auto& s : model.synapses) {
    if (!s.update) continue;
    coefficients(s.update->systems, network.synapses.at(s.name), network.dt,
                 fmt::format("synapses '{}'", s.name));
    precompute(s.update->precomputed, network.synapses.at(s.name), network.dt);
  }
}

NetworkInstance buildNetwork(std::shared_ptr<const ir::Model> model, const BuildOptions& options) {
  NetworkInstance network;
  network.model = model;
  network.seed = options.seed;
  network.dt = options.dt > 0 ? options.dt : modelDt(*model);
  if (!(network.dt > 0) || !std::isfinite(network.dt))
    throw BuildError(
        fmt::format("the time step must be positive and finite, not {} s", network.dt));
  Builder(*model, network, options).run();
  return network;
}

}  // namespace lsm
