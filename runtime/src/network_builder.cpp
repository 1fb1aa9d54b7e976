#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

#include "connection_sampling.hpp"
#include "end_values.hpp"
#include "instance_completion.hpp"
#include "lsm/execution.hpp"
#include "lsm/jit.hpp"
#include "lsm/network.hpp"
#include "lsm/random.hpp"
#include "lsm/resources.hpp"
#include "lsm/step_plan.hpp"
#include "lsm/trials.hpp"
#include "ordered_blocks.hpp"
#include "pair_rule_columns.hpp"
#include "random_draws.hpp"
#include "synapse_index.hpp"
#include "synapse_init_blocks.hpp"

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
  return model.dt();
}

namespace {

// hoistedStatements (lsm/synapse_init.hpp) with the variables `state` stores.
std::vector<std::size_t> hoistedStatementsOf(const std::vector<ir::Statement>& init,
                                             const std::optional<ir::Expr>& delay,
                                             const ObjectState& state) {
  return hoistedStatements(
      init, delay, [&](const std::string& name) { return state.arrays.count(name) > 0; },
      [&](const std::string& name) { return state.has(name); });
}

// Whether statements assign a shared variable of `state`: every element writes it (the same
// value, or a compound assignment once per element), so its elements run on one thread.
bool assignsShared(const std::vector<ir::Statement>& statements, const ObjectState& state) {
  for (const ir::Statement& s : statements) {
    if (s.kind != ir::Statement::Kind::let && state.scalars.count(s.target) > 0) return true;
  }
  return false;
}

class Builder {
 public:
  Builder(const ir::Model& model, NetworkInstance& network, const BuildOptions& options)
      : model_(model), network_(network), options_(options), draws_(network.seed, 0) {}

  void run() {
    allocateInstance(network_, options_.maxMemory);
    for (const auto& g : model_.groups) initialise(g.name, g.name, g.init, 0, g.size);
    for (const auto& s : model_.subgroups) initialise(s.group, s.name, s.init, s.start, s.stop);
    for (const auto& s : model_.synapses) synapses(s);
    double synapses = 0;
    for (const auto& [name, c] : connections_) synapses += static_cast<double>(c.pre.size());
    completeInstance(network_, std::move(connections_), threadsFor(2 * synapses),
                     Connections::drawn);
  }

 private:
  // Runs initialisation statements for the elements [begin, end) of a group; `i` counts from
  // `begin` (Brian2: a subgroup's own index). Elements are independent (draws are keyed by
  // the element), so blocks of them run on all threads; the error is the first element's.
  // `object`: the group or subgroup whose init it is (it names the random draws).
  void initialise(const std::string& groupName, const std::string& object,
                  const std::vector<ir::Statement>& statements, std::int64_t begin,
                  std::int64_t end) {
    if (statements.empty() || end <= begin) return;
    draws_.name(object, "init", statements);
    ObjectState& state = network_.groups[groupName];
    // The group's subexpressions see the group's own i and N (Brian2, also in a subgroup's
    // init, where a bare i counts from the subgroup's start).
    const EndValues values(model_, ir::Population{groupName, groupName, 0, state.size, false},
                           network_);
    // One access per worker, for the element it sets before each use.
    struct ElementScope {
      std::int64_t element = 0;
      ir::ElementAccess access;
    };
    // Values the same for every element (hoistedStatements) are computed for the first element,
    // which runs every statement as written (its errors come as they would), and copied; the
    // others run the rest.
    const std::vector<std::size_t> hoisted = hoistedStatementsOf(statements, std::nullopt, state);
    const std::vector<ir::Statement>& perElement = withoutHoisted(statements, hoisted);
    const std::int64_t first = hoisted.empty() ? begin : begin + 1;
    const int threads =
        assignsShared(perElement, state)
            ? 1
            : threadsFor(10 * static_cast<double>((end - first) * std::ssize(perElement)));
    std::vector<std::unique_ptr<ElementScope>> scopes;
    for (int w = 0; w < threads; ++w) {
      auto scope = std::make_unique<ElementScope>();
      ElementScope* at = scope.get();
      at->access.read = [this, &values, at](const std::string& name, ir::Scope) {
        return values.get(name, at->element, 0, network_.dt);
      };
      at->access.write = [&state, at](const std::string& name, ir::Scope, double value) {
        state.set(name, at->element, value);
      };
      at->access.special = [this, at, begin, end](ir::Special name) -> double {
        if (name == ir::Special::i) return static_cast<double>(at->element - begin);
        if (name == ir::Special::N) return static_cast<double>(end - begin);
        if (name == ir::Special::dt) return network_.dt;
        throw BuildError(
            fmt::format("'{}' is not available in an initialisation", ir::spelling(name)));
      };
      at->access.random = [this, at, begin, end](const ir::Expr& call,
                                                 const std::vector<double>& args) {
        return draws_.draw(call, args, at->element, end - begin);
      };
      scopes.push_back(std::move(scope));
    }
    if (!hoisted.empty()) {
      scopes[0]->element = begin;
      ir::execute(statements, scopes[0]->access);
      for (std::size_t n : hoisted) {
        VariableArray& values = state.arrays.at(statements[n].target);
        std::fill(values.begin() + first, values.begin() + end,
                  values[static_cast<std::size_t>(begin)]);
      }
      if (perElement.empty() || first == end) return;
    }
    const std::int64_t perBlock = std::max<std::int64_t>(1, (end - first + 255) / 256);
    runBlocks((end - first + perBlock - 1) / perBlock, threads, [&](std::int64_t block, int w) {
      ElementScope& at = *scopes[static_cast<std::size_t>(w)];
      const std::int64_t from = first + block * perBlock;
      for (at.element = from; at.element < std::min(end, from + perBlock); ++at.element) {
        ir::execute(perElement, at.access);
      }
    });
  }

