#include "passes/flag_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "diagnostics/suggest.hpp"

namespace lsm {

namespace {

const std::vector<std::string> allFlags = {"shared",          "constant",     "summed",
                                           "clock-driven",    "event-driven", "unless refractory",
                                           "constant over dt"};

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() > suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

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
std::vector<std::string> allowedFlags(ast::Equation::Kind kind, bool inSynapses) {
  switch (kind) {
    case ast::Equation::Kind::differential:
      return inSynapses ? std::vector<std::string>{"clock-driven", "event-driven"}
                        : std::vector<std::string>{"unless refractory"};
    case ast::Equation::Kind::subexpression:
      return inSynapses ? std::vector<std::string>{"summed", "shared", "constant over dt"}
                        : std::vector<std::string>{"shared", "constant over dt"};
    case ast::Equation::Kind::parameter:
      return {"shared", "constant"};
  }
  return {};
}

void checkEquations(const ast::Body& body, bool inSynapses, const std::string& owner,
                    DiagnosticEngine& diagnostics) {
  for (const ast::BodyItem& item : body.items) {
    for (const ast::Equation& eq : item.equations) {
      std::set<std::string> seen;
      bool driven = false;
      bool unknownFlag = false;
      for (const ast::Flag& flag : eq.flags) {
        if (std::find(allFlags.begin(), allFlags.end(), flag.text) == allFlags.end()) {
          unknownFlag = true;
          diagnostics.error(flag.location, fmt::format("unknown flag '{}'{}", flag.text,
                                                       didYouMean(flag.text, allFlags)));
          continue;
        }
        if (!seen.insert(flag.text).second) {
          diagnostics.error(flag.location, fmt::format("flag '{}' is given twice", flag.text));
          continue;
        }
        auto allowed = allowedFlags(eq.kind, inSynapses);
        if (std::find(allowed.begin(), allowed.end(), flag.text) == allowed.end()) {
          diagnostics.error(flag.location, fmt::format("flag '{}' does not fit {} in {}", flag.text,
                                                       describe(eq.kind), owner));
          continue;
        }
        if (flag.text == "clock-driven" || flag.text == "event-driven") {
          if (driven) {
            diagnostics.error(flag.location,
                              "an equation is either clock-driven or event-driven, not both");
          }
          driven = true;
        }
        if (flag.text == "summed" && !endsWith(eq.name, "_post")) {
          diagnostics.error(flag.location,
                            fmt::format("summed variable '{}' must name a variable of the "
                                        "target group with the suffix '_post'",
                                        eq.name));
        }
        if (flag.text == "shared" && eq.kind == ast::Equation::Kind::subexpression &&
            seen.count("summed") > 0) {
          diagnostics.error(flag.location, "a summed variable cannot be shared");
        }
      }
      if (inSynapses && eq.kind == ast::Equation::Kind::differential && !driven && !unknownFlag) {
        diagnostics.error(eq.location, fmt::format("the synaptic equation for '{}' needs the flag "
                                                   "'clock-driven' or 'event-driven'",
                                                   eq.name));
      }
      if (!inSynapses || seen.count("summed") > 0) continue;
      if (endsWith(eq.name, "_post") || endsWith(eq.name, "_pre")) {
        diagnostics.error(eq.location,
                          fmt::format("'{}': names ending in _pre or _post refer to the source "
                                      "and target groups; only a (summed) variable may be "
                                      "defined with one",
                                      eq.name));
      }
    }
  }
}

// True when an expression has the same value for every element: no per-element variable, no
// index, no random draw.
bool isUniform(const ir::Expr& e, const std::vector<ir::Variable>& variables) {
  if (e.kind == ir::Expr::Kind::special && e.special != ir::Special::N &&
      e.special != ir::Special::t && e.special != ir::Special::dt) {
    return false;
  }
  if (e.kind == ir::Expr::Kind::call && ir::isRandom(e.function)) return false;
  if (e.kind == ir::Expr::Kind::variable) {
    if (e.scope != ir::Scope::self) return false;
    for (const auto& v : variables)
      if (v.name == e.name && !v.shared) return false;
  }
  for (const auto& operand : e.operands)
    if (!isUniform(operand, variables)) return false;
  return true;
}

const ir::Variable* find(const std::vector<ir::Variable>& variables, const std::string& name) {
  for (const auto& v : variables)
    if (v.name == name) return &v;
  return nullptr;
}

void checkInit(const std::vector<ir::Statement>& statements,
               const std::vector<ir::Variable>& variables, bool isSubgroup,
               DiagnosticEngine& diagnostics) {
  std::set<std::string> perElementLocals;
  for (const ir::Statement& s : statements) {
    bool uniform = isUniform(s.value, variables) && !s.condition;
    for (const auto& local : perElementLocals) {
      // A local computed per element makes every use of it per element.
      std::function<bool(const ir::Expr&)> uses = [&](const ir::Expr& e) {
        if (e.kind == ir::Expr::Kind::variable && e.scope == ir::Scope::local && e.name == local)
          return true;
        return std::any_of(e.operands.begin(), e.operands.end(), uses);
      };
      if (uses(s.value)) uniform = false;
    }
    if (s.kind == ir::Statement::Kind::let) {
      if (!uniform) perElementLocals.insert(s.target);
      continue;
    }
    const ir::Variable* v = find(variables, s.target);
    if (v == nullptr || !v->shared || s.targetScope != ir::Scope::self) continue;
    if (isSubgroup) {
      diagnostics.error(s.location,
                        fmt::format("'{}' is shared by the whole group and cannot be set for a "
                                    "subgroup",
                                    s.target));
    } else if (!uniform) {
      diagnostics.error(s.location,
                        fmt::format("'{}' is shared: it takes one value for all elements, but "
                                    "this initialisation differs per element",
                                    s.target));
    }
  }
}

void checkNoConstantWritten(const std::vector<ir::Statement>& statements,
                            const std::vector<ir::Variable>& own,
                            const std::vector<ir::Variable>* pre,
                            const std::vector<ir::Variable>* post, const std::string& where,
                            DiagnosticEngine& diagnostics) {
  for (const ir::Statement& s : statements) {
    const std::vector<ir::Variable>* scope = s.targetScope == ir::Scope::self  ? &own
                                             : s.targetScope == ir::Scope::pre ? pre
                                                                               : post;
    if (scope == nullptr) continue;
    const ir::Variable* v = find(*scope, s.target);
    if (v != nullptr && v->constant) {
      diagnostics.error(
          s.location, fmt::format("'{}' is constant and cannot be changed in {}", s.target, where));
    }
    if (v != nullptr && v->kind == ir::Variable::Kind::parameter && v->shared &&
        where != "the reset") {
      // Writing a shared variable from per-synapse code would race between synapses.
      diagnostics.error(s.location,
                        fmt::format("'{}' is shared and cannot be changed in {}", s.target, where));
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

// A shared subexpression has one value for the group, so its expression must not differ per
// element.
void checkSharedSubexpressions(const std::vector<ir::Equation>& equations,
                               const std::vector<ir::Variable>& variables,
                               DiagnosticEngine& diagnostics) {
  for (const ir::Equation& eq : equations) {
    const ir::Variable* v = find(variables, eq.variable);
    if (v == nullptr || !v->shared || eq.kind != ir::Equation::Kind::subexpression) continue;
    if (!isUniform(eq.rhs, variables)) {
      diagnostics.error(
          eq.location,
          fmt::format("'{}' is shared, but its expression differs per element", eq.variable));
    }
  }
}

void checkFlagUse(const ir::Model& model, DiagnosticEngine& diagnostics) {
  for (const ir::NeuronGroup& group : model.groups) {
    checkSharedSubexpressions(group.equations, group.variables, diagnostics);
    checkInit(group.init, group.variables, false, diagnostics);
    checkInit(group.trialInit, group.variables, false, diagnostics);
    checkNoConstantWritten(group.reset, group.variables, nullptr, nullptr, "the reset",
                           diagnostics);
  }
  for (const ir::Subgroup& subgroup : model.subgroups) {
    const ir::NeuronGroup* parent = model.findGroup(subgroup.group);
    if (parent == nullptr) continue;
    checkInit(subgroup.init, parent->variables, true, diagnostics);
    checkInit(subgroup.trialInit, parent->variables, true, diagnostics);
  }
  // Which elements of which target variable each summed variable fills.
  struct Fill {
    std::string synapses;
    std::int64_t start, stop;
    SourceLocation location;
  };
  std::map<std::pair<std::string, std::string>, std::vector<Fill>> fills;
  for (const ir::Synapses& synapses : model.synapses) {
    checkSharedSubexpressions(synapses.equations, synapses.variables, diagnostics);
    checkInit(synapses.init, synapses.variables, false, diagnostics);
    checkInit(synapses.trialInit, synapses.variables, false, diagnostics);
    const ir::NeuronGroup* pre = model.findGroup(synapses.source.group);
    const ir::NeuronGroup* post = model.findGroup(synapses.target.group);
    for (auto [list, where] :
         {std::pair{&synapses.onPre, "on_pre"}, std::pair{&synapses.onPost, "on_post"}}) {
      checkNoConstantWritten(*list, synapses.variables, pre ? &pre->variables : nullptr,
                             post ? &post->variables : nullptr, where, diagnostics);
    }
    for (const ir::SummedVariable& summed : synapses.summed) {
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

}  // namespace lsm
