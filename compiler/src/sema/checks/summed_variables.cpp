// Check: every rule of summed variables (`I_syn_post = w*g : ampere (summed)`) but their
// dimensions (unit checking's): the name ends in `_post`, the variable is not shared, its
// target is a per-element parameter of the target group that is not constant, and no two
// summed variables fill one element of a target. The first two are read from the AST (name
// binding skips summed variables without a `_post` name).
#include <fmt/format.h>

#include <map>
#include <set>

#include "diagnostics/suggest.hpp"
#include "sema/checks.hpp"
#include "sema/names.hpp"

namespace lsm::sema {

namespace {

// The `summed` and `shared` flags as written. (An instance's body holds its synapse_model's
// equations at the model's places: the engine keeps one error per place.)
void checkFlags(const ast::Module& module, DiagnosticEngine& diagnostics) {
  auto report = [&](const SourceLocation& where, std::string message) {
    diagnostics.error(where, std::move(message));
  };
  for (const ast::Synapses& s : module.synapses) {
    for (const ast::BodyItem& item : s.body.items) {
      for (const ast::Equation& eq : item.equations) {
        const ast::Flag* summed = findFlag(eq, EquationFlag::summed);
        const ast::Flag* shared = findFlag(eq, EquationFlag::shared);
        if (summed == nullptr || eq.kind != ast::Equation::Kind::subexpression) continue;
        if (!endsWith(eq.name, "_post")) {
          report(summed->location, fmt::format("summed variable '{}' must name a variable of the "
                                               "target group with the suffix '_post'",
                                               eq.name));
        }
        if (shared != nullptr) report(shared->location, "a summed variable cannot be shared");
      }
    }
  }
}

}  // namespace

void checkSummedVariables(const ast::Module& module, const ir::Model& model,
                          DiagnosticEngine& diagnostics) {
  checkFlags(module, diagnostics);
  // Which elements of which target variable each summed variable fills.
  struct Fill {
    std::string synapses;
    std::int64_t start, stop;
    SourceLocation location;
  };
  std::map<std::pair<std::string, std::string>, std::vector<Fill>> fills;
  for (const ir::Synapses& synapses : model.synapses) {
    const ir::NeuronGroup* group = model.findGroup(synapses.target.group);
    if (group == nullptr) continue;
    for (const ir::SummedVariable& summed : synapses.summed) {
      std::string written = summed.target + "_post";
      const ir::Variable* target = group->findVariable(summed.target);
      if (target == nullptr) {
        std::vector<std::string> names;
        for (const auto& v : group->variables) names.push_back(v.name);
        diagnostics.error(
            summed.location,
            fmt::format("summed variable '{}': '{}' has no variable '{}'{}", written,
                        synapses.target.name, summed.target, didYouMean(summed.target, names)));
        continue;
      }
      if (target->implicit) {
        diagnostics.error(summed.location,
                          fmt::format("summed variable '{}': '{}' is lsmc's own variable of '{}' "
                                      "and cannot be a target",
                                      written, summed.target, synapses.target.group));
        continue;
      }
      if (target->type != ir::ValueType::real) {
        diagnostics.error(
            summed.location,
            fmt::format("summed variable '{}': the target '{}' is {}; a sum needs "
                        "a real-valued target (declared with a unit)",
                        written, summed.target,
                        target->type == ir::ValueType::boolean ? "boolean" : "an integer"));
        continue;
      }
      if (target->kind != ir::Variable::Kind::parameter || target->constant || target->shared) {
        diagnostics.error(summed.location,
                          fmt::format("summed variable '{}': the target '{}' must be a "
                                      "per-element parameter that is not constant (declared "
                                      "'{} : unit')",
                                      written, summed.target, summed.target));
        continue;
      }
      auto& list = fills[{synapses.target.group, summed.target}];
      for (const Fill& other : list) {
        if (other.start < synapses.target.stop && synapses.target.start < other.stop) {
          Diagnostic& error = diagnostics.error(
              summed.location,
              fmt::format("'{}' of group '{}' is already a summed variable of synapses '{}'; "
                          "two summed variables cannot fill one target",
                          summed.target, synapses.target.group, other.synapses));
          error.notes.push_back(
              {Severity::note, other.location, "the other summed variable is defined here", {}});
        }
      }
      list.push_back({synapses.name, synapses.target.start, synapses.target.stop, summed.location});
    }
  }
}

}  // namespace lsm::sema