  // The model's machine code for connection rules and delays, unless it is turned off.
  const CompiledModel* compiledRules() const {
    return options_.compiledRules ? options_.compiledModel : nullptr;
  }
  // And for the synapses' init statements.
  const CompiledModel* compiledInit() const {
    return options_.compiledInit ? options_.compiledModel : nullptr;
  }
  // The columns of a compiled rule of `s` (its connection rule's or its delay's) from the ends'
  // values; nullptr without a rule, or where a value cannot be had (then it is interpreted).
  std::unique_ptr<PairRuleColumns> columnsOf(const CompiledPairRule* rule, const ir::Synapses& s,
                                             const EndValues& source,
                                             const EndValues& target) const {
    if (rule == nullptr) return nullptr;
    return PairRuleColumns::make(*rule, source, s.source.start, s.source.size(), target,
                                 s.target.start, populationSize(network_, s.target), network_.dt);
  }

  // The threads for a step of about `work` units (a synapse drawn each).
  int threadsFor(double work) const {
    return work < options_.parallelWork ? 1 : threadCount(options_.threads);
  }

  // The environment of a connection rule's expressions for one pair, made once per worker:
  // the pair is set before each evaluation, so that no std::function is made per pair.
  struct PairScope {
    std::int64_t i = 0, j = 0;
    ir::Environment environment;
    std::vector<double> probabilities;  // of a chunk of a row's pairs, when compiled
  };
  std::unique_ptr<PairScope> pairScope(const ir::Synapses& s, const EndValues& source,
                                       const EndValues& target) {
    auto scope = std::make_unique<PairScope>();
    PairScope* at = scope.get();
    const std::int64_t nPre = s.source.size(), nPost = populationSize(network_, s.target);
    // The synapses by address: [=] would copy the whole IR object.
    at->environment.variable = [this, &s, &source, &target, at](const std::string& name,
                                                                ir::Scope scope) -> double {
      if (scope == ir::Scope::pre) return source.get(name, s.source.start + at->i, 0, network_.dt);
      if (scope == ir::Scope::post) return target.get(name, s.target.start + at->j, 0, network_.dt);
      throw BuildError(fmt::format("synapses '{}': the connection rule reads '{}'", s.name, name));
    };
    at->environment.special = [&s, at, nPre, nPost](ir::Special name) -> double {
      if (name == ir::Special::i) return static_cast<double>(at->i);
      if (name == ir::Special::j) return static_cast<double>(at->j);
      if (name == ir::Special::N_pre) return static_cast<double>(nPre);
      if (name == ir::Special::N_post) return static_cast<double>(nPost);
      throw BuildError(fmt::format("synapses '{}': '{}' is not available in a connection rule",
                                   s.name, ir::spelling(name)));
    };
    at->environment.random = [this, at, nPost](const ir::Expr& call,
                                               const std::vector<double>& args) {
      return draws_.draw(call, args, at->i * nPost + at->j, 0);
    };
    return scope;
  }

  // The synapses one worker drew for a block of rows, before they join the others: their
  // targets, and how many of them the block had after each of its rows (a row's synapses all
  // have the row's source, written as they join).
  struct Drawn {
    std::vector<std::int32_t> post;
    std::vector<std::int64_t> rowEnds;
  };

