// Check: every flag of an equation is known, given once, and fits its equation; a synaptic
// differential equation is clock-driven or event-driven; an `(unless refractory)` one is in a
// group with a refractory period. Runs on the AST before template
// expansion, so that a synapse_model's mistakes are reported once, in the model.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "diagnostics/suggest.hpp"
#include "sema/checks.hpp"
#include "sema/names.hpp"

namespace lsm::sema {

namespace {

std::string describe(ast::Equation::Kind kind) {
  switch (kind) {
    case ast::Equation::Kind::differential:
      return "a differential equation";
    case ast::Equation::Kind::subexpression:
      return "a subexpression";
    case ast::Equation::Kind::parameter:
      return "a parameter";
  }
  return "an equation";
}

// Flags that fit an equation kind, in a group or in synapses.
std::vector<EquationFlag> allowedFlags(ast::Equation::Kind kind, bool inSynapses) {
  using F = EquationFlag;
  switch (kind) {
    case ast::Equation::Kind::differential:
      return inSynapses ? std::vector<F>{F::clockDriven, F::eventDriven}
                        : std::vector<F>{F::unlessRefractory};
    case ast::Equation::Kind::subexpression:
      return inSynapses ? std::vector<F>{F::summed, F::shared, F::constantOverDt}
                        : std::vector<F>{F::shared, F::constantOverDt};
    case ast::Equation::Kind::parameter:
      if (!inSynapses) return {F::shared, F::constant, F::linked};
      return {F::shared, F::constant};
  }
  return {};
}

bool hasRefractoryPeriod(const ast::Body& body) {
  for (const ast::BodyItem& item : body.items)
    if (item.key == "refractory") return true;
  return false;
}

void checkEquations(const ast::Body& body, bool inSynapses, const std::string& owner,
                    DiagnosticEngine& diagnostics) {
  for (const ast::BodyItem& item : body.items) {
    for (const ast::Equation& eq : item.equations) {
      std::set<std::string> seen;
      bool driven = false;
      bool unknownFlag = false;
      for (const ast::Flag& flag : eq.flags) {
        std::optional<EquationFlag> known = flagNamed(flag.text);
        if (!known) {
          unknownFlag = true;
          diagnostics.error(flag.location, fmt::format("unknown flag '{}'{}", flag.text,
                                                       didYouMean(flag.text, flagSpellings())));
          continue;
        }
        if (!seen.insert(flag.text).second) {
          diagnostics.error(flag.location, fmt::format("flag '{}' is given twice", flag.text));
          continue;
        }
        auto allowed = allowedFlags(eq.kind, inSynapses);
        if (std::find(allowed.begin(), allowed.end(), *known) == allowed.end()) {
          diagnostics.error(flag.location, fmt::format("flag '{}' does not fit {} in {}", flag.text,
                                                       describe(eq.kind), owner));
          continue;
        }
        if (*known == EquationFlag::clockDriven || *known == EquationFlag::eventDriven) {
          if (driven) {
            diagnostics.error(flag.location,
                              "an equation is either clock-driven or event-driven, not both");
          }
          driven = true;
        }
      }
      if (!inSynapses && hasFlag(eq, EquationFlag::unlessRefractory) &&
          !hasRefractoryPeriod(body)) {
        diagnostics.error(eq.location, fmt::format("d{}/dt is '(unless refractory)', but {} has "
                                                   "no 'refractory:' setting",
                                                   eq.name, owner));
      }
      if (inSynapses && eq.kind == ast::Equation::Kind::differential && !driven && !unknownFlag) {
        diagnostics.error(eq.location, fmt::format("the synaptic equation for '{}' needs the flag "
                                                   "'clock-driven' or 'event-driven'",
                                                   eq.name));
      }
    }
  }
}

}  // namespace

void checkEquationFlags(const ast::Module& module, DiagnosticEngine& diagnostics) {
  for (const auto& g : module.groups) {
    checkEquations(g.body, false, fmt::format("group '{}'", g.name), diagnostics);
  }
  for (const auto& m : module.synapseModels) {
    checkEquations(m.body, true, fmt::format("synapse_model '{}'", m.name), diagnostics);
  }
  for (const auto& s : module.synapses) {
    // An instance's own body (items it adds or replaces) is checked here; the rest in its
    // synapse_model.
    checkEquations(s.body, true, fmt::format("synapses '{}'", s.name), diagnostics);
  }
}

}  // namespace lsm::sema
