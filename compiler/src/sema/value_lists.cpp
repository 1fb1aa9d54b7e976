#include "sema/value_lists.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "data_files/number_table.hpp"

namespace lsm::sema {

namespace {

std::optional<Values> inlineValues(const ast::ValueList& list, const std::string& what,
                                   ConstantEvaluator& constants, DiagnosticEngine& diagnostics) {
  Values out;
  bool rows = !list.entries.empty() && list.entries.front().row;
  std::optional<Dimension> dimension;
  std::int64_t columns = -1;
  bool ok = true;
  for (const ast::ValueEntry& entry : list.entries) {
    if (entry.row != rows) {
      diagnostics.error(entry.location,
                        fmt::format("{}: a list is either all values or all rows '[...]'", what));
      return std::nullopt;
    }
    if (rows) {
      if (columns < 0) columns = static_cast<std::int64_t>(entry.values.size());
      if (static_cast<std::int64_t>(entry.values.size()) != columns) {
        diagnostics.error(entry.location, fmt::format("{}: this row has {} values, the first {}",
                                                      what, entry.values.size(), columns));
        return std::nullopt;
      }
    }
    for (const ast::Expr& e : entry.values) {
      auto q = constants.evaluate(e, "a value list", what);
      if (!q) {
        ok = false;
        continue;
      }
      if (dimension && !(*dimension == q->dimension)) {
        diagnostics.error(e.location, fmt::format("{}: this value {}, the first {}", what,
                                                  q->dimension.phrase(), dimension->phrase()));
        ok = false;
        continue;
      }
      dimension = q->dimension;
      out.values.push_back(q->value);
      out.locations.push_back(e.location);
    }
  }
  if (!ok) return std::nullopt;
  out.dimension = dimension.value_or(Dimension());
  if (rows) {
    out.shape = {static_cast<std::int64_t>(list.entries.size()), columns};
  } else {
    out.shape = {static_cast<std::int64_t>(out.values.size())};
  }
  return out;
}

std::optional<Values> fileValues(const ast::ValueList& list, const std::string& what,
                                 DiagnosticEngine& diagnostics) {
  const std::string path = pathBesideModel(list.file, list.location.file);
  try {
    data::NumberTable table = data::readNumberFile(path);
    Values out{std::move(table.values), std::move(table.shape), Dimension(), {}};
    return out;
  } catch (const data::DataFileError& e) {
    diagnostics.error(list.location,
                      fmt::format("{}: cannot read \"{}\": {}", what, list.file, e.what()));
    return std::nullopt;
  }
}

}  // namespace

std::string pathBesideModel(const std::string& path, const std::string& modelFile) {
  const std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(modelFile).parent_path() / p).string();
}

std::optional<Values> evaluateValues(const ast::ValueList& list, const std::string& what,
                                     ConstantEvaluator& constants, DiagnosticEngine& diagnostics) {
  auto values = list.file.empty() ? inlineValues(list, what, constants, diagnostics)
                                  : fileValues(list, what, diagnostics);
  if (!values) return std::nullopt;
  if (list.unit) {
    auto unit = constants.evaluate(*list.unit, "a value list", "the unit of " + what);
    if (!unit) return std::nullopt;
    for (double& v : values->values) v *= unit->value;
    values->dimension = values->dimension * unit->dimension;
  }
  for (std::size_t k = 0; k < values->values.size(); ++k) {
    if (std::isfinite(values->values[k])) continue;
    diagnostics.error(
        values->locations.empty() ? list.location : values->locations[k],
        fmt::format("{}: value {} is {}, not a finite number", what, k, values->values[k]));
    return std::nullopt;
  }
  return values;
}

}  // namespace lsm::sema
