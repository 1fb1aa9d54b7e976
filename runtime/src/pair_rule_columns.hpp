// A compiled connection rule (lsm/pair_rule.hpp) with the columns it reads: each pre and post
// variable of the rule over its population, materialised once per synapses object from the
// ends' values (EndValues), where the interpreter looked each up by name for each pair.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "end_values.hpp"
#include "lsm/pair_rule.hpp"

namespace lsm {

// The values of `name` over `count` elements of `end` from `start` (group-wide), at t = 0:
// one column of a compiled rule or init. Throws where EndValues does.
std::vector<double> endColumn(const EndValues& end, const std::string& name, std::int64_t start,
                              std::int64_t count, double dt);

class PairRuleColumns {
 public:
  // The columns of `rule` over the nPre source and nPost target elements, the sources' first
  // at `sourceStart` and the targets' at `targetStart` (group-wide, as EndValues counts), at
  // t = 0. Nullptr when a value cannot be had (EndValues throws): the builder then interprets
  // the rule, and fails where the interpreter does.
  static std::unique_ptr<PairRuleColumns> make(const CompiledPairRule& rule,
                                               const EndValues& source, std::int64_t sourceStart,
                                               std::int64_t nPre, const EndValues& target,
                                               std::int64_t targetStart, std::int64_t nPost,
                                               double dt);

  // CompiledPairRule::Row for source i and targets [jBegin, jEnd) into out.
  void row(std::int64_t i, std::int64_t jBegin, std::int64_t jEnd, double* out) const {
    rule_.row(pre_.data(), post_.data(), i, jBegin, jEnd, nPre_, nPost_, out);
  }
  // The value for the one pair (i, j).
  double at(std::int64_t i, std::int64_t j) const {
    double value = 0;
    row(i, j, j + 1, &value);
    return value;
  }

 private:
  PairRuleColumns(const CompiledPairRule& rule, std::int64_t nPre, std::int64_t nPost)
      : rule_(rule), nPre_(nPre), nPost_(nPost) {}
  const CompiledPairRule& rule_;
  std::int64_t nPre_, nPost_;
  std::vector<std::vector<double>> values_;  // the columns, pre then post
  std::vector<const double*> pre_, post_;    // their addresses, in the rule's order
};

}  // namespace lsm
