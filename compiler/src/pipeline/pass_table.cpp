#include "pipeline/pass_table.hpp"

#include "lsm/ir_printer.hpp"
#include "lsm/step_plan.hpp"
#include "parser/import_resolution.hpp"
#include "passes/branch_free_advance.hpp"
#include "passes/constant_hoisting.hpp"
#include "passes/deferred_stores.hpp"
#include "passes/event_lanes.hpp"
#include "passes/fuse_element_loops.hpp"
#include "passes/integration.hpp"
#include "passes/lazy_synapses.hpp"
#include "passes/precombine_linear_updates.hpp"
#include "passes/range_fixed_values.hpp"
#include "passes/reciprocals.hpp"
#include "passes/refractoriness_in_steps.hpp"
#include "passes/schedule.hpp"
#include "passes/step_plan_lowering.hpp"
#include "sema/checks.hpp"
#include "sema/name_binding.hpp"
#include "sema/poisson_groups.hpp"
#include "sema/template_expansion.hpp"

namespace lsm::pipeline {

namespace {

void parse(State& s) {
  s.module = s.text ? loadModelText(s.path, *s.text, s.sources, s.diagnostics)
                    : loadModel(s.path, s.sources, s.diagnostics);
  if (!s.module) s.stop = true;
}

void nameBinding(State& s) {
  sema::bindNames(*s.module, s.scope, *s.model, s.diagnostics);
  s.bound = true;
}

void constantEvaluation(State& s) {
  auto overrides = sema::parseOverrides(s.options.overrides, s.sources, s.diagnostics);
  if (!overrides) {
    s.stop = true;  // the model's constants are not the ones asked for
    return;
  }
  s.overrides = std::move(*overrides);
  s.model.emplace();
  sema::evaluateConstants(*s.module, s.overrides, s.scope, *s.model, s.diagnostics);
}

// Adapters from the passes' own signatures.
template <void (*check)(const ast::Module&, DiagnosticEngine&)>
void onAst(State& s) {
  check(*s.module, s.diagnostics);
}
template <void (*check)(const ir::Model&, DiagnosticEngine&)>
void onIr(State& s) {
  check(*s.model, s.diagnostics);
}
template <void (*transform)(ir::Model&)>
void transformIr(State& s) {
  transform(*s.model);
}
// A pass on the step plan: the model's plan is shared and immutable, so it works on a copy.
template <void (*transform)(ir::StepPlan&)>
void transformPlan(State& s) {
  if (s.model->plan == nullptr) return;
  auto plan = std::make_shared<ir::StepPlan>(*s.model->plan);
  transform(*plan);
  s.model->plan = std::move(plan);
}

using S = Stage;
using I = ir::Invariant;

}  // namespace

std::string_view spelling(Stage stage) {
  switch (stage) {
    case Stage::parse:
      return "parse";
    case Stage::sema:
      return "sema";
    case Stage::integration:
      return "integration";
    case Stage::optimisation:
      return "optimisation";
    case Stage::schedule:
      return "schedule";
    case Stage::plan:
      return "plan";
  }
  return "?";
}

const std::vector<Pass>& passes() {
  static const std::vector<Pass> table = {
      {"parse", S::parse, "text to AST, imports read and merged", parse, true, false, I::none},
      {"equation-flags", S::sema, "flags are known and fit their equations",
       onAst<sema::checkEquationFlags>, false, false, I::none},
      {"equation-declarations", S::sema, "dX/dt derivatives of real variables, _pre/_post names",
       onAst<sema::checkEquationDeclarations>, false, false, I::none},
      {"template-expansion", S::sema, "synapse_model instances get their bodies and parameters",
       [](State& s) { sema::expandTemplates(*s.module, s.diagnostics); }, true, false, I::none},
      {"poisson-groups", S::sema, "poisson_group P(N) { rates: ... } becomes its group",
       [](State& s) { sema::expandPoissonGroups(*s.module, s.diagnostics); }, true, false, I::none},
      {"body-items", S::sema, "bodies hold the items of their kind, once, in their form",
       onAst<sema::checkBodyItems>, false, false, I::none},
      {"statement-forms", S::sema, "statements assign; let and x[cond] = v in initialisations",
       onAst<sema::checkStatementForms>, false, false, I::none},
      {"placeholders", S::sema, "{name} only inside a synapse_model",
       onAst<sema::checkPlaceholders>, false, false, I::none},
      {"monitor-forms", S::sema, "spikes(...), state(...), rate(population)",
       onAst<sema::checkMonitorForms>, false, false, I::none},
      {"experiment-settings", S::sema, "the experiment's settings and steps, in form",
       onAst<sema::checkExperimentSettings>, true, false, I::none},
      {"constant-evaluation", S::sema, "the model's constants, with --set overrides",
       constantEvaluation, false, false, I::none},
      {"name-binding", S::sema, "AST to IR: every name resolved", nameBinding, true, false,
       I::bound},
      {"placement", S::sema, "t and random draws where they may stand", onIr<sema::checkPlacement>,
       false, false, I::bound},
      {"summed-variables", S::sema, "summed variables: names, targets, one per target",
       [](State& s) { sema::checkSummedVariables(*s.module, *s.model, s.diagnostics); }, false,
       false, I::bound},
      {"synapses-on-synapses", S::sema, "synapses targeting synapses: no on_post, no summed",
       onIr<sema::checkSynapsesOnSynapses>, false, false, I::bound},
      {"assignment-targets", S::sema,
       "constants are not changed while running, nor are "
       "subexpressions assigned",
       onIr<sema::checkAssignmentTargets>, true, false, I::bound},
      {"unit-check", S::sema, "dimensions and types of every expression and place",
       [](State& s) { sema::checkUnits(*s.model, s.diagnostics); }, false, false, I::typed},
      {"zero-divisors", S::sema, "no division by a divisor that is always zero",
       onIr<sema::checkZeroDivisors>, false, false, I::typed},
      {"subexpression-cycles", S::sema, "subexpressions do not depend on themselves",
       onIr<sema::checkSubexpressionCycles>, true, false, I::typed},
      {"shared-variables", S::sema, "shared variables take one value for all elements",
       onIr<sema::checkSharedVariables>, false, false, I::typed},
      {"experiment-values", S::sema, "the experiment's values and run durations are positive",
       onIr<sema::checkExperimentValues>, true, false, I::typed},
      {"monitor-intervals", S::sema, "state monitors record every whole number of steps",
       onIr<sema::checkMonitorIntervals>, true, false, I::typed},
      {"spike-generators", S::sema, "one spike per element and step, periods of whole steps",
       onIr<sema::checkSpikeGenerators>, true, false, I::typed},
      {"regular-operations", S::sema, "run_regularly runs where a step can run it",
       onIr<sema::checkRegularOperations>, true, false, I::typed},
      {"integration", S::integration, "equations to the state update of one step",
       [](State& s) {
         integrate(*s.model, s.diagnostics);
         s.integrated = true;
       },
       true, false, I::integrated},
      {"lazy-synapses", S::optimisation,
       "synapse variables advanced at their events, summed ones as running sums",
       transformIr<makeSynapsesLazy>, false, true, I::integrated, true},
      {"constant-hoisting", S::optimisation, "values fixed once built computed when built",
       transformIr<hoistConstants>, false, true, I::integrated},
      {"schedule", S::schedule, "the operations of one step in Brian2's order",
       transformIr<schedule>, false, false, I::scheduled},
      {"step-plan", S::plan, "the step as typed operations on typed slots, as both backends run it",
       transformIr<lowerToStepPlan>, false, false, I::scheduled},
      {"refractoriness-in-steps", S::plan,
       "Brian2's refractoriness test as a comparison of step numbers, where it gives the same "
       "answers",
       transformPlan<makeRefractorinessSteps>, false, true, I::scheduled},
      {"range-fixed-values", S::plan,
       "loops cut where a variable written only on other elements of the group is fixed",
       transformPlan<splitAtRangeFixedValues>, false, true, I::scheduled},
      {"precombine", S::plan, "linear updates as coefficients times terms plus an offset",
       transformPlan<precombineLinearUpdates>, false, true, I::scheduled, true},
      {"reciprocals", S::plan, "divisions by values fixed while running become multiplications",
       transformPlan<replaceDivisionsByReciprocals>, false, true, I::scheduled, true},
      {"fuse-loops", S::plan,
       "a group's loops of a step (running sums, update, threshold) as one per element range",
       transformPlan<fuseElementLoops>, false, true, I::scheduled},
      {"branch-free-advance", S::plan,
       "catch-ups by repeated squaring select each power's result instead of jumping over it",
       transformPlan<makeAdvancesBranchFree>, false, true, I::scheduled},
      {"event-lanes", S::plan,
       "a pathway's synapses due in a step catch up in vector lanes, their sums added in order",
       transformPlan<putEventsInLanes>, false, true, I::scheduled},
      {"deferred-stores", S::plan,
       "values only their own loop reads reach memory at a run's last step, not at every step",
       transformPlan<deferStores>, false, true, I::scheduled},
  };
  return table;
}

const Pass* findPass(std::string_view name) {
  for (const Pass& pass : passes())
    if (pass.name == name) return &pass;
  return nullptr;
}

std::string print(const State& state) {
  if (state.model && state.model->plan) {
    return ir::toString(*state.model) + "\n" + ir::toString(*state.model->plan);
  }
  if (state.model && state.bound) {
    if (!state.integrated || !state.model->schedule.empty()) return ir::toString(*state.model);
    ir::Model scheduled = *state.model;
    scheduled.schedule = scheduleOf(scheduled);
    return ir::toString(scheduled);
  }
  std::string out = state.module ? ast::toString(*state.module) : "";
  if (state.model && !state.model->constants.empty()) {
    out += "\n# the constants' values\n" + ir::toString(*state.model);
  }
  return out;
}

}  // namespace lsm::pipeline
