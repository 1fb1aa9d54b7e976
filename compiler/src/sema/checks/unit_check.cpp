#include <fmt/format.h>

#include "ir/constant_folding.hpp"
#include "sema/checks.hpp"
#include "sema/dimension_inference.hpp"
#include "sema/experiment_schema.hpp"
#include "sema/model_places.hpp"

namespace lsm::sema {

namespace {

using ir::Expr;
using ir::ValueType;

// Checks the places of a model against the dimension and type they need.
class ModelChecker {
 public:
  explicit ModelChecker(DiagnosticEngine& diagnostics) : diagnostics_(diagnostics) {}

  void run(ir::Model& model) {
    for (ir::NeuronGroup& group : model.groups) checkGroup(group);
    for (ir::Subgroup& subgroup : model.subgroups) {
      std::string where = fmt::format("the initialisation of subgroup '{}'", subgroup.name);
      statements(subgroup.init, where);
      statements(subgroup.trialInit, where);
    }
    for (ir::Synapses& synapses : model.synapses) {
      templateArguments(synapses);
      checkSynapses(synapses, model.findGroup(synapses.target.group));
    }
    for (ir::PoissonInput& p : model.poissonInputs) {
      const ir::NeuronGroup* group = model.findGroup(p.target.group);
      const ir::Variable* v = group == nullptr ? nullptr : group->findVariable(p.variable);
      if (v != nullptr)
        expectDimension(p.weight, v->dimension,
                        fmt::format("the weight of poisson_input '{}'", p.name));
    }
    if (model.experiment) {
      experimentSettings(*model.experiment);
      steps(*model.experiment, model);
    }
  }

 private:
  bool infer(Expr& e, const LocalTypes* locals = nullptr) {
    return inferDimensions(e, diagnostics_, locals);
  }

  // Whether `e` has the dimension `expected`. A literal 0 fits any dimension (`v = 0`), and
  // takes the one it fits, so that what is built from it later is typed throughout.
  static bool fits(Expr& e, const Dimension& expected) {
    if (e.dimension == expected) return true;
    if (!isLiteralZero(e)) return false;
    e.dimension = expected;
    return true;
  }

  void expectDimension(Expr& e, const Dimension& expected, const std::string& where) {
    if (!infer(e)) return;
    if (e.type == ValueType::boolean) {
      diagnostics_.error(e.location, fmt::format("{} must be a number, not a boolean", where));
    } else if (!fits(e, expected)) {
      diagnostics_.error(e.begin, fmt::format("{} {}, expected {}", where, e.dimension.phrase(),
                                              expected.describe()));
    }
  }

  void expectNotNegative(const Expr& e, const std::string& what) {
    auto value = ir::foldConstant(e);
    if (value && *value < 0) {
      diagnostics_.error(e.begin, fmt::format("{} must not be negative", what));
    }
  }

  // A dimensionless integer: an index or a count (connect's j, range, n).
  void expectInteger(Expr& e, const std::string& where) {
    expectDimension(e, {}, where);
    if (e.type == ValueType::real && e.dimension == Dimension{}) {
      diagnostics_.error(e.begin, fmt::format("{} must be an integer (an index or a count), not "
                                              "a real number: use int(...) or '//'",
                                              where));
    }
  }

  void expectBoolean(Expr& e, const std::string& where) {
    if (!infer(e)) return;
    if (e.type != ValueType::boolean) {
      diagnostics_.error(e.begin, fmt::format("{} must be a condition (boolean), got a "
                                              "quantity with dimension {}",
                                              where, e.dimension.describe()));
    }
  }

