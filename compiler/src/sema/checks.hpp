// The context conditions of semantic analysis: one check per file in checks/, each with the
// valid and invalid model files that exercise it (tests/models/checks/<check>/). The pass
// table (pipeline/pass_table.cpp) runs them in order; each stage stops the pipeline when it
// reported errors, so later checks only see what earlier ones accepted.
#pragma once

#include "lsm/ast.hpp"
#include "lsm/diagnostics.hpp"
#include "lsm/ir.hpp"

namespace lsm::sema {

// ---- on the AST, before template expansion (a synapse_model's mistakes are reported once)
// Every flag is known, given once and fits its equation (`unless refractory` on a group's
// ODE, which then needs a `refractory:`, `clock-driven`/`event-driven` on a synapse's ODE,
// which needs one of them, `shared` and `constant` on parameters, `constant over dt` on
// subexpressions).
void checkEquationFlags(const ast::Module& module, DiagnosticEngine& diagnostics);
// `dX/dt` derivatives, differential equations only on real variables, `_pre`/`_post` names
// only for summed variables in synapses.
void checkEquationDeclarations(const ast::Module& module, DiagnosticEngine& diagnostics);

// ---- on the AST, after template expansion
// Every body holds only the items of its kind, each once and in its form (block `init { }`
// or setting `threshold: ...`, one expression where one is expected); synapses have a
// `connect:` rule; steps and assignments between runs only in the experiment.
void checkBodyItems(const ast::Module& module, DiagnosticEngine& diagnostics);
// Every statement of a statement list assigns a variable; `let` and conditional assignments
// `x[condition] = value` only in initialisations (and conditions between runs).
void checkStatementForms(const ast::Module& module, DiagnosticEngine& diagnostics);
// `{name}` placeholders only inside a synapse_model.
void checkPlaceholders(const ast::Module& module, DiagnosticEngine& diagnostics);
// Monitors are `spikes(population)` or `state(population, variable, ...)`.
void checkMonitorForms(const ast::Module& module, DiagnosticEngine& diagnostics);
// At most one experiment block; its settings are known, given once, as settings, with the
// number and kind of values each takes.
void checkExperimentSettings(const ast::Module& module, DiagnosticEngine& diagnostics);

// ---- on the IR
// What may appear where: `t` and `dt` not in initialisations, connection rules and delays;
// random draws only there and between runs.
void checkPlacement(const ir::Model& model, DiagnosticEngine& diagnostics);
// Every rule of summed variables: a `_post` name, not shared, a target that is a
// per-element parameter of the target group that is not constant, and one summed variable
// per target element. (Their dimensions are unit checking's.)
void checkSummedVariables(const ast::Module& module, const ir::Model& model,
                          DiagnosticEngine& diagnostics);
// Dimensions and types: every expression of the IR gets its dimension and type, and every
// place that needs a particular one (equations, thresholds, resets, initialisations,
// connection rules, delays, summed variables, template arguments, experiment settings) is
// checked against it. Errors name both dimensions.
void checkUnits(ir::Model& model, DiagnosticEngine& diagnostics);
// No divisor is zero whatever the state (`v/(0 mV)`, `i % 0`, `x /= 0`, a constant that is
// 0), except in a branch that a constant condition never takes.
void checkZeroDivisors(const ir::Model& model, DiagnosticEngine& diagnostics);
// Subexpressions do not depend on themselves (`a = b + 1`, `b = 2*a`).
void checkSubexpressionCycles(const ir::Model& model, DiagnosticEngine& diagnostics);
// Shared variables take one value for all elements: uniform initialisations, not set per
// subgroup, uniform shared subexpressions, not written by per-synapse events.
void checkSharedVariables(const ir::Model& model, DiagnosticEngine& diagnostics);
// Constants are not written while the model runs, and subexpressions are never assigned.
void checkAssignmentTargets(const ir::Model& model, DiagnosticEngine& diagnostics);
// A state monitor's `every` is a whole number of the experiment's time steps.
void checkMonitorIntervals(const ir::Model& model, DiagnosticEngine& diagnostics);
// The experiment's values are positive (counts: positive integers).
void checkExperimentValues(const ir::Model& model, DiagnosticEngine& diagnostics);
// Synapses whose target is synapses have no on_post and no summed variables.
void checkSynapsesOnSynapses(const ir::Model& model, DiagnosticEngine& diagnostics);
// A spike generator's spikes fit the time step: one per element and step; a period of whole
// steps after the last spike.
void checkSpikeGenerators(const ir::Model& model, DiagnosticEngine& diagnostics);
// A run_regularly's `dt` is a whole number of the experiment's time steps, and none runs
// before a state monitor in the start slot.
void checkRegularOperations(const ir::Model& model, DiagnosticEngine& diagnostics);

}  // namespace lsm::sema
