// A connection rule's judgement of each pair (the condition and p of `connect:` when they vary
// with the target) in machine code, compiled with a model's step plan
// (CompiledModel::pairRule). The network builder calls it for a row of pairs instead of
// interpreting both expressions once per pair, looking each variable up by name: for the Maass
// model's distance-dependent p that was the whole build. The same operations in the same order
// as ir::evaluate, so the same probabilities bit for bit. No LLVM type appears here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lsm/ir.hpp"

namespace lsm {

struct CompiledPairRule {
  // For source i and each target j in [jBegin, jEnd) (population-relative indices):
  // out[j - jBegin] = p of the pair, 0 where the condition fails, 1 where the rule has no p
  // (or where its p is judged once per row: conditionJudgedPerTarget).
  // pre[k] is the column (one value per element of the source population) of preColumns[k],
  // post[k] that of postColumns[k] over the target population; nPre and nPost are N_pre and
  // N_post.
  using Row = void (*)(const double* const* pre, const double* const* post, std::int64_t i,
                       std::int64_t jBegin, std::int64_t jEnd, std::int64_t nPre,
                       std::int64_t nPost, double* out);
  Row row = nullptr;
  std::vector<std::string> preColumns, postColumns;  // variable names, X of X_pre and X_post
  // What it was compiled from (no p for a rule whose p is judged per row): a model that fits
  // the same plan may have another rule (CompiledModel::fits allows other constants), which
  // must not run this code.
  std::optional<ir::Expr> condition, probability;

  // Whether `rule` is the one compiled, operation for operation and constant for constant.
  bool compiledFrom(const ir::ConnectRule& rule) const;
  // Whether `delay` is the synapses' delay compiled alone (CompiledModel::delayRule): a rule
  // whose "p" is the delay (in seconds, unchecked) and that has no condition.
  bool compiledFromDelay(const ir::Expr& delay) const;
};

// Whether two expressions compute the same value from the same variables: the same tree with
// the same constants (bit for bit, unless `constants` is false) and the same operations.
// Locations and units do not count.
bool sameExpression(const ir::Expr& a, const ir::Expr& b, bool constants = true);

// Whether the expression must be evaluated for each (i, j) pair: it reads the target (`j`,
// a postsynaptic variable) or draws random numbers (a draw per pair, not one per row).
bool variesWithTarget(const ir::Expr& expr);

// Whether the expression reads a variable of the target (`x_post`): it can only be evaluated
// for a target inside the population.
bool readsTargetVariables(const ir::Expr& expr);

// Whether an expression of an initialisation or a delay has the same value for every element
// (or synapse): it reads no variable and no index, and draws no random number.
bool sameForEveryElement(const ir::Expr& expr);

// Whether the builder judges a rule pair by pair, and so whether CompiledModel compiles it: a
// rule over every target (p, all to all) with a condition or a p, whose p (if any) varies with
// the target (else the builder samples each row's targets with geometric jumps).
bool judgedPairByPair(const ir::ConnectRule& rule);

// Whether the builder samples each row's targets with geometric jumps and then judges the
// condition for each target it drew, and so whether CompiledModel compiles the condition
// alone: a rule over every target whose p does not vary with the target and whose condition
// does (Brian2's `condition='i != j', p=0.1`).
bool conditionJudgedPerTarget(const ir::ConnectRule& rule);

}  // namespace lsm