  void equations(std::vector<ir::Equation>& eqs, const std::vector<ir::Variable>& variables) {
    for (ir::Equation& eq : eqs) {
      const ir::Variable* variable = nullptr;
      for (const auto& v : variables)
        if (v.name == eq.variable) variable = &v;
      if (variable == nullptr) continue;
      if (!infer(eq.rhs)) continue;
      Dimension expected = eq.kind == ir::Equation::Kind::differential
                               ? variable->dimension / Dimension::base(2)
                               : variable->dimension;
      std::string what = eq.kind == ir::Equation::Kind::differential
                             ? fmt::format("d{}/dt", eq.variable)
                             : eq.variable;
      if (eq.rhs.type == ValueType::boolean && variable->type != ValueType::boolean) {
        diagnostics_.error(eq.rhs.begin,
                           fmt::format("the equation for '{}' gives a boolean", what));
      } else if (eq.rhs.type != ValueType::boolean && variable->type == ValueType::boolean) {
        diagnostics_.error(eq.rhs.begin,
                           fmt::format("'{}' is boolean, its expression gives a number", what));
      } else if (!fits(eq.rhs, expected)) {
        diagnostics_.error(eq.rhs.begin,
                           fmt::format("dimension mismatch in the equation for '{}': the "
                                       "right-hand side {}, expected {}",
                                       what, eq.rhs.dimension.phrase(), expected.describe()));
      }
    }
  }

  void statements(std::vector<ir::Statement>& list, const std::string& where) {
    LocalTypes locals;
    for (ir::Statement& s : list) {
      if (s.condition && infer(*s.condition, &locals) && s.condition->type != ValueType::boolean) {
        diagnostics_.error(s.condition->location,
                           fmt::format("the condition of an assignment must be boolean, got a "
                                       "quantity with dimension {}",
                                       s.condition->dimension.describe()));
      }
      if (!infer(s.value, &locals)) continue;
      if (s.kind == ir::Statement::Kind::let) {
        s.targetDimension = s.value.dimension;
        s.targetType = s.value.type;
        locals[s.target] = {s.value.dimension, s.value.type};
        continue;
      }
      const Expr& v = s.value;
      if (s.targetType == ValueType::boolean) {
        if (v.type != ValueType::boolean) {
          diagnostics_.error(v.location, fmt::format("'{}' is boolean, the value assigned in {} "
                                                     "is a number",
                                                     s.target, where));
        }
        continue;
      }
      if (v.type == ValueType::boolean) {
        diagnostics_.error(v.location, fmt::format("'{}' is a number, the value assigned in {} "
                                                   "is a boolean",
                                                   s.target, where));
        continue;
      }
      if (s.targetType == ValueType::integer && v.type == ValueType::real) {
        diagnostics_.error(v.begin, fmt::format("'{}' is an integer, the value in {} is real "
                                                "(convert it with int(...))",
                                                s.target, where));
        continue;
      }
      Dimension expected = s.targetDimension;
      if (s.op == AssignOp::multiply || s.op == AssignOp::divide) {
        if (!v.dimension.isDimensionless()) {
          diagnostics_.error(v.location,
                             fmt::format("'{}' scales '{}' and must be dimensionless, "
                                         "got {}",
                                         spelling(s.op), s.target, v.dimension.describe()));
        }
        continue;
      }
      if (!fits(s.value, expected)) {
        diagnostics_.error(
            v.begin, fmt::format("dimension mismatch in {}: '{}' {}, the value {}", where, s.target,
                                 expected.phrase(), v.dimension.phrase()));
      }
    }
  }

  void checkGroup(ir::NeuronGroup& group) {
    equations(group.equations, group.variables);
    if (group.threshold) {
      expectBoolean(*group.threshold, fmt::format("the threshold of group '{}'", group.name));
    }
    std::string owner = fmt::format(" of group '{}'", group.name);
    statements(group.reset, "the reset" + owner);
    for (ir::RegularOperation& r : group.regular) statements(r.code, "run_regularly" + owner);
    for (ir::GroupEvent& event : group.events) {
      std::string ofEvent = fmt::format(" of event '{}'{}", event.name, owner);
      expectBoolean(event.condition, "the condition" + ofEvent);
      statements(event.code, "run_on_event" + ofEvent);
    }
    if (group.refractory && infer(*group.refractory) &&
        group.refractory->type != ValueType::boolean) {
      if (!(group.refractory->dimension == Dimension::base(2))) {
        diagnostics_.error(group.refractory->begin,
                           fmt::format("the refractory period must be a duration (second) or a "
                                       "condition, got {}",
                                       group.refractory->dimension.describe()));
      } else {
        expectNotNegative(*group.refractory, "the refractory period");
      }
    }
    statements(group.init, "the initialisation" + owner);
    statements(group.trialInit, "the initialisation" + owner);
  }

