// Check: equations are declared in their forms — a derivative is written `dX/dt`, only real
// variables have differential equations, and in synapses names ending in `_pre` or `_post`
// (which refer to the source and target groups) are only given to summed variables. Runs on
// the AST before template expansion, like the flags.
#include <fmt/format.h>

#include "sema/checks.hpp"
#include "sema/names.hpp"
#include "sema/unit_spec.hpp"

namespace lsm::sema {

namespace {

void checkEquations(const ast::Body& body, bool inSynapses, DiagnosticEngine& diagnostics) {
  for (const ast::BodyItem& item : body.items) {
    for (const ast::Equation& eq : item.equations) {
      if (inSynapses && hasFlag(eq, EquationFlag::summed)) continue;
      if (eq.kind == ast::Equation::Kind::differential) {
        const std::string& written = eq.derivative;
        if (written.size() < 5 || written[0] != 'd' || !endsWith(written, "/dt")) {
          diagnostics.error(
              eq.location,
              fmt::format("'{}' is not a derivative: write 'dX/dt' for a variable X", written));
          continue;
        }
        if (auto type = declaredType(eq.unit)) {
          diagnostics.error(
              eq.location,
              fmt::format("'{}' is {}: only real-valued variables can have a differential equation",
                          eq.name, *type == ir::ValueType::boolean ? "boolean" : "an integer"));
          continue;
        }
      }
      if (inSynapses && (endsWith(eq.name, "_post") || endsWith(eq.name, "_pre"))) {
        diagnostics.error(eq.location,
                          fmt::format("'{}': names ending in _pre or _post refer to the source "
                                      "and target groups; only a (summed) variable may be "
                                      "defined with one",
                                      eq.name));
      }
    }
  }
}

}  // namespace

void checkEquationDeclarations(const ast::Module& module, DiagnosticEngine& diagnostics) {
  for (const auto& g : module.groups) checkEquations(g.body, false, diagnostics);
  for (const auto& m : module.synapseModels) checkEquations(m.body, true, diagnostics);
  for (const auto& s : module.synapses) checkEquations(s.body, true, diagnostics);
}

}  // namespace lsm::sema
