// The name binder's parts (name_binding.cpp runs them): one object kind per file —
// bind_spike_generators.cpp, bind_groups.cpp (groups, subgroups, equations), bind_statements.cpp
// (statement lists and their targets), bind_synapses.cpp, bind_monitors.cpp (monitors and the
// experiment), bind_regular_operations.cpp (run_regularly), bind_events.cpp (custom events),
// bind_links.cpp (linked variables).
#pragma once

#include <map>
#include <set>

#include "lsm/ast.hpp"
#include "lsm/diagnostics.hpp"
#include "lsm/ir.hpp"
#include "sema/body_schema.hpp"
#include "sema/constant_evaluation.hpp"
#include "sema/expression_binding.hpp"
#include "sema/places.hpp"
#include "sema/symbol_table.hpp"

namespace lsm::sema {

// Which variables a statement list may assign.
struct AssignmentTargets {
  const std::vector<ir::Variable>* own = nullptr;
  const std::vector<ir::Variable>* pre = nullptr;   // synaptic code: x_pre
  const std::vector<ir::Variable>* post = nullptr;  // synaptic code: x_post or x
};

class Binder {
 public:
  Binder(ModelScope& scope, ir::Model& model, DiagnosticEngine& diagnostics)
      : scope_(scope),
        model_(model),
        diagnostics_(diagnostics),
        expressions_(scope, diagnostics),
        constants_(scope, diagnostics) {}

  // bind_spike_generators.cpp
  void generator(const ast::SpikeGenerator& g);
  // bind_timed_arrays.cpp
  void timedArray(const ast::TimedArray& a);
  // bind_groups.cpp
  void declareGroup(const ast::Group& g);
  void defineGroup(const ast::Group& g, ir::NeuronGroup& group);
  void subgroup(const ast::Subgroup& s);
  void defineSubgroup(const ast::Subgroup& s);
  // bind_synapses.cpp
  void synapses(const ast::Synapses& s);
  // The model's synapses names, noted before any is bound (for the hint that a synapses
  // target is defined later).
  void noteSynapses(const std::string& name) { synapsesNames_.insert(name); }
  // bind_poisson_inputs.cpp
  void poissonInput(const ast::PoissonInput& p);
  // bind_monitors.cpp
  void monitor(const ast::Monitor& m);
  void experiment(const ast::Experiment& e);

 private:
  std::optional<ir::Expr> bind(const ast::Expr& e, const ExpressionScope& scope) {
    return expressions_.bind(e, scope);
  }

  // bind_groups.cpp: the variables of an equations block (names, dimensions, flags), then
  // their equations.
  void declareVariables(const ast::BodyItem* equations, std::vector<ir::Variable>& variables,
                        bool inSynapses);
  void bindEquations(const ast::BodyItem* equations, std::vector<ir::Equation>& out,
                     const std::vector<ir::Variable>& variables, const ExpressionScope& scope);
  ir::Method method(const ast::BodyItem* item);
  ExpressionScope groupScope(const ir::NeuronGroup& group, const std::string& place) const;

  // bind_statements.cpp
  std::vector<ir::Statement> statements(const ast::BodyItem* item, ExpressionScope scope,
                                        const AssignmentTargets& targets);
  bool assignmentTarget(const ast::Statement& s, const AssignmentTargets& targets,
                        const ExpressionScope& scope, ir::Statement& statement);

  // bind_synapses.cpp
  std::optional<ir::Population> population(const std::string& name, const SourceLocation& where);
  const std::vector<ir::Variable>* variablesOf(const ir::Population& p) const;
  std::optional<ir::Population> synapsesTarget(const ast::Synapses& s);
  void summedVariables(const ast::BodyItem* equations, ir::Synapses& out,
                       const ExpressionScope& scope);
  ir::ConnectRule connectRule(const ast::BodyItem& item, const ExpressionScope& scope);
  void generator(const ast::Statement& s, const ExpressionScope& scope, ir::ConnectRule& rule,
                 std::set<std::string>& given);

  ExpressionScope synapsesScope(const ir::Synapses& synapses, Place place) const;
  const ir::Subgroup* findSubgroup(const std::string& name) const;

  // bind_spike_generators.cpp
  bool generatorSpikes(const ast::Body& body, ir::SpikeGenerator& out);
  // bind_monitors.cpp
  void runStep(const ast::BodyItem& item, ir::Experiment& out);
  void assignmentStep(const ast::BodyItem& item, ir::Experiment& out);
  void assignmentWithoutObject(const ast::Statement& s);
  bool monitorEvery(const ast::BodyItem& item, ir::Monitor& out);
  bool monitorElements(const ast::BodyItem& item, ir::Monitor& out);
  bool experimentName(const ast::Expr& e, bool generator, ir::Setting& setting);

  // bind_regular_operations.cpp
  std::vector<ir::RegularOperation> regularOperations(const ast::Body& body,
                                                      const std::string& object,
                                                      const ExpressionScope& scope,
                                                      const AssignmentTargets& targets);
  bool regularOptions(const ast::BodyItem& item, const std::string& object,
                      ir::RegularOperation& r);

  // bind_links.cpp
  void links(const ast::BodyItem* item, ir::NeuronGroup& group);
  void link(ir::Variable& v, const ast::Expr& source, const ast::Expr& variable,
            const ast::Expr* index, const ir::NeuronGroup& group);
  std::vector<std::int32_t> linkIndices(const ast::Expr& index, const ir::NeuronGroup& group,
                                        const ir::NeuronGroup& source, ir::Variable& v);
  void linkedReadsAtBuild(const ir::NeuronGroup& group,
                          const std::vector<ir::Statement>& statements);

  // bind_events.cpp
  void groupEvents(const ast::Body& body, ir::NeuronGroup& group);
  std::string eventOf(const ir::Population& population, const std::string& name,
                      const SourceLocation& where);
  void synapseEvents(const ast::BodyItem* item, ir::Synapses& out);

  ModelScope& scope_;
  std::set<std::string> synapsesNames_;
  std::set<std::string> begunSynapses_;  // whose binding has begun
  ir::Model& model_;
  DiagnosticEngine& diagnostics_;
  ExpressionBinder expressions_;
  ConstantEvaluator constants_;
  // Per synapses: its template parameters as its code sees them (their declared units).
  std::map<std::string, std::map<std::string, Quantity>> synapseParameters_;
};

}  // namespace lsm::sema
