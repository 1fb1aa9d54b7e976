#include "pair_rule_columns.hpp"

#include <exception>

namespace lsm {

std::vector<double> endColumn(const EndValues& end, const std::string& name, std::int64_t start,
                              std::int64_t count, double dt) {
  std::vector<double> values(static_cast<std::size_t>(count));
  for (std::int64_t k = 0; k < count; ++k)
    values[static_cast<std::size_t>(k)] = end.get(name, start + k, 0, dt);
  return values;
}

std::unique_ptr<PairRuleColumns> PairRuleColumns::make(const CompiledPairRule& rule,
                                                       const EndValues& source,
                                                       std::int64_t sourceStart, std::int64_t nPre,
                                                       const EndValues& target,
                                                       std::int64_t targetStart, std::int64_t nPost,
                                                       double dt) {
  std::unique_ptr<PairRuleColumns> columns(new PairRuleColumns(rule, nPre, nPost));
  auto materialise = [&](const std::vector<std::string>& names, const EndValues& end,
                         std::int64_t start, std::int64_t count) {
    for (const std::string& name : names)
      columns->values_.push_back(endColumn(end, name, start, count, dt));
  };
  try {
    materialise(rule.preColumns, source, sourceStart, nPre);
    materialise(rule.postColumns, target, targetStart, nPost);
  } catch (const std::exception&) {
    return nullptr;
  }
  // Addresses once every column is in place (values_ no longer grows).
  for (std::size_t k = 0; k < columns->values_.size(); ++k) {
    (k < rule.preColumns.size() ? columns->pre_ : columns->post_)
        .push_back(columns->values_[k].data());
  }
  return columns;
}

}  // namespace lsm
