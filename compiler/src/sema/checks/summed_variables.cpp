// Check: every rule of summed variables (`I_syn_post = w*g : ampere (summed)`) but their
// dimensions (unit checking's): the name ends in `_post`, the variable is not shared, its
// target is a per-element parameter of the target group that is not constant, and no two
// summed variables fill one element of a target. The first two are read from the AST (name
// binding skips summed variables without a `_post` name).
#include <fmt/format.h>

#include <map>
#include <set>
#include <tuple>

#include "diagnostics/suggest.hpp"
#include "sema/checks.hpp"

namespace lsm::sema {

namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() > suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The `summed` and `shared` flags as written. An instance's body holds its synapse_model's
// equations (at the model's locations): `reported` keeps each mistake to one message.
void checkFlags(const ast::Module& module, DiagnosticEngine& diagnostics) {
  std::set<std::tuple<std::string, int, int>> reported;
  auto report = [&](const SourceLocation& where, std::string message) {
    if (reported.insert({where.file, where.line, where.column}).second) {
      diagnostics.error(where, std::move(message));
    }
  };
  for (const ast::Synapses& s : module.synapses) {
    for (const ast::BodyItem& item : s.body.items) {
      for (const ast::Equation& eq : item.equations) {
        const ast::Flag* summed = nullptr;
        const ast::Flag* shared = nullptr;
        for (const ast::Flag& flag : eq.flags) {
          if (flag.text == "summed") summed = &flag;
          if (flag.text == "shared") shared = &flag;
        }
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
