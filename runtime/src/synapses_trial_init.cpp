#include "synapses_trial_init.hpp"

#include <fmt/format.h>

#include <map>
#include <stdexcept>

#include "end_values.hpp"
#include "lsm/execution.hpp"

namespace lsm {

void synapsesTrialInit(const ir::Synapses& s, NetworkInstance& state, RandomDraws& draws,
                       double dt) {
  if (s.trialInit.empty()) return;
  draws.name(s.name, "trial_init", s.trialInit);
  ObjectState& own = state.synapses.at(s.name);
  const Connectivity& c = *state.connectivity.at(s.name);
  const ir::Model& model = *state.model;
  const EndValues pre(model, s.source, state);
  const EndValues post(model, s.target, state);
  std::map<std::string, const ir::Expr*> subexpressions;
  for (const ir::Equation& eq : s.equations)
    if (eq.kind == ir::Equation::Kind::subexpression) subexpressions[eq.variable] = &eq.rhs;
  const auto count = static_cast<std::int64_t>(c.pre.size());
  const std::int64_t nPre = s.source.size(), nPost = populationSize(state, s.target);
  std::int64_t k = 0;
  ir::ElementAccess access;
  ir::Environment environment;
  access.read = [&](const std::string& name, ir::Scope scope) -> double {
    const auto at = static_cast<std::size_t>(k);
    if (scope == ir::Scope::pre) return pre.get(name, c.pre[at], 0, dt);
    if (scope == ir::Scope::post) return post.get(name, c.post[at], 0, dt);
    if (own.has(name)) return own.get(name, k);
    auto found = subexpressions.find(name);
    if (found == subexpressions.end()) throw std::logic_error("no variable '" + name + "'");
    return ir::evaluate(*found->second, environment);
  };
  access.write = [&](const std::string& name, ir::Scope, double value) { own.set(name, k, value); };
  access.special = [&](ir::Special name) -> double {
    const auto at = static_cast<std::size_t>(k);
    switch (name) {
      case ir::Special::i:
        return static_cast<double>(c.pre[at] - s.source.start);
      case ir::Special::j:
        return static_cast<double>(c.post[at] - s.target.start);
      case ir::Special::N:
        return static_cast<double>(count);
      case ir::Special::N_pre:
        return static_cast<double>(nPre);
      case ir::Special::N_post:
        return static_cast<double>(nPost);
      case ir::Special::dt:
        return dt;
      default:
        break;
    }
    throw BuildError(fmt::format("'{}' is not available in trial_init of synapses '{}'",
                                 ir::spelling(name), s.name));
  };
  access.random = [&](const ir::Expr& call, const std::vector<double>& args) {
    return draws.draw(call, args, k, count);
  };
  environment.variable = access.read;
  environment.special = access.special;
  environment.random = access.random;
  for (k = 0; k < count; ++k) ir::execute(s.trialInit, access);
}

}  // namespace lsm