  void synapses(const ir::Synapses& s) {
    Connectivity c;
    // What the rule, the init and the delay read of the source and the target.
    const EndValues source(model_, s.source, network_);
    const EndValues target(model_, s.target, network_);
    const std::int64_t nPre = s.source.size(), nPost = populationSize(network_, s.target);
    // Hashed once, not again for each pair's or row's stream.
    const RandomStream::HashedPurpose purpose{hashPurpose("connect:" + s.name)};
    if (s.connect.condition) draws_.name(s.name, "connect", "condition", *s.connect.condition);
    if (s.connect.probability) draws_.name(s.name, "connect", "p", *s.connect.probability);
    if (s.connect.target) draws_.name(s.name, "connect", "j", *s.connect.target);
    if (s.connect.multiplicity) draws_.name(s.name, "connect", "n", *s.connect.multiplicity);
    draws_.name(s.name, "init", s.init);
    if (s.delay) draws_.name(s.name, "delay", "delay", *s.delay);
    const bool oneToOne = s.connect.kind == ir::ConnectRule::Kind::one_to_one;
    const int threads = threadCount(options_.threads);  // at most
    // One scope per worker (the sequential parts use worker 0's).
    std::vector<std::unique_ptr<PairScope>> scopes;
    for (int w = 0; w < threads; ++w) scopes.push_back(pairScope(s, source, target));
    auto conditionHolds = [&](PairScope& at, std::int64_t i, std::int64_t j) {
      at.i = i;
      at.j = j;
      return !s.connect.condition || ir::evaluate(*s.connect.condition, at.environment) != 0.0;
    };
    // For a probability that does not vary with the target, j is any target (0).
    // A probability the same for every pair (CUBA's FAN_IN/N_CELLS) is evaluated once, not
    // once per row or pair; where that throws, each pair evaluates it and throws as it would.
    std::optional<double> sameProbability;
    if (s.connect.probability && sameForEveryElement(*s.connect.probability)) {
      try {
        sameProbability = ir::evaluate(*s.connect.probability, scopes[0]->environment);
      } catch (...) {
      }
    }
    auto checked = [&](double p, std::int64_t i, std::int64_t j) {
      if (!(p >= 0.0 && p <= 1.0)) {
        throw BuildError(
            fmt::format("synapses '{}': the connection probability is {} for "
                        "i={}, j={}; it must be in [0, 1]",
                        s.name, p, i, j));
      }
      return p;
    };
    auto probability = [&](PairScope& at, std::int64_t i, std::int64_t j) {
      if (!s.connect.probability) return 1.0;
      at.i = i;
      at.j = j;
      return checked(
          sameProbability ? *sameProbability : ir::evaluate(*s.connect.probability, at.environment),
          i, j);
    };
    // Whether the pair (i, j) with probability p (checked; 0 where the condition fails) is
    // connected, drawn for the pair itself.
    auto keeps = [&](double p, std::int64_t i, std::int64_t j) {
      auto pair = static_cast<std::uint64_t>(i * nPost + j);
      return p >= 1.0 || RandomStream(network_.seed, purpose, pair).uniform() < p;
    };
    auto connects = [&](PairScope& at, std::int64_t i, std::int64_t j) {
      return conditionHolds(at, i, j) && keeps(probability(at, i, j), i, j);
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
        return conditionHolds(*scopes[0], i, j) ? probability(*scopes[0], i, j) : 0.0;
      });
    }
    // Rows whose probability is the same for every target draw only the targets they keep;
    // a condition that does not vary with the target either is judged once per row.
    const bool rowProbability =
        !oneToOne && s.connect.probability && !variesWithTarget(*s.connect.probability);
    const bool rowCondition = s.connect.condition && !variesWithTarget(*s.connect.condition);
    // (Each row's stream hashing the name was a fortieth of building CUBA.)
    const RandomStream::HashedPurpose rowPurpose{hashPurpose("connect-row:" + s.name)};
    const ir::ConnectRule& rule = s.connect;
    auto integer = [&](PairScope& at, const ir::Expr& e, std::int64_t i, std::int64_t j,
                       const char* what) {
      at.i = i;
      at.j = j;
      double value = ir::evaluate(e, at.environment);
      if (!(std::abs(value) < 9.0e15) || std::trunc(value) != value) {
        throw BuildError(fmt::format("synapses '{}': {} is {} for i={}; it must be a whole number",
                                     s.name, what, value, i));
      }
      return static_cast<std::int64_t>(value);
    };
    // `n` synapses for the pair (Brian2's connect(n=...)).
    auto addPair = [&](PairScope& at, Drawn& out, std::int64_t i, std::int64_t j) {
      std::int64_t copies = rule.multiplicity ? integer(at, *rule.multiplicity, i, j, "n") : 1;
      if (copies < 0) {
        throw BuildError(
            fmt::format("synapses '{}': n is {} for i={}, j={}; it must not be "
                        "negative",
                        s.name, copies, i, j));
      }
      for (std::int64_t k = 0; k < copies; ++k) {
        out.post.push_back(static_cast<std::int32_t>(s.target.start + j));
      }
    };
    // The rule's machine code, when there is one for it (rules judged pair by pair, conditions
    // judged per drawn target), with the columns it reads.
    const std::unique_ptr<PairRuleColumns> compiled =
        columnsOf(compiledRules() ? compiledRules()->pairRule(s) : nullptr, s, source, target);
    // Row i's pairs as connects() judges them one by one, judged in machine code a chunk of
    // targets at a time (a chunk's probabilities stay in the cache); each pair's errors come
    // in the same order as there (p, then n).
    auto connectCompiled = [&](PairScope& at, Drawn& out, std::int64_t i) {
      constexpr std::int64_t chunk = 1024;
      at.probabilities.resize(static_cast<std::size_t>(std::min(chunk, nPost)));
      for (std::int64_t from = 0; from < nPost; from += chunk) {
        const std::int64_t to = std::min(nPost, from + chunk);
        compiled->row(i, from, to, at.probabilities.data());
        for (std::int64_t j = from; j < to; ++j) {
          const double p = checked(at.probabilities[static_cast<std::size_t>(j - from)], i, j);
          if (p > 0.0 && keeps(p, i, j)) addPair(at, out, i, j);
        }
      }
    };
    // Whether a target a row drew is connected (the row's probability sampled it): with a row
    // condition, yes; else its condition holds, judged in machine code when it is compiled
    // alone (conditionJudgedPerTarget).
    const bool compiledCondition = compiled && conditionJudgedPerTarget(rule);
    auto drawnTargetConnects = [&](PairScope& at, std::int64_t i, std::int64_t j) {
      if (rowCondition) return true;
      if (!compiledCondition) return conditionHolds(at, i, j);
      return compiled->at(i, j) != 0.0;
    };
    const bool conditionReadsTarget = rule.condition && readsTargetVariables(*rule.condition);
    // A candidate target of a `j = ...` or range rule: in the target population (or skipped
    // with skip_if_invalid; a condition that does not read the target's variables may rule it
    // out first, as in Brian2), then the condition, then p unless the row sampled it.
    auto candidate = [&](PairScope& at, Drawn& out, std::int64_t i, std::int64_t j, bool sampled) {
      if (j < 0 || j >= nPost) {
        if (rule.skipIfInvalid) return;
        if (rule.condition && !conditionReadsTarget && !conditionHolds(at, i, j)) return;
        throw BuildError(
            fmt::format("synapses '{}': i={} connects to j={}, outside '{}' ({} "
                        "elements); skip such targets with skip_if_invalid = true",
                        s.name, i, j, s.target.name, nPost));
      }
      if (!rowCondition && !conditionHolds(at, i, j)) return;
      if (!sampled && rule.probability) {
        double p = probability(at, i, j);
        auto pair = static_cast<std::uint64_t>(i * nPost + j);
        if (p < 1.0 && RandomStream(network_.seed, purpose, pair).uniform() >= p) return;
      }
      addPair(at, out, i, j);
    };
    // Rules over every target of a row (p, all to all) with a row probability: the row's
    // chance (0 where the row condition rules it out) is judged first for all rows, so that
    // the arrays are reserved for the expected count. Rows from the first whose judgement
    // failed are not judged; sampling rethrows the failure when it gets there.
    const bool everyTarget = !oneToOne && (rule.kind == ir::ConnectRule::Kind::probability ||
                                           rule.kind == ir::ConnectRule::Kind::all_to_all);
    const bool judgeRowsFirst = everyTarget && rowProbability && nPost > 0;
    const std::int64_t rowsPerBlock = std::max<std::int64_t>(1, (nPre + rowBlocks - 1) / rowBlocks);
    const std::int64_t blocks = (nPre + rowsPerBlock - 1) / rowsPerBlock;
    auto rowsOf = [&](std::int64_t block) {
      return std::pair{block * rowsPerBlock, std::min(nPre, (block + 1) * rowsPerBlock)};
    };
    std::vector<double> rowChance;
    double expected = 0;  // synapses, of judged rows
    std::int64_t rowsJudged = nPre;
    std::exception_ptr judgementFailure;
    if (judgeRowsFirst) {
      rowChance.resize(static_cast<std::size_t>(nPre));
      std::vector<std::pair<std::int64_t, std::exception_ptr>> failures(
          static_cast<std::size_t>(blocks), {nPre, nullptr});
      runBlocks(blocks, threadsFor(10 * static_cast<double>(nPre)),
                [&](std::int64_t block, int worker) {
                  PairScope& at = *scopes[static_cast<std::size_t>(worker)];
                  const auto [first, last] = rowsOf(block);
                  for (std::int64_t i = first; i < last; ++i) {
                    try {
                      rowChance[static_cast<std::size_t>(i)] =
                          rowCondition && !conditionHolds(at, i, 0) ? 0.0 : probability(at, i, 0);
                    } catch (...) {
                      failures[static_cast<std::size_t>(block)] = {i, std::current_exception()};
                      return;
                    }
                  }
                });
      for (const auto& [row, failure] : failures) {
        if (failure) {
          rowsJudged = row;
          judgementFailure = failure;
          break;
        }
      }
      expected = 0;
      for (std::int64_t i = 0; i < rowsJudged; ++i)
        expected += rowChance[static_cast<std::size_t>(i)];
      expected *= static_cast<double>(nPost);
      if (!rule.multiplicity) {
        // Six standard deviations of a sum of binomial counts above the mean: the arrays
        // are almost never grown, and hardly larger than needed.
        const double reserve = expected + 6 * std::sqrt(expected) + 1024;
        if (reserve * perSynapse < static_cast<double>(memoryLimit()) - allocatedBytes()) {
          c.pre.reserve(static_cast<std::size_t>(reserve));
          c.post.reserve(static_cast<std::size_t>(reserve));
        }
      }
    }
    // The synapses of row i, into `out`.
    auto sampleRowOf = [&](PairScope& at, Drawn& out, std::int64_t i) {
      if (oneToOne) {
        if (i < nPost && connects(at, i, i)) addPair(at, out, i, i);
      } else if (judgeRowsFirst) {
        if (i == rowsJudged) std::rethrow_exception(judgementFailure);
        const double p = rowChance[static_cast<std::size_t>(i)];
        if (p == 0.0) return;
        RandomStream row(network_.seed, rowPurpose, static_cast<std::uint64_t>(i));
        if ((!s.connect.condition || rowCondition) && !rule.multiplicity) {
          // Each kept target a synapse (addPair's, without its call and its count of copies:
          // a twentieth of building CUBA).
          sampleRow(p, nPost, row, [&](std::int64_t j) {
            out.post.push_back(static_cast<std::int32_t>(s.target.start + j));
          });
          return;
        }
        sampleRow(p, nPost, row, [&](std::int64_t j) {
          if (drawnTargetConnects(at, i, j)) addPair(at, out, i, j);
        });
      } else if (rowCondition && !conditionHolds(at, i, 0)) {
        // No target of this row is connected.
      } else if (rule.kind == ir::ConnectRule::Kind::target) {
        candidate(at, out, i, integer(at, *rule.target, i, 0, "the target index j"), false);
      } else if (rule.kind == ir::ConnectRule::Kind::range) {
        const std::int64_t low = integer(at, *rule.rangeLow, i, 0, "the range's low bound");
        const std::int64_t high = integer(at, *rule.rangeHigh, i, 0, "the range's high bound");
        const std::int64_t step =
            rule.rangeStep ? integer(at, *rule.rangeStep, i, 0, "the range's step") : 1;
        if (step == 0) {
          throw BuildError(fmt::format("synapses '{}': the range's step is 0 for i={}", s.name, i));
        }
        if (rowProbability && step == 1 && high > low) {
          RandomStream row(network_.seed, rowPurpose, static_cast<std::uint64_t>(i));
          sampleRow(probability(at, i, 0), high - low, row,
                    [&](std::int64_t k) { candidate(at, out, i, low + k, true); });
        } else {
          for (std::int64_t j = low; step > 0 ? j < high : j > high; j += step) {
            candidate(at, out, i, j, false);
          }
        }
      } else if (rowProbability) {
        RandomStream row(network_.seed, rowPurpose, static_cast<std::uint64_t>(i));
        sampleRow(probability(at, i, 0), nPost, row, [&](std::int64_t j) {
          if (drawnTargetConnects(at, i, j)) addPair(at, out, i, j);
        });
      } else if (compiled && !compiledCondition) {
        connectCompiled(at, out, i);
      } else {
        for (std::int64_t j = 0; j < nPost; ++j) {
          if (connects(at, i, j)) addPair(at, out, i, j);
        }
      }
    };
    // A block's synapses join the others in row order. Sampling stops as soon as the synapses
    // drawn exceed the limit (the estimate above is a sample's).
    const double allowed = static_cast<double>(memoryLimit()) - allocatedBytes();
    double done = 0, reported = 0;
    // sourceOf(row): the population-relative source of the block's row.
    auto take = [&](Drawn& out, auto sourceOf) {
      std::int64_t rowBegin = 0;
      for (std::size_t row = 0; row < out.rowEnds.size(); ++row) {
        c.pre.insert(c.pre.end(), static_cast<std::size_t>(out.rowEnds[row] - rowBegin),
                     static_cast<std::int32_t>(s.source.start + sourceOf(row)));
        rowBegin = out.rowEnds[row];
      }
      c.post.insert(c.post.end(), out.post.begin(), out.post.end());
      out.post.clear();
      if (static_cast<std::int64_t>(c.pre.size()) > maxElements) {
        throw BuildError(
            fmt::format("synapses '{}' has more than {} synapses; lsmc numbers "
                        "synapses with 32-bit integers",
                        s.name, maxElements));
      }
      const double bytes = static_cast<double>(c.pre.size()) * perSynapse;
      if (bytes > allowed) {
        MemoryEstimate estimate;
        estimate.add("what is built before", allocatedBytes() + static_cast<double>(c.pre.size()) *
                                                                    2 * sizeof(std::int32_t));
        estimate.add(fmt::format("synapses '{}', {} drawn from {:.3g} of {:.3g} candidate pairs",
                                 s.name, c.pre.size(), done, candidates),
                     bytes * candidates / std::max(done, 1.0));
        estimate.require("the network", options_.maxMemory);
      }
    };
    if (rule.kind == ir::ConnectRule::Kind::pairs) {
      Drawn listed;  // a row for each pair
      std::vector<std::int64_t> sources;
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
        addPair(*scopes[0], listed, i, j);
        listed.rowEnds.push_back(std::ssize(listed.post));
        sources.push_back(i);
      }
      take(listed, [&](std::size_t row) { return sources[row]; });
    } else if (everyTarget && nPost == 0) {
      c.outgoingBegin.assign(static_cast<std::size_t>(nPre + 1), 0);
      // No target: rows are judged up to the first whose condition holds (and would draw).
      for (std::int64_t i = 0; i < nPre; ++i) {
        if (!rowCondition || conditionHolds(*scopes[0], i, 0)) break;
      }
    } else {
      // A buffer per block until it joins the others; emptied buffers are used again, so
      // that their memory is mapped and faulted in once, not once per block (with two
      // threads the page faults of fresh buffers serialised them).
      std::vector<Drawn> drawn(static_cast<std::size_t>(blocks));
      std::vector<Drawn> spare;
      // Row i's synapses follow those of the rows before it: the index by source comes with
      // the joins (completeInstance does not look for it again).
      c.outgoingBegin.assign(static_cast<std::size_t>(nPre + 1), 0);
      std::mutex spareLock;
      // The work: synapses expected, pairs judged one by one, or rows that list their targets.
      const double work = judgeRowsFirst ? expected
                          : (everyTarget && !rowProbability) || oneToOne
                              ? 2 * candidates
                              : 50 * static_cast<double>(nPre);
      runBlocksInOrder(
          blocks, threadsFor(work),
          [&](std::int64_t block, int worker) {
            Drawn& out = drawn[static_cast<std::size_t>(block)];
            {
              std::lock_guard<std::mutex> guard(spareLock);
              if (!spare.empty()) {
                out = std::move(spare.back());
                spare.pop_back();
              }
            }
            const auto [first, last] = rowsOf(block);
            out.rowEnds.clear();
            for (std::int64_t i = first; i < last; ++i) {
              sampleRowOf(*scopes[static_cast<std::size_t>(worker)], out, i);
              out.rowEnds.push_back(std::ssize(out.post));
            }
          },
          [&](std::int64_t block) {
            done = static_cast<double>(rowsOf(block).second) *
                   (oneToOne ? 1.0 : static_cast<double>(nPost));
            Drawn& out = drawn[static_cast<std::size_t>(block)];
            const std::int64_t before = std::ssize(c.pre);
            const std::int64_t first = rowsOf(block).first;
            for (std::size_t row = 0; row < out.rowEnds.size(); ++row)
              c.outgoingBegin[static_cast<std::size_t>(first) + row + 1] =
                  before + out.rowEnds[row];
            take(out, [first](std::size_t row) { return first + static_cast<std::int64_t>(row); });
            {
              std::lock_guard<std::mutex> guard(spareLock);
              spare.push_back(std::move(out));
            }
            if (options_.progress && candidates >= progressPairs &&
                done - reported >= candidates / 100) {
              options_.progress(s.name, static_cast<std::int64_t>(done),
                                static_cast<std::int64_t>(candidates));
              reported = done;
            }
          });
    }
    initialiseSynapses(s, c, source, target);
    connections_[s.name] = std::move(c);
  }

  // The element access of a synapse's initialisation, made once per worker: the synapse is
  // set before each use.
  struct SynapseScope {
    std::int64_t k = 0, i = 0, j = 0;
    ir::ElementAccess access;
    ir::Environment environment;  // of the delay
  };

  // Runs the synapses' init statements and computes each synapse's delay, on several threads
  // (draws are keyed by the synapse, errors are those of the first synapse that fails).
  // Statements that give every synapse the same value (see hoistedStatements) and such a delay
  // are computed for synapse 0 only, and copied.
  void initialiseSynapses(const ir::Synapses& s, Connectivity& c, const EndValues& source,
                          const EndValues& target) {
    const auto count = static_cast<std::int64_t>(c.pre.size());
    const std::int64_t nPre = s.source.size(), nPost = populationSize(network_, s.target);
    ObjectState state = allocateObject(s.variables, count);
    std::map<std::string, const ir::Expr*> subexpressions;
    for (const ir::Equation& eq : s.equations)
      if (eq.kind == ir::Equation::Kind::subexpression) subexpressions[eq.variable] = &eq.rhs;
    // One delay for all synapses is kept once (Connectivity::delaySteps).
    const bool sameDelay = !s.delay || sameForEveryElement(*s.delay);
    if (!sameDelay) c.delaySteps.assign(static_cast<std::size_t>(count), 0);
    auto synapseScope = [&] {
      auto scope = std::make_unique<SynapseScope>();
      SynapseScope* at = scope.get();
      at->access.read = [&, at](const std::string& name, ir::Scope scope) -> double {
        if (scope == ir::Scope::pre)
          return source.get(name, s.source.start + at->i, 0, network_.dt);
        if (scope == ir::Scope::post)
          return target.get(name, s.target.start + at->j, 0, network_.dt);
        if (state.has(name)) return state.get(name, at->k);
        // The synapses' own subexpression, with this synapse's names (i, j, pre, post).
        auto own = subexpressions.find(name);
        if (own == subexpressions.end()) throw std::logic_error("no variable '" + name + "'");
        return ir::evaluate(*own->second, at->environment);
      };
      at->access.write = [&, at](const std::string& name, ir::Scope, double value) {
        state.set(name, at->k, value);
      };
      at->access.special = [&, at](ir::Special name) -> double {
        if (name == ir::Special::i) return static_cast<double>(at->i);
        if (name == ir::Special::j) return static_cast<double>(at->j);
        if (name == ir::Special::N) return static_cast<double>(count);
        if (name == ir::Special::N_pre) return static_cast<double>(nPre);
        if (name == ir::Special::N_post) return static_cast<double>(nPost);
        if (name == ir::Special::dt) return network_.dt;
        throw BuildError(
            fmt::format("'{}' is not available in an initialisation", ir::spelling(name)));
      };
      at->access.random = [&, at](const ir::Expr& call, const std::vector<double>& args) {
        return draws_.draw(call, args, at->k, count);
      };
      at->environment.variable = std::ref(at->access.read);
      at->environment.special = std::ref(at->access.special);
      at->environment.random = std::ref(at->access.random);
      return scope;
    };
    // Synapse k's delay in steps, of `delay` seconds.
    auto stepsOf = [&](double delay, std::int64_t k) {
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
      return static_cast<std::int32_t>(steps);
    };
    // The delay in machine code when it differs between synapses and is compiled, with the
    // columns it reads; else interpreted.
    const std::unique_ptr<PairRuleColumns> compiledDelay = columnsOf(
        !sameDelay && compiledRules() ? compiledRules()->delayRule(s) : nullptr, s, source, target);
    auto delayOf = [&](SynapseScope& at) {
      return stepsOf(
          compiledDelay ? compiledDelay->at(at.i, at.j) : ir::evaluate(*s.delay, at.environment),
          at.k);
    };
    auto place = [&](SynapseScope& at, std::int64_t k) {
      at.k = k;
      at.i = c.pre[static_cast<std::size_t>(k)] - s.source.start;
      at.j = c.post[static_cast<std::size_t>(k)] - s.target.start;
    };
    if (count > 0 && (!s.init.empty() || s.delay)) {
      // Synapse 0 runs everything as written, so that its errors come as they would.
      auto first = synapseScope();
      place(*first, 0);
      ir::execute(s.init, first->access);
      if (s.delay) {
        const std::int32_t delay = delayOf(*first);
        if (sameDelay) {
          c.maxDelaySteps = delay;
        } else {
          c.delaySteps[0] = delay;
        }
      }
      const std::vector<std::size_t> hoisted = hoistedStatementsOf(s.init, s.delay, state);
      const std::vector<ir::Statement>& statements = withoutHoisted(s.init, hoisted);
      for (std::size_t n : hoisted) {
        VariableArray& values = state.arrays.at(s.init[n].target);
        std::fill(values.begin() + 1, values.end(), values[0]);
      }
      if (!statements.empty() || !sameDelay) {
        const double work =
            10 * static_cast<double>(count) * static_cast<double>(statements.size() + 1);
        const int workers = assignsShared(statements, state) ? 1 : threadsFor(work);
        std::vector<std::unique_ptr<SynapseScope>> scopes;
        for (int w = 0; w < workers; ++w) scopes.push_back(synapseScope());
        // The statements in machine code when they are compiled, with the columns they read.
        const CompiledSynapseInit* init = compiledInit() && !statements.empty()
                                              ? compiledInit()->synapseInit(s, statements)
                                              : nullptr;
        const std::unique_ptr<SynapseInitBlocks> compiled =
            init == nullptr ? nullptr
                            : SynapseInitBlocks::make(*init, statements, draws_, s, source, nPre,
                                                      target, nPost, c, state, network_.dt);
        const std::int64_t perBlock = std::max<std::int64_t>(1, (count + 255) / 256);
        runBlocks((count - 1 + perBlock - 1) / perBlock, workers, [&](std::int64_t b, int w) {
          SynapseScope& at = *scopes[static_cast<std::size_t>(w)];
          const std::int64_t from = 1 + b * perBlock, to = std::min(count, 1 + (b + 1) * perBlock);
          if (compiled) {
            // Synapse k's statements, then its delay, as below: a delay's error comes first
            // for a synapse before the first whose draw failed.
            const auto failure = compiled->run(from, to);
            const std::int64_t last = failure ? failure->synapse : to;
            for (std::int64_t k = from; k < last && !sameDelay; ++k) {
              place(at, k);
              c.delaySteps[static_cast<std::size_t>(k)] = delayOf(at);
            }
            if (failure) std::rethrow_exception(failure->error);
            return;
          }
          for (std::int64_t k = from; k < to; ++k) {
            place(at, k);
            ir::execute(statements, at.access);
            if (!sameDelay) c.delaySteps[static_cast<std::size_t>(k)] = delayOf(at);
          }
        });
      }
    }
    network_.synapses[s.name] = std::move(state);
  }

  // The statements of `init` but those at `hoisted` (hoistedStatements), in order: `init` itself
  // when none is hoisted, else copies kept in copies_ that draw as the statements they copy.
  const std::vector<ir::Statement>& withoutHoisted(const std::vector<ir::Statement>& init,
                                                   const std::vector<std::size_t>& hoisted) {
    if (hoisted.empty()) return init;
    auto isHoisted = [&](std::size_t n) {
      return std::find(hoisted.begin(), hoisted.end(), n) != hoisted.end();
    };
    copies_.push_back(std::make_unique<std::vector<ir::Statement>>());
    std::vector<ir::Statement>& rest = *copies_.back();
    for (std::size_t n = 0; n < init.size(); ++n)
      if (!isHoisted(n)) rest.push_back(init[n]);
    for (std::size_t n = 0, m = 0; n < init.size(); ++n)
      if (!isHoisted(n)) draws_.nameLike(rest[m++], init[n]);
    return rest;
  }

  // Candidate pairs from which connection sampling reports progress.
  static constexpr double progressPairs = 1e7;
  // Connection sampling splits the rows into this many blocks (fewer for fewer rows): a block
  // is a share of the work small enough for the threads to stay busy and its synapses to be
  // held apart until they join the others, large enough to cost little to hand out.
  static constexpr std::int64_t rowBlocks = 256;

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
    for (const auto& [name, c] : connections_)
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
    const std::int64_t nPre = s.source.size(), nPost = populationSize(network_, s.target);
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
  // The init statements of synapses that run per synapse where others were hoisted: they live
  // as long as draws_, which names their calls by address.
  std::vector<std::unique_ptr<std::vector<ir::Statement>>> copies_;
  std::map<std::string, Connectivity> connections_;  // drawn, before completeInstance
};

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

