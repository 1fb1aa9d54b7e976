// What every integration method shares: the equations of one group or synapses prepared for
// integration (OdeSet), where a method reports and what it may treat as fixed
// (IntegrationContext), and the statements that write the new values back. The methods
// themselves are one file each (exact.cpp, explicit_runge_kutta.cpp,
// exponential_euler.cpp), listed by the registry (method_registry.hpp).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lsm/diagnostics.hpp"
#include "lsm/ir.hpp"

namespace lsm::integration {

// The differential equations of one group or synapses, prepared for integration.
struct OdeSet {
  std::vector<std::string> states;      // in declaration order
  std::map<std::string, ir::Expr> rhs;  // subexpressions inlined
  std::map<std::string, bool> unlessRefractory;
  std::map<std::string, SourceLocation> locations;
  std::vector<ir::Statement> prologue;  // `constant over dt` subexpressions
  // White noise (set by splitNoise, stochastic.hpp): rhs[x] is then the drift f and
  // diffusion[x][n] the factor g of the noise n in dx/dt = f + sum_n g_n xi_n; `noise` lists
  // the noise names in order of first appearance.
  std::vector<std::string> noise;
  std::map<std::string, std::map<std::string, ir::Expr>> diffusion;
  bool stochastic() const { return !noise.empty(); }
};

// The differential equations that `select` accepts, with the subexpressions inlined into
// them; `constant over dt` subexpressions become the prologue's locals.
OdeSet prepareOdes(const std::vector<ir::Equation>& equations,
                   const std::function<bool(const ir::Equation&)>& select);

struct IntegrationContext {
  DiagnosticEngine& diagnostics;
  std::string owner;                     // "group 'neurons'", for messages
  std::vector<ir::Variable>& variables;  // the owner's; methods add their coefficients
  const std::set<std::string>& written;  // the owner's variables that change while it runs
};

using ir::findVariable;

// `target = value` (where `condition` holds) for one of the owner's variables.
ir::Statement assignVariable(const ir::Variable& target, ir::Expr value,
                             std::optional<ir::Expr> condition = {});

// The owner's `not_refractory` (it has a refractory period when a method asks for it).
ir::Expr notRefractory(const std::vector<ir::Variable>& variables);

// Fixed once the network is built: no time, no random draw, no local, no pre/post variable,
// no subexpression, and only the owner's variables that nothing writes while it runs.
bool isBuildConstant(const ir::Expr& e, const IntegrationContext& context);

// `let _new_x = next[x]` for every state, then `x = _new_x`: all new values are computed from
// the old ones before any is written.
void writeBack(const OdeSet& odes, const std::vector<ir::Variable>& variables,
               std::map<std::string, ir::Expr>& next, ir::StateUpdate& update);

}  // namespace lsm::integration