  // An argument has the dimension its synapse_model declares for the parameter.
  void templateArguments(const ir::Synapses& synapses) {
    for (const ir::ParameterValue& p : synapses.parameters) {
      if (!p.declared || *p.declared == p.value.dimension) continue;
      diagnostics_.error(
          p.location,
          fmt::format("argument '{}' of '{}' must have dimension {}, got {}", p.name,
                      synapses.model, p.declared->describe(), p.value.dimension.describe()));
    }
  }

  void experimentSettings(const ir::Experiment& experiment) {
    for (const ir::Setting& setting : experiment.settings) {
      const ExperimentRule* rule = experimentRule(setting.name);
      if (rule == nullptr || rule->takesNames()) continue;
      for (std::size_t k = 0; k < setting.values.size(); ++k) {
        const Dimension& d = setting.values[k].dimension;
        if (d == rule->dimension) continue;
        diagnostics_.error(setting.valueLocations[k],
                           fmt::format("experiment setting '{}' must have dimension {}, got {}",
                                       setting.name, rule->dimension.describe(), d.describe()));
      }
    }
  }

  // run(DURATION) and the statements between runs.
  void steps(ir::Experiment& experiment, const ir::Model& model) {
    for (ir::ExperimentStep& step : experiment.steps) {
      if (step.kind == ir::ExperimentStep::Kind::run &&
          !(step.duration.dimension == Dimension::base(2))) {
        diagnostics_.error(step.location,
                           fmt::format("the duration of run(...) must have dimension second, "
                                       "got {}",
                                       step.duration.dimension.describe()));
      }
      if (step.kind == ir::ExperimentStep::Kind::assign) {
        statements(step.statement,
                   describePlace(Place::betweenRuns, describeObject(model, step.object)));
      }
    }
  }

  void checkSynapses(ir::Synapses& synapses, const ir::NeuronGroup* targetGroup) {
    equations(synapses.equations, synapses.variables);
    for (ir::SummedVariable& summed : synapses.summed) {
      const ir::Variable* target = targetGroup ? targetGroup->findVariable(summed.target) : nullptr;
      if (target != nullptr && !(target->dimension == summed.dimension)) {
        diagnostics_.error(summed.location,
                           fmt::format("summed variable '{}_post' has dimension {}, its target "
                                       "'{}' has {}",
                                       summed.target, summed.dimension.describe(), summed.target,
                                       target->dimension.describe()));
        continue;
      }
      if (!infer(summed.rhs)) continue;
      if (!fits(summed.rhs, summed.dimension)) {
        diagnostics_.error(
            summed.rhs.begin,
            fmt::format("dimension mismatch in summed variable '{}': the "
                        "right-hand side {}, expected {}",
                        summed.target, summed.rhs.dimension.phrase(), summed.dimension.describe()));
      }
    }
    std::string owner = fmt::format(" of synapses '{}'", synapses.name);
    statements(synapses.onPre, "on_pre" + owner);
    statements(synapses.onPost, "on_post" + owner);
    for (ir::RegularOperation& r : synapses.regular) statements(r.code, "run_regularly" + owner);
    if (synapses.connect.condition) {
      expectBoolean(*synapses.connect.condition, "the connection condition" + owner);
    }
    if (synapses.connect.probability) {
      expectDimension(*synapses.connect.probability, {}, "the connection probability" + owner);
    }
    ir::ConnectRule& connect = synapses.connect;
    if (connect.target) expectInteger(*connect.target, "the target index j" + owner);
    for (auto* bound : {&connect.rangeLow, &connect.rangeHigh, &connect.rangeStep}) {
      if (*bound) expectInteger(**bound, "a bound of the connection range" + owner);
    }
    if (connect.multiplicity) {
      expectInteger(*connect.multiplicity, "the number of synapses per pair n" + owner);
    }
    if (synapses.delay) {
      expectDimension(*synapses.delay, Dimension::base(2), "the delay" + owner);
      expectNotNegative(*synapses.delay, "the delay");
    }
    statements(synapses.init, "the initialisation" + owner);
    statements(synapses.trialInit, "the initialisation" + owner);
  }

  DiagnosticEngine& diagnostics_;
};

}  // namespace

void checkUnits(ir::Model& model, DiagnosticEngine& diagnostics) {
  ModelChecker(diagnostics).run(model);
}

}  // namespace lsm::sema
