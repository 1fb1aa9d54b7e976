// Small questions about names and equations as the model writes them, for binding and the
// checks: a name's suffix, an equation's flags (a closed set: EquationFlag), a monitor's kind.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lsm/ast.hpp"
#include "lsm/ir.hpp"

namespace lsm::sema {

// `x_pre` ends with `_pre`; `_pre` alone does not.
inline bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

enum class EquationFlag {
  shared,
  constant,
  summed,
  clockDriven,       // clock-driven
  eventDriven,       // event-driven
  unlessRefractory,  // unless refractory
  constantOverDt,    // constant over dt
  linked,            // a group's parameter bound to another group's variable
};
std::string_view spelling(EquationFlag flag);
std::optional<EquationFlag> flagNamed(std::string_view text);
const std::vector<std::string>& flagSpellings();  // for "did you mean"
bool hasFlag(const ast::Equation& eq, EquationFlag flag);
// The flag as written, or nullptr.
const ast::Flag* findFlag(const ast::Equation& eq, EquationFlag flag);

// `spikes`, `state`, `rate`; nullopt for other words.
std::optional<ir::Monitor::Kind> monitorKindNamed(std::string_view text);

}  // namespace lsm::sema
