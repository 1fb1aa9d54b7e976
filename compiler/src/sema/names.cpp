#include "sema/names.hpp"

#include <array>

namespace lsm::sema {

namespace {

constexpr std::array<EquationFlag, 8> allFlags = {
    EquationFlag::shared,         EquationFlag::constant,    EquationFlag::summed,
    EquationFlag::clockDriven,    EquationFlag::eventDriven, EquationFlag::unlessRefractory,
    EquationFlag::constantOverDt, EquationFlag::linked};

}  // namespace

std::string_view spelling(EquationFlag flag) {
  switch (flag) {
    case EquationFlag::shared:
      return "shared";
    case EquationFlag::constant:
      return "constant";
    case EquationFlag::summed:
      return "summed";
    case EquationFlag::clockDriven:
      return "clock-driven";
    case EquationFlag::eventDriven:
      return "event-driven";
    case EquationFlag::unlessRefractory:
      return "unless refractory";
    case EquationFlag::constantOverDt:
      return "constant over dt";
    case EquationFlag::linked:
      return "linked";
  }
  return "?";
}

std::optional<EquationFlag> flagNamed(std::string_view text) {
  for (EquationFlag flag : allFlags)
    if (spelling(flag) == text) return flag;
  return std::nullopt;
}

const std::vector<std::string>& flagSpellings() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (EquationFlag flag : allFlags) out.emplace_back(spelling(flag));
    return out;
  }();
  return names;
}

const ast::Flag* findFlag(const ast::Equation& eq, EquationFlag flag) {
  for (const ast::Flag& f : eq.flags)
    if (f.text == spelling(flag)) return &f;
  return nullptr;
}

bool hasFlag(const ast::Equation& eq, EquationFlag flag) {
  return findFlag(eq, flag) != nullptr;
}

std::optional<ir::Monitor::Kind> monitorKindNamed(std::string_view text) {
  if (text == "spikes") return ir::Monitor::Kind::spikes;
  if (text == "state") return ir::Monitor::Kind::state;
  if (text == "rate") return ir::Monitor::Kind::rate;
  if (text == "events") return ir::Monitor::Kind::spikes;  // of a custom event
  return std::nullopt;
}

}  // namespace lsm::sema
