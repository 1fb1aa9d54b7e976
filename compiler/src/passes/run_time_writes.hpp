// The variables that change while a network runs, per group and synapses: what a pass may
// treat as fixed once the network is built (integration coefficients, hoisted constants).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "integration/expression_builder.hpp"
#include "lsm/ir.hpp"

namespace lsm {

// Whether `e` can differ between the elements of the object that owns `variables`: it reads
// a variable that is not shared (or not the object's own), or the element's index i or j.
// Decides whether a value computed when the network is built is one per element or shared.
inline bool differsPerElement(const ir::Expr& e, const std::vector<ir::Variable>& variables) {
  return build::any(e, [&](const ir::Expr& n) {
    if (n.kind == ir::Expr::Kind::special) {
      return n.special == ir::Special::i || n.special == ir::Special::j;
    }
    if (n.kind != ir::Expr::Kind::variable) return false;
    for (const auto& v : variables)
      if (v.name == n.name) return !v.shared;
    return true;
  });
}

// The variables that change while a network runs: integrated states, and everything reset,
// spikes, custom events, run_regularly, synaptic events or a trial's initialisation assign. The
// others keep the values the network was built with, so coefficients made of them can be computed
// once per element.
struct RunTimeWrites {
  std::map<std::string, std::set<std::string>> ofGroup;     // group name -> variables
  std::map<std::string, std::set<std::string>> ofSynapses;  // synapses name -> variables

  explicit RunTimeWrites(const ir::Model& model) {
    auto note = [](std::set<std::string>& into, const std::vector<ir::Statement>& statements,
                   ir::Scope scope) {
      for (const auto& s : statements)
        if (s.kind == ir::Statement::Kind::assign && s.targetScope == scope) into.insert(s.target);
    };
    for (const auto& g : model.groups) {
      auto& written = ofGroup[g.name];
      for (const auto& eq : g.equations)
        if (eq.kind == ir::Equation::Kind::differential) written.insert(eq.variable);
      note(written, g.reset, ir::Scope::self);
      note(written, g.trialInit, ir::Scope::self);
      for (const auto& r : g.regular) note(written, r.code, ir::Scope::self);
      for (const auto& e : g.events) note(written, e.code, ir::Scope::self);
      written.insert({"lastspike", "not_refractory"});
    }
    for (const auto& s : model.subgroups) note(ofGroup[s.group], s.trialInit, ir::Scope::self);
    for (const auto& s : model.synapses) {
      auto& own = ofSynapses[s.name];
      for (const auto& eq : s.equations)
        if (eq.kind == ir::Equation::Kind::differential) own.insert(eq.variable);
      note(own, s.trialInit, ir::Scope::self);
      std::vector<const std::vector<ir::Statement>*> code = {&s.onPre, &s.onPost};
      for (const auto& r : s.regular) code.push_back(&r.code);
      for (const auto* events : code) {
        note(own, *events, ir::Scope::self);
        note(ofGroup[s.source.group], *events, ir::Scope::pre);
        note(s.target.isSynapses ? ofSynapses[s.target.group] : ofGroup[s.target.group], *events,
             ir::Scope::post);
      }
      for (const auto& summed : s.summed) ofGroup[s.target.group].insert(summed.target);
    }
    for (const auto& p : model.poissonInputs) ofGroup[p.target.group].insert(p.variable);
    // A linked variable is read from the variable it is linked to while the network runs,
    // never when it is built: nothing may be computed from it beforehand.
    for (const auto& g : model.groups)
      for (const auto& v : g.variables)
        if (v.linked) ofGroup[g.name].insert(v.name);
  }
};

}  // namespace lsm
