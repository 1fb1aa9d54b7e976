#include "integration/stochastic.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "integration/expression_builder.hpp"
#include "integration/linear_form.hpp"
#include "integration/method_registry.hpp"
#include "integration/stages.hpp"
#include "lsm/ir_printer.hpp"

namespace lsm::integration {

namespace {

using ir::Expr;

// A noise stands in the linear form as an own variable of a name no model can write.
std::string placeholder(const std::string& noise) {
  return "\x1fnoise:" + noise;
}

Dimension sqrtSecond() {
  return *Dimension::base(2).power(0.5);
}

bool mentionsNoise(const Expr& e) {
  return build::any(e, [](const Expr& n) { return build::isSpecial(n, ir::Special::xi); });
}

// The deterministic part every method starts from: the noises' increments, k = dt*f(x,t), and
// x + k for every state.
std::map<std::string, Expr> driftStep(const OdeSet& odes, const Stages& stages,
                                      ir::StateUpdate& update) {
  drawNoise(odes, update);
  stages.stage("_k_", stages.current(), std::nullopt, update);
  std::map<std::string, Expr> next;
  for (const auto& x : odes.states)
    next[x] = build::add(stages.current().at(x), stages.k("_k_", x));
  return next;
}

// The support values x_s = x + g_n(x,t)*increment of every state, for one noise n.
std::map<std::string, Expr> supportValues(const OdeSet& odes, const Stages& stages,
                                          IntegrationContext& context, const std::string& noise,
                                          const Expr& increment, ir::StateUpdate& update) {
  std::map<std::string, Expr> support;
  for (const auto& x : odes.states) {
    const std::string name = fmt::format("_support_{}_{}", x, noise);
    update.statements.push_back(build::let(
        name,
        build::add(stages.current().at(x),
                   build::multiply(stages.diffusion(x, noise, stages.current(), {}), increment))));
    support[x] = build::local(name, findVariable(context.variables, x)->dimension);
  }
  return support;
}

}  // namespace

bool splitNoise(OdeSet& odes, IntegrationContext& context) {
  bool ok = true;
  for (const std::string& x : odes.states) {
    Expr& rhs = odes.rhs.at(x);
    odes.diffusion[x];
    if (!mentionsNoise(rhs)) continue;
    std::set<std::string> names;
    Expr marked = build::substitute(rhs, [&](const Expr& n) -> std::optional<Expr> {
      if (!build::isSpecial(n, ir::Special::xi)) return std::nullopt;
      names.insert(placeholder(n.name));
      if (std::find(odes.noise.begin(), odes.noise.end(), n.name) == odes.noise.end())
        odes.noise.push_back(n.name);
      Expr v = n;
      v.kind = Expr::Kind::variable;
      v.scope = ir::Scope::self;
      v.name = placeholder(n.name);
      return v;
    });
    auto form = linearForm(marked, names);
    if (const Expr* const* bad = std::get_if<const Expr*>(&form)) {
      // The term as the model writes it: the placeholders named as the noises again.
      Expr written = build::substitute(**bad, [&](const Expr& n) -> std::optional<Expr> {
        if (n.kind != Expr::Kind::variable || names.count(n.name) == 0) return std::nullopt;
        Expr noise = n;
        noise.kind = Expr::Kind::special;
        noise.special = ir::Special::xi;
        noise.name = n.name.substr(placeholder("").size());
        return noise;
      });
      context.diagnostics.error(
          (*bad)->begin.valid() ? (*bad)->begin : odes.locations.at(x),
          fmt::format("white noise must enter d{}/dt in {} linearly, as g*xi: the term '{}' is "
                      "not linear in it",
                      x, context.owner, ir::toString(written)));
      ok = false;
      continue;
    }
    LinearForm& f = std::get<LinearForm>(form);
    const Dimension rate = findVariable(context.variables, x)->dimension / Dimension::base(2);
    rhs = f.offset ? *f.offset : build::constant(0.0, rate);
    for (auto& [name, g] : f.coefficients)
      odes.diffusion[x].emplace(name.substr(placeholder("").size()), g);
  }
  return ok;
}

bool multiplicativeNoise(const OdeSet& odes) {
  for (const auto& [x, terms] : odes.diffusion) {
    for (const auto& [noise, g] : terms) {
      if (build::any(g, [&](const Expr& n) {
            if (build::isSpecial(n, ir::Special::t)) return true;
            return n.kind == Expr::Kind::variable && n.scope == ir::Scope::self &&
                   std::find(odes.states.begin(), odes.states.end(), n.name) != odes.states.end();
          }))
        return true;
    }
  }
  return false;
}

bool checkNoise(const OdeSet& odes, ir::Method method, NoiseSupport support,
                IntegrationContext& context) {
  if (!odes.stochastic()) return true;
  std::string first;
  for (const std::string& x : odes.states)
    if (first.empty() && !odes.diffusion.at(x).empty()) first = x;
  const SourceLocation& where = odes.locations.at(first);
  const std::string name(ir::spelling(method));
  auto fail = [&](const std::string& why, const char* use) {
    context.diagnostics.error(where,
                              fmt::format("'{}' cannot integrate the stochastic equations of {}: "
                                          "{}; use {}",
                                          name, context.owner, why, use));
    return false;
  };
  switch (support) {
    case NoiseSupport::none:
      return fail(fmt::format("it integrates no white noise (d{}/dt has '{}')", first,
                              odes.diffusion.at(first).begin()->first),
                  "euler (additive noise), heun or milstein (diagonal noise)");
    case NoiseSupport::additive:
      if (multiplicativeNoise(odes))
        return fail("the noise is multiplicative (its factor depends on a state variable or t)",
                    "heun, or milstein (diagonal noise)");
      return true;
    case NoiseSupport::diagonal: {
      std::map<std::string, int> uses;
      for (const auto& [x, terms] : odes.diffusion) {
        if (terms.size() > 1) return fail(fmt::format("d{}/dt has more than one noise", x), "heun");
        for (const auto& [noise, g] : terms) ++uses[noise];
      }
      for (const auto& [noise, count] : uses)
        if (count > 1)
          return fail(fmt::format("the noise '{}' enters more than one equation", noise), "heun");
      return true;
    }
    case NoiseSupport::multiplicative:
      return true;
  }
  return true;
}

void drawNoise(const OdeSet& odes, ir::StateUpdate& update) {
  for (const std::string& noise : odes.noise) {
    Expr draw = build::call(ir::Builtin::randn, {}, {});
    Expr root = build::call(ir::Builtin::sqrt, {build::special(ir::Special::dt)}, sqrtSecond());
    update.statements.push_back(build::let("_dW_" + noise, build::multiply(root, draw)));
  }
}

Expr noiseIncrement(const std::string& noise) {
  return build::local("_dW_" + noise, sqrtSecond());
}

// ------------------------------------------------------------------ the methods
void integrateHeun(const OdeSet& odes, IntegrationContext& context, ir::StateUpdate& update) {
  Stages stages(odes, context);
  std::map<std::string, Expr> next = driftStep(odes, stages, update);
  for (const std::string& noise : odes.noise) {
    const Expr dW = noiseIncrement(noise);
    // x_s = x + g(x,t)*dW, then g(x_s, t+dt).
    auto support = supportValues(odes, stages, context, noise, dW, update);
    for (const auto& x : odes.states) {
      if (odes.diffusion.at(x).count(noise) == 0) continue;
      Expr g = stages.diffusion(x, noise, stages.current(), {});
      Expr gSupport = stages.diffusion(x, noise, support, Stages::timePlus(1.0));
      next[x] = build::add(next[x], build::multiply(build::multiply(build::constant(0.5), dW),
                                                    build::add(std::move(g), std::move(gSupport))));
    }
  }
  writeBack(odes, context.variables, next, update);
}

void integrateMilstein(const OdeSet& odes, IntegrationContext& context, ir::StateUpdate& update) {
  Stages stages(odes, context);
  std::map<std::string, Expr> next = driftStep(odes, stages, update);
  Expr rootDt = build::call(ir::Builtin::sqrt, {Stages::dt()}, sqrtSecond());
  for (const std::string& noise : odes.noise) {
    const Expr dW = noiseIncrement(noise);
    // x_s = x + g(x,t)*sqrt(dt) (Kloeden & Platen's Stratonovich support; Brian2 adds
    // dt*f(x,t): stochastic.hpp says why lsmc does not), then g(x_s, t).
    auto support = supportValues(odes, stages, context, noise, rootDt, update);
    for (const auto& x : odes.states) {
      if (odes.diffusion.at(x).count(noise) == 0) continue;
      Expr g = stages.diffusion(x, noise, stages.current(), {});
      Expr gSupport = stages.diffusion(x, noise, support, {});
      Expr correction = build::multiply(
          build::divide(build::constant(1.0), build::multiply(build::constant(2.0), rootDt)),
          build::multiply(build::subtract(std::move(gSupport), g), build::multiply(dW, dW)));
      next[x] = build::add(build::add(next[x], build::multiply(g, dW)), std::move(correction));
    }
  }
  writeBack(odes, context.variables, next, update);
}

}  // namespace lsm::integration