// Below this many synapses a pass over them is not worth a thread of its own.
constexpr std::int64_t synapsesPerPart = 1 << 16;

// Whether the step plan reads the slot `kind` of synapses `name`. An index it does not read
// is not built: at 20 million synapses the index by target (for on_post) is 80 MB and about
// a quarter of the build's CPU time. Without a plan (a model only checked) every index is
// built.
bool planReads(const ir::Model& model, ir::PlanSlot::Kind kind, const std::string& name) {
  if (!model.plan) return true;
  return std::any_of(
      model.plan->slots.begin(), model.plan->slots.end(),
      [&](const ir::PlanSlot& slot) { return slot.kind == kind && slot.object == name; });
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
      state.arrays[v.name] = VariableArray(static_cast<std::size_t>(size), initial);
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

void completeInstance(NetworkInstance& network, std::map<std::string, Connectivity> connections,
                      int threads, Connections from) {
  const ir::Model& model = *network.model;
  for (const auto& s : model.synapses) {
    Connectivity& c = connections.at(s.name);
    const std::int64_t targetSize = populationSize(network, s.target);
    auto endsOutside = [&](std::size_t k) {
      return c.pre[k] < s.source.start || c.pre[k] >= s.source.stop || c.post[k] < s.target.start ||
             c.post[k] >= s.target.start + targetSize;
    };
    // One delay for all (an empty delaySteps) is maxDelaySteps already.
    const bool delayEach = !c.delaySteps.empty();
    auto outside = [&](std::size_t k) { return endsOutside(k) || c.delayOf(k) < 0; };
    const bool checkEnds = from == Connections::loaded;
    // One pass without branches (it vectorises), in parts on the threads; the synapse at
    // fault is looked for after.
    struct Part {
      bool anyOutside = false;
      std::int32_t maxDelay = 0;
    };
    std::vector<Part> parts(static_cast<std::size_t>(threadCount(threads)));
    const std::int64_t partsRun = runParts(
        delayEach || checkEnds ? std::ssize(c.pre) : 0, threads, synapsesPerPart,
        [&](std::int64_t part, std::int64_t first, std::int64_t last) {
          Part found;
          if (delayEach && !checkEnds) {
            for (auto k = static_cast<std::size_t>(first); k < static_cast<std::size_t>(last); ++k)
              found.maxDelay = std::max(found.maxDelay, c.delaySteps[k]);
          } else if (delayEach) {
            for (auto k = static_cast<std::size_t>(first); k < static_cast<std::size_t>(last);
                 ++k) {
              found.anyOutside |= endsOutside(k) | (c.delaySteps[k] < 0);
              found.maxDelay = std::max(found.maxDelay, c.delaySteps[k]);
            }
          } else {
            found.maxDelay = c.maxDelaySteps;
            if (checkEnds) {
              for (auto k = static_cast<std::size_t>(first); k < static_cast<std::size_t>(last);
                   ++k)
                found.anyOutside |= endsOutside(k);
            }
          }
          parts[static_cast<std::size_t>(part)] = found;
        });
    bool anyOutside = !delayEach && c.maxDelaySteps < 0;
    std::int32_t maxDelay = delayEach ? 0 : c.maxDelaySteps;
    for (std::int64_t part = 0; part < partsRun; ++part) {
      anyOutside |= parts[static_cast<std::size_t>(part)].anyOutside;
      maxDelay = std::max(maxDelay, parts[static_cast<std::size_t>(part)].maxDelay);
    }
    for (std::size_t k = 0; anyOutside && k < c.pre.size(); ++k) {
      if (outside(k)) {
        throw BuildError(fmt::format(
            "synapses '{}': synapse {} connects {} -> {} with delay {} "
            "steps, outside {} -> {}",
            s.name, k, c.pre[k], c.post[k], c.delayOf(k), s.source.name, s.target.name));
      }
    }
    c.maxDelaySteps = maxDelay;
    // Drawn row by row, the synapses come with their begins by source (Builder::synapses).
    const bool begunBySource = std::ssize(c.outgoingBegin) == s.source.size() + 1;
    if (!planReads(model, ir::PlanSlot::Kind::outgoing, s.name)) {
      c.outgoingBegin = {};
    } else if (begunBySource) {
      c.outgoing = {};  // the identity (Connectivity)
    } else {
      indexSynapses(c.pre, s.source.start, s.source.size(), c.outgoingBegin, c.outgoing, threads);
    }
    if (planReads(model, ir::PlanSlot::Kind::incoming, s.name))
      indexSynapses(c.post, s.target.start, targetSize, c.incomingBegin, c.incoming, threads);
    network.connectivity[s.name] = std::make_shared<const Connectivity>(std::move(c));
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
