#include "passes/name_resolution.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "diagnostics/suggest.hpp"
#include "integration/method_registry.hpp"
#include "ir/constant_folding.hpp"
#include "ir/functions.hpp"
#include "passes/unit_check.hpp"

namespace lsm {

namespace {

using ir::Expr;
using ir::ValueType;

// What a name may refer to at one place of the model.
struct Context {
  std::string place;  // "the threshold", "the initialisation", ... for messages
  const std::vector<ir::Variable>* own = nullptr;
  const std::vector<ir::Variable>* pre = nullptr;
  const std::vector<ir::Variable>* post = nullptr;
  bool synapses = false;
  bool postWithoutSuffix = false;  // synaptic code: unsuffixed names may be postsynaptic
  const std::map<std::string, Quantity>* parameters = nullptr;
  std::set<std::string>* locals = nullptr;
  const std::set<std::string>* poisoned = nullptr;  // local names whose definition failed
  bool allowIndex = false;                          // i (and j, N_pre, N_post in synapses), N
  bool allowTime = false;                           // t, dt
  bool allowRandom = false;                         // uniform(), normal(), ...
};

const ir::Variable* find(const std::vector<ir::Variable>* variables, const std::string& name) {
  if (variables == nullptr) return nullptr;
  for (const auto& v : *variables)
    if (v.name == name) return &v;
  return nullptr;
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() > suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Names of the items a body may hold, and whether each is a block or a setting.
struct ItemRule {
  std::string key;
  bool block;    // key { statements }
  bool setting;  // key: statement, ...
};

const std::vector<ItemRule> groupItems = {{"equations", false, false}, {"threshold", false, true},
                                          {"reset", true, true},       {"refractory", false, true},
                                          {"method", false, true},     {"init", true, true},
                                          {"trial_init", true, true}};
const std::vector<ItemRule> subgroupItems = {{"init", true, true}, {"trial_init", true, true}};
const std::vector<ItemRule> synapsesItems = {
    {"equations", false, false}, {"on_pre", true, true},    {"on_post", true, true},
    {"connect", false, true},    {"delay", false, true},    {"method", false, true},
    {"init", true, true},        {"trial_init", true, true}};
const std::vector<ItemRule> noItems = {};
const std::vector<ItemRule> stateMonitorItems = {{"every", false, true}, {"elements", false, true}};

// The experiment's settings: what each holds. The protocol of Maass et al.'s Fig. 2 (a
// separation experiment) is declared with them; docs/language.md lists them.
struct ExperimentRule {
  std::string name;
  enum class Kind { quantity, count, quantities, spikeGenerator, spikeMonitors } kind;
  Dimension dimension;
};
const std::vector<ExperimentRule>& experimentSettings() {
  using K = ExperimentRule::Kind;
  static const std::vector<ExperimentRule> rules = {
      {"dt", K::quantity, Dimension::base(2)},
      {"duration", K::quantity, Dimension::base(2)},
      {"input", K::spikeGenerator, {}},
      {"poisson_rate", K::quantity, Dimension::base(2, -1)},
      {"target_distances", K::quantities, {}},
      {"distance_tolerance", K::quantity, {}},
      {"input_kernel_tau", K::quantity, Dimension::base(2)},
      {"pairs", K::count, {}},
      {"liquid", K::spikeMonitors, {}},
      {"liquid_tau", K::quantity, Dimension::base(2)},
      {"seed", K::count, {}},
  };
  return rules;
}

class Resolver {
 public:
  Resolver(const std::vector<ParsedOverride>& overrides, DiagnosticEngine& diagnostics)
      : overrides_(overrides), diagnostics_(diagnostics) {}

  std::optional<ir::Model> run(const ast::Module& module) {
    for (const auto& c : module.constants) allConstants_.emplace(c.name, c.location);
    for (const auto& c : module.constants) constant(c);
    checkOverridesUsed();
    for (const auto& m : module.synapseModels) declare(m.name, m.location, "synapse_model");
    for (const auto& g : module.generators) generator(g);
    for (const auto& g : module.groups) declareGroup(g);
    for (const auto& s : module.subgroups) subgroup(s);
    for (std::size_t k = 0; k < module.groups.size(); ++k) {
      if (k < model_.groups.size()) defineGroup(module.groups[k], model_.groups[k]);
    }
    for (std::size_t k = 0; k < module.subgroups.size(); ++k) {
      defineSubgroup(module.subgroups[k]);
    }
    for (const auto& s : module.synapses) synapses(s);
    for (const auto& m : module.monitors) monitor(m);
    for (std::size_t k = 0; k < module.experiments.size(); ++k) {
      if (k > 0) {
        diagnostics_.error(module.experiments[k].location,
                           "a model has at most one experiment block");
        continue;
      }
      experiment(module.experiments[k]);
    }
    checkMonitorIntervals();
    if (diagnostics_.hasErrors()) return std::nullopt;
    return std::move(model_);
  }

 private:
  // ------------------------------------------------------------------ top-level names
  bool declare(const std::string& name, const SourceLocation& where, const std::string& kind) {
    if (reservedName(name)) {
      diagnostics_.error(where, fmt::format("'{}' is a reserved name and cannot be the name of "
                                            "a {}",
                                            name, kind));
      poisoned_.insert(name);
      return false;
    }
    // Single-letter unit symbols (A, C, F, N, S, V, m, s, ...) are common names; a name shadows
    // them in expressions (`10 A` always means ampere). Longer unit names are reserved, so that
    // `2*ms` cannot mean something else than `2 ms`.
    if (name.size() > 1 && lookupUnit(name)) {
      diagnostics_.error(where,
                         fmt::format("'{}' is a unit and cannot be the name of a {}", name, kind));
      poisoned_.insert(name);
      return false;
    }
    auto [it, inserted] = declared_.emplace(name, std::pair{where, kind});
    if (inserted) return true;
    Diagnostic& error = diagnostics_.error(
        where, fmt::format("duplicate definition of '{}' (a {} of that name exists)", name,
                           it->second.second));
    error.notes.push_back(
        {Severity::note, it->second.first, fmt::format("'{}' is first defined here", name), {}});
    return false;
  }

  std::vector<std::string> constantNames() const {
    std::vector<std::string> names;
    for (const auto& c : model_.constants) names.push_back(c.name);
    return names;
  }

  // Evaluates an expression that must be a constant; nullopt after reporting why not.
  std::optional<Quantity> evaluate(const ast::Expr& e, const Context& context,
                                   const std::string& what) {
    auto resolved = expr(e, context);
    if (!resolved || !inferDimensions(*resolved, diagnostics_)) return std::nullopt;
    auto value = ir::foldConstant(*resolved);
    if (!value) {
      diagnostics_.error(e.location, fmt::format("{} must be a constant expression", what));
      return std::nullopt;
    }
    if (resolved->type == ValueType::boolean) {
      diagnostics_.error(e.location, fmt::format("{} must be a number, not a boolean", what));
      return std::nullopt;
    }
    return Quantity{*value, resolved->dimension};
  }

  std::optional<std::int64_t> evaluateCount(const ast::Expr& e, const std::string& what,
                                            std::int64_t minimum) {
    auto value = evaluate(e, Context{what}, what);
    if (!value) return std::nullopt;
    if (!value->dimension.isDimensionless() || std::trunc(value->value) != value->value ||
        value->value < static_cast<double>(minimum) || value->value > 1e12) {
      diagnostics_.error(e.location, fmt::format("{} must be an integer of at least {}, got {}",
                                                 what, minimum, formatQuantity(*value)));
      return std::nullopt;
    }
    return static_cast<std::int64_t>(value->value);
  }

  void constant(const ast::Constant& c) {
    if (!declare(c.name, c.location, "constant")) return;
    poisoned_.insert(c.name);  // until it has a value
    const ast::Expr* valueExpr = &c.value;
    bool overridden = false;
    for (const auto& o : overrides_) {
      if (o.name == c.name) {
        valueExpr = &o.value;
        overridden = true;
      }
    }
    auto value = evaluate(c.value, Context{"a constant"}, fmt::format("constant '{}'", c.name));
    if (!value) return;
    if (overridden) {
      usedOverrides_.insert(c.name);
      // After a bad override the model's own value stands, so no error follows from it.
      auto replacement =
          evaluate(*valueExpr, Context{"a constant"}, fmt::format("the value of --set {}", c.name));
      if (replacement && !(replacement->dimension == value->dimension)) {
        diagnostics_.error(
            valueExpr->location,
            fmt::format("the model gives {} dimension {}, the new value has {}", c.name,
                        value->dimension.describe(), replacement->dimension.describe()));
      } else if (replacement) {
        value = replacement;
      }
    }
    if (!std::isfinite(value->value)) {
      diagnostics_.error(
          c.value.begin.valid() ? c.value.begin : c.value.location,
          fmt::format("constant '{}' is not a finite number ({})", c.name, value->value));
      return;
    }
    poisoned_.erase(c.name);
    model_.constants.push_back({c.name, c.location, *value, overridden});
  }

  void checkOverridesUsed() {
    for (const auto& o : overrides_) {
      if (usedOverrides_.count(o.name) > 0) continue;
      bool exists = false;
      for (const auto& c : model_.constants) exists = exists || c.name == o.name;
      if (exists) continue;  // it had another error already
      diagnostics_.error(SourceLocation{"--set", 0, 0},
                         fmt::format("--set {}: the model has no constant of that name{}", o.name,
                                     didYouMean(o.name, constantNames())));
    }
  }

  // ------------------------------------------------------------------ expressions
  std::optional<Expr> expr(const ast::Expr& e, const Context& context) {
    auto out = resolve(e, context);
    if (out) out->begin = e.begin.valid() ? e.begin : e.location;
    return out;
  }

  std::optional<Expr> resolve(const ast::Expr& e, const Context& context) {
    switch (e.kind) {
      case ast::Expr::Kind::number:
        return number(e);
      case ast::Expr::Kind::boolean: {
        Expr out = Expr::makeConstant(e.boolean ? 1.0 : 0.0, {}, e.location);
        out.type = ValueType::boolean;
        out.name = e.boolean ? "True" : "False";
        return out;
      }
      case ast::Expr::Kind::name:
        return name(e, context);
      case ast::Expr::Kind::call:
        return call(e, context);
      case ast::Expr::Kind::unary:
      case ast::Expr::Kind::binary:
      case ast::Expr::Kind::conditional: {
        Expr out;
        out.kind = e.kind == ast::Expr::Kind::unary    ? Expr::Kind::unary
                   : e.kind == ast::Expr::Kind::binary ? Expr::Kind::binary
                                                       : Expr::Kind::conditional;
        out.location = e.location;
        out.unaryOp = e.unaryOp;
        out.binaryOp = e.binaryOp;
        bool ok = true;
        for (const auto& operand : e.operands) {
          auto resolved = expr(operand, context);
          if (!resolved) {
            ok = false;
            continue;
          }
          out.operands.push_back(std::move(*resolved));
        }
        if (!ok) return std::nullopt;
        return out;
      }
    }
    return std::nullopt;
  }

  std::optional<Expr> number(const ast::Expr& e) {
    Expr out = Expr::makeConstant(e.number, {}, e.location);
    out.type = e.isIntegerLiteral && e.unit.empty() ? ValueType::integer : ValueType::real;
    if (e.unit.empty()) return out;
    auto unit = lookupUnit(e.unit);
    if (!unit) {
      diagnostics_.error(e.unitLocation, fmt::format("unknown unit '{}'{}", e.unit,
                                                     didYouMean(e.unit, baseUnitNames())));
      return std::nullopt;
    }
    if (e.unitPower == 0) {
      diagnostics_.error(e.unitLocation, "a unit can only be raised to an integer power");
      return std::nullopt;
    }
    out.value = e.number * std::pow(unit->value, e.unitPower);
    out.dimension = unit->dimension.power(e.unitPower);
    out.type = ValueType::real;
    return out;
  }

  static Expr variableRef(const ir::Variable& v, ir::Scope scope, const SourceLocation& where) {
    Expr out;
    out.kind = Expr::Kind::variable;
    out.location = where;
    out.name = v.name;
    out.scope = scope;
    out.dimension = v.dimension;
    out.type = v.type;
    return out;
  }

  std::optional<Expr> name(const ast::Expr& e, const Context& context) {
    const std::string& n = e.name;
    if (n.find('{') != std::string::npos) {
      diagnostics_.error(e.location, fmt::format("'{}': placeholders like '{{name}}' can only be "
                                                 "used inside a synapse_model",
                                                 n));
      return std::nullopt;
    }
    if (context.locals != nullptr && context.locals->count(n) > 0) {
      Expr out;
      out.kind = Expr::Kind::variable;
      out.scope = ir::Scope::local;
      out.location = e.location;
      out.name = n;
      return out;
    }
    if (const ir::Variable* v = find(context.own, n)) {
      return variableRef(*v, ir::Scope::self, e.location);
    }
    if (context.synapses) {
      for (auto [suffix, variables, scope] :
           {std::tuple{std::string("_pre"), context.pre, ir::Scope::pre},
            std::tuple{std::string("_post"), context.post, ir::Scope::post}}) {
        if (!endsWith(n, suffix)) continue;
        std::string base = n.substr(0, n.size() - suffix.size());
        if (const ir::Variable* v = find(variables, base))
          return variableRef(*v, scope, e.location);
      }
    }
    // A synapse_model's parameters are what its author named explicitly: they come before
    // the implicit postsynaptic lookup.
    if (context.parameters != nullptr) {
      if (auto found = context.parameters->find(n); found != context.parameters->end()) {
        Expr out = Expr::makeConstant(found->second.value, found->second.dimension, e.location);
        out.name = n;
        return out;
      }
    }
    if (context.synapses && context.postWithoutSuffix) {
      if (const ir::Variable* v = find(context.post, n)) {
        return variableRef(*v, ir::Scope::post, e.location);
      }
    }
    if (poisoned_.count(n) > 0 || (context.poisoned != nullptr && context.poisoned->count(n) > 0)) {
      return std::nullopt;  // its definition failed and was reported
    }
    if (auto special = specialName(n, context, e.location)) return special;
    for (const auto& c : model_.constants) {
      if (c.name == n) {
        Expr out = Expr::makeConstant(c.value.value, c.value.dimension, e.location);
        out.name = n;
        return out;
      }
    }
    if (poisoned_.count(n) > 0 || (context.poisoned != nullptr && context.poisoned->count(n) > 0)) {
      return std::nullopt;  // its definition failed and was reported
    }
    if (n == "pi" || n == "e") {
      Expr out =
          Expr::makeConstant(n == "pi" ? 3.141592653589793 : 2.718281828459045, {}, e.location);
      out.name = n;
      return out;
    }
    if (auto unit = lookupUnit(n)) {
      Expr out = Expr::makeConstant(unit->value, unit->dimension, e.location);
      out.name = n;
      return out;
    }
    if (auto later = allConstants_.find(n); later != allConstants_.end()) {
      diagnostics_.error(e.location, fmt::format("constant '{}' is used before its definition "
                                                 "(line {})",
                                                 n, later->second.line));
      return std::nullopt;
    }
    diagnostics_.error(e.location, fmt::format("unknown name '{}' in {}{}", n, context.place,
                                               didYouMean(n, visibleNames(context))));
    return std::nullopt;
  }

  std::optional<Expr> specialName(const std::string& n, const Context& context,
                                  const SourceLocation& where) {
    static const std::map<std::string, ir::Special> specials = {
        {"i", ir::Special::i},         {"j", ir::Special::j},           {"N", ir::Special::N},
        {"N_pre", ir::Special::N_pre}, {"N_post", ir::Special::N_post}, {"t", ir::Special::t},
        {"dt", ir::Special::dt}};
    auto found = specials.find(n);
    if (found == specials.end()) return std::nullopt;
    const ir::Special special = found->second;
    bool isTime = special == ir::Special::t || special == ir::Special::dt;
    bool isIndex = !isTime;
    bool synapsesOnly = special == ir::Special::j || special == ir::Special::N_pre ||
                        special == ir::Special::N_post;
    if (synapsesOnly && !context.synapses) return std::nullopt;
    if ((isIndex && !context.allowIndex) || (isTime && !context.allowTime)) {
      diagnostics_.error(where, fmt::format("'{}' cannot be used in {}", n, context.place));
      return Expr{};  // reported; the caller sees a harmless constant
    }
    Expr out;
    out.kind = Expr::Kind::special;
    out.location = where;
    out.special = special;
    out.type = isIndex ? ValueType::integer : ValueType::real;
    if (isTime) out.dimension = Dimension::base(2);
    return out;
  }

  std::vector<std::string> visibleNames(const Context& context) const {
    std::vector<std::string> names;
    if (context.locals != nullptr)
      names.insert(names.end(), context.locals->begin(), context.locals->end());
    for (auto* variables : {context.own, context.pre, context.post}) {
      if (variables == nullptr) continue;
      for (const auto& v : *variables) {
        names.push_back(v.name);
        if (context.synapses && variables == context.pre) names.push_back(v.name + "_pre");
        if (context.synapses && variables == context.post) names.push_back(v.name + "_post");
      }
    }
    if (context.parameters != nullptr) {
      for (const auto& [n, value] : *context.parameters) names.push_back(n);
    }
    for (const auto& c : model_.constants) names.push_back(c.name);
    return names;
  }

  std::optional<Expr> call(const ast::Expr& e, const Context& context) {
    const ir::Function* function = ir::findFunction(e.name);
    if (function == nullptr) {
      std::vector<std::string> names;
      for (const auto& f : ir::functions()) names.push_back(f.name);
      diagnostics_.error(e.location,
                         fmt::format("unknown function '{}'{}", e.name, didYouMean(e.name, names)));
      return std::nullopt;
    }
    if (static_cast<int>(e.operands.size()) != function->arity) {
      diagnostics_.error(e.location,
                         fmt::format("'{}' takes {} argument{}, got {}", e.name, function->arity,
                                     function->arity == 1 ? "" : "s", e.operands.size()));
      return std::nullopt;
    }
    if (function->isRandom && !context.allowRandom) {
      diagnostics_.error(e.location, fmt::format("random function '{}' cannot be used in {}; "
                                                 "random draws belong in init, trial_init, "
                                                 "connect and delay",
                                                 e.name, context.place));
      return std::nullopt;
    }
    Expr out;
    out.kind = Expr::Kind::call;
    out.location = e.location;
    out.function = function->id;
    bool ok = true;
    for (const auto& operand : e.operands) {
      auto resolved = expr(operand, context);
      if (!resolved) {
        ok = false;
        continue;
      }
      out.operands.push_back(std::move(*resolved));
    }
    if (!ok) return std::nullopt;
    return out;
  }

  // ------------------------------------------------------------------ units of variables
  // A declaration's unit: a unit expression, 1, or the types boolean / integer.
  std::optional<std::pair<Dimension, ValueType>> unitSpec(const ast::Expr& e) {
    if (e.kind == ast::Expr::Kind::name && (e.name == "boolean" || e.name == "bool")) {
      return std::pair{Dimension{}, ValueType::boolean};
    }
    if (e.kind == ast::Expr::Kind::name && e.name == "integer") {
      return std::pair{Dimension{}, ValueType::integer};
    }
    auto d = unitDimension(e);
    if (!d) return std::nullopt;
    return std::pair{*d, ValueType::real};
  }

  std::optional<Dimension> unitDimension(const ast::Expr& e) {
    switch (e.kind) {
      case ast::Expr::Kind::number:
        if (e.number == 1.0) return Dimension{};
        diagnostics_.error(e.location, "a unit is a unit name or 1, not a number");
        return std::nullopt;
      case ast::Expr::Kind::name: {
        auto unit = lookupUnit(e.name);
        if (!unit) {
          diagnostics_.error(e.location, fmt::format("unknown unit '{}'{}", e.name,
                                                     didYouMean(e.name, baseUnitNames())));
          return std::nullopt;
        }
        return unit->dimension;
      }
      case ast::Expr::Kind::binary: {
        auto a = unitDimension(e.operands[0]);
        if (e.binaryOp == BinaryOp::power) {
          const ast::Expr& p = e.operands[1];
          if (!a) return std::nullopt;
          if (p.kind != ast::Expr::Kind::number || !p.isIntegerLiteral) {
            diagnostics_.error(p.location, "a unit can only be raised to an integer power");
            return std::nullopt;
          }
          Dimension d = a->power(static_cast<int>(p.number));
          if (!d.isPlausible()) {
            diagnostics_.error(p.location, "this power of a unit is not a plausible dimension");
            return std::nullopt;
          }
          return d;
        }
        auto b = unitDimension(e.operands[1]);
        if (!a || !b) return std::nullopt;
        return e.binaryOp == BinaryOp::multiply ? *a * *b : *a / *b;
      }
      default:
        diagnostics_.error(e.location, "not a unit");
        return std::nullopt;
    }
  }

  // ------------------------------------------------------------------ bodies
  std::map<std::string, const ast::BodyItem*> readBody(const ast::Body& body,
                                                       const std::vector<ItemRule>& rules,
                                                       const std::string& owner) {
    std::map<std::string, const ast::BodyItem*> items;
    std::vector<std::string> keys;
    for (const auto& r : rules) keys.push_back(r.key);
    for (const ast::BodyItem& item : body.items) {
      const ItemRule* rule = nullptr;
      for (const auto& r : rules)
        if (r.key == item.key) rule = &r;
      if (rule == nullptr) {
        std::string allowed;
        for (const auto& k : keys) allowed += (allowed.empty() ? "" : ", ") + k;
        diagnostics_.error(
            item.location,
            fmt::format("'{}' does not belong in {}{}", item.key, owner,
                        keys.empty() ? std::string(" (it takes no settings)")
                        : didYouMean(item.key, keys).empty() ? " (expected one of: " + allowed + ")"
                                                             : didYouMean(item.key, keys)));
        continue;
      }
      bool formOk = (item.kind == ast::BodyItem::Kind::equations && item.key == "equations") ||
                    (item.kind == ast::BodyItem::Kind::block && rule->block) ||
                    (item.kind == ast::BodyItem::Kind::setting && rule->setting);
      if (!formOk) {
        diagnostics_.error(
            item.location,
            rule->setting
                ? fmt::format("'{}' is a setting: write '{}: ...'", item.key, item.key)
                : fmt::format("'{}' is a block: write '{} {{ ... }}'", item.key, item.key));
        continue;
      }
      if (!items.emplace(item.key, &item).second) {
        diagnostics_.error(item.location, fmt::format("duplicate '{}' in {}", item.key, owner));
      }
    }
    return items;
  }

  const ast::BodyItem* get(const std::map<std::string, const ast::BodyItem*>& items,
                           const std::string& key) {
    auto found = items.find(key);
    return found == items.end() ? nullptr : found->second;
  }

  // A setting holding exactly one expression.
  const ast::Expr* singleExpression(const ast::BodyItem& item) {
    if (item.statements.size() != 1 ||
        item.statements[0].kind != ast::Statement::Kind::expression) {
      diagnostics_.error(item.location, fmt::format("'{}' takes one expression", item.key));
      return nullptr;
    }
    return &item.statements[0].value;
  }

  ir::Method method(const ast::BodyItem* item) {
    if (item == nullptr) return ir::Method::exact;
    const ast::Expr* e = singleExpression(*item);
    if (e == nullptr) return ir::Method::exact;
    std::optional<ir::Method> named;
    if (e->kind == ast::Expr::Kind::name) named = integration::methodNamed(e->name);
    if (!named) {
      const std::vector<std::string> integrationMethods = integration::methodNames();
      std::string written = ast::toString(*e);
      std::string list;
      for (const auto& m : integrationMethods) list += (list.empty() ? "" : ", ") + m;
      diagnostics_.error(e->location, fmt::format("unknown integration method '{}'{}", written,
                                                  didYouMean(written, integrationMethods).empty()
                                                      ? " (expected one of: " + list + ")"
                                                      : didYouMean(written, integrationMethods)));
      return ir::Method::exact;
    }
    return *named;
  }

  // Declares the variables of an equations block (first pass: names, dimensions, flags).
  void declareVariables(const ast::BodyItem* equations, std::vector<ir::Variable>& variables,
                        bool inSynapses) {
    if (equations == nullptr) return;
    for (const ast::Equation& eq : equations->equations) {
      if (inSynapses && isSummed(eq)) continue;
      if (eq.kind == ast::Equation::Kind::differential) {
        const std::string& written = eq.derivative;
        if (written.size() < 5 || written[0] != 'd' || !endsWith(written, "/dt")) {
          diagnostics_.error(eq.location,
                             fmt::format("'{}' is not a derivative: write 'dX/dt' for a variable "
                                         "X",
                                         written));
          poisoned_.insert(eq.name);
          continue;
        }
      }
      if (eq.name.find('{') != std::string::npos) {
        diagnostics_.error(eq.location, fmt::format("'{}': placeholders like '{{name}}' can only "
                                                    "be used inside a synapse_model",
                                                    eq.name));
        poisoned_.insert(eq.name);
        continue;
      }
      auto unit = unitSpec(eq.unit);
      if (!unit) {
        poisoned_.insert(eq.name);
        continue;
      }
      if (eq.kind == ast::Equation::Kind::differential && unit->second != ValueType::real) {
        diagnostics_.error(
            eq.location,
            fmt::format("'{}' is {}: only real-valued variables can "
                        "have a differential equation",
                        eq.name, unit->second == ValueType::boolean ? "boolean" : "an integer"));
        poisoned_.insert(eq.name);
        continue;
      }
      if (const ir::Variable* previous = find(&variables, eq.name)) {
        Diagnostic& error = diagnostics_.error(
            eq.location, fmt::format("duplicate definition of variable '{}'", eq.name));
        error.notes.push_back({Severity::note, previous->location, "first defined here", {}});
        continue;
      }
      if (reservedName(eq.name)) {
        diagnostics_.error(
            eq.location, fmt::format("'{}' is a reserved name and cannot be a variable", eq.name));
        continue;
      }
      ir::Variable v;
      v.name = eq.name;
      v.location = eq.location;
      v.dimension = unit->first;
      v.type = unit->second;
      v.kind = eq.kind == ast::Equation::Kind::differential    ? ir::Variable::Kind::state
               : eq.kind == ast::Equation::Kind::subexpression ? ir::Variable::Kind::subexpression
                                                               : ir::Variable::Kind::parameter;
      for (const ast::Flag& f : eq.flags) {
        if (f.text == "shared") v.shared = true;
        if (f.text == "constant") v.constant = true;
      }
      variables.push_back(std::move(v));
    }
  }

  static bool reservedName(const std::string& name) {
    static const std::set<std::string> reserved = {
        "i",          "j",         "t",  "dt",        "N",
        "N_pre",      "N_post",    "xi", "lastspike", "not_refractory",
        "lastupdate", "pi",        "e",  "True",      "False",
        "one_to_one", "all_to_all"};
    return reserved.count(name) > 0 || (!name.empty() && name[0] == '_');
  }

  static bool hasFlag(const ast::Equation& eq, const std::string& flag) {
    for (const auto& f : eq.flags)
      if (f.text == flag) return true;
    return false;
  }

  static bool isSummed(const ast::Equation& eq) { return hasFlag(eq, "summed"); }

  void resolveEquations(const ast::BodyItem* equations, std::vector<ir::Equation>& out,
                        const std::vector<ir::Variable>& variables, const Context& context) {
    if (equations == nullptr) return;
    for (const ast::Equation& eq : equations->equations) {
      if (!eq.rhs || (context.synapses && isSummed(eq))) continue;
      if (find(&variables, eq.name) == nullptr) continue;  // its declaration failed
      auto rhs = expr(*eq.rhs, context);
      if (!rhs) continue;
      ir::Equation e;
      e.kind = eq.kind == ast::Equation::Kind::differential ? ir::Equation::Kind::differential
                                                            : ir::Equation::Kind::subexpression;
      e.variable = eq.name;
      e.location = eq.location;
      e.rhs = std::move(*rhs);
      e.unlessRefractory = hasFlag(eq, "unless refractory");
      e.clockDriven = hasFlag(eq, "clock-driven");
      e.eventDriven = hasFlag(eq, "event-driven");
      e.constantOverDt = hasFlag(eq, "constant over dt");
      out.push_back(std::move(e));
    }
  }

  // Which variables a statement list may assign.
  struct Targets {
    const std::vector<ir::Variable>* own = nullptr;
    const std::vector<ir::Variable>* pre = nullptr;   // synaptic code: x_pre
    const std::vector<ir::Variable>* post = nullptr;  // synaptic code: x_post or x
    bool allowCondition = false;                      // init: x[cond] = value
    bool allowLet = false;
  };

  std::vector<ir::Statement> statements(const ast::BodyItem* item, Context context,
                                        const Targets& targets) {
    std::vector<ir::Statement> out;
    if (item == nullptr) return out;
    std::set<std::string> locals;
    std::set<std::string> failedLocals;
    std::map<std::string, SourceLocation> localLocations;
    context.locals = &locals;
    context.poisoned = &failedLocals;
    for (const ast::Statement& s : item->statements) {
      ir::Statement statement;
      statement.location = s.location;
      statement.op = s.op;
      statement.target = s.target;
      bool ok = true;
      if (s.kind == ast::Statement::Kind::expression) {
        diagnostics_.error(s.location,
                           fmt::format("a statement in {} must assign a variable", context.place));
        continue;
      }
      if (s.kind == ast::Statement::Kind::let) {
        statement.kind = ir::Statement::Kind::let;
        statement.targetScope = ir::Scope::local;
        if (!targets.allowLet) {
          diagnostics_.error(s.location, fmt::format("'let' can only be used in init and "
                                                     "trial_init, not in {}",
                                                     context.place));
          ok = false;
        } else if (locals.count(s.target) > 0) {
          Diagnostic& error = diagnostics_.error(
              s.targetLocation, fmt::format("'{}' is already defined by a 'let'", s.target));
          error.notes.push_back(
              {Severity::note, localLocations[s.target], "first defined here", {}});
          ok = false;
        } else if (const ir::Variable* v = find(context.own, s.target)) {
          Diagnostic& error = diagnostics_.error(
              s.targetLocation,
              fmt::format("'let {}' would hide the variable '{}'", s.target, s.target));
          error.notes.push_back({Severity::note, v->location, "the variable is defined here", {}});
          ok = false;
        }
      } else {
        statement.kind = ir::Statement::Kind::assign;
        ok = assignmentTarget(s, targets, context, statement) && ok;
        if (s.condition) {
          if (!targets.allowCondition) {
            diagnostics_.error(s.condition->location,
                               fmt::format("a conditional assignment 'x[condition] = value' can "
                                           "only be used in init and trial_init, not in {}",
                                           context.place));
            ok = false;
          } else if (auto condition = expr(*s.condition, context)) {
            statement.condition = std::move(*condition);
          } else {
            ok = false;
          }
        }
      }
      auto value = expr(s.value, context);
      if (!value) ok = false;
      if (s.kind == ast::Statement::Kind::let) {
        if (ok) {
          locals.insert(s.target);
          localLocations.emplace(s.target, s.targetLocation);
        } else if (locals.count(s.target) == 0) {
          failedLocals.insert(s.target);
        }
      }
      if (!ok) continue;
      statement.value = std::move(*value);
      out.push_back(std::move(statement));
    }
    return out;
  }

  bool assignmentTarget(const ast::Statement& s, const Targets& targets, const Context& context,
                        ir::Statement& statement) {
    const std::string& n = s.target;
    if (context.parameters != nullptr && context.parameters->count(n) > 0 &&
        find(targets.own, n) == nullptr) {
      diagnostics_.error(s.targetLocation,
                         fmt::format("'{}' is a parameter of the synapse_model and cannot be "
                                     "assigned",
                                     n));
      return false;
    }
    const ir::Variable* v = find(targets.own, n);
    ir::Scope scope = ir::Scope::self;
    if (v == nullptr && targets.pre != nullptr && endsWith(n, "_pre")) {
      v = find(targets.pre, n.substr(0, n.size() - 4));
      scope = ir::Scope::pre;
    }
    if (v == nullptr && targets.post != nullptr) {
      std::string base = endsWith(n, "_post") ? n.substr(0, n.size() - 5) : n;
      v = find(targets.post, base);
      scope = ir::Scope::post;
    }
    if (v == nullptr && poisoned_.count(n) > 0) return false;  // reported where defined
    if (v == nullptr) {
      std::vector<std::string> names;
      for (auto* variables : {targets.own, targets.pre, targets.post}) {
        if (variables == nullptr) continue;
        for (const auto& var : *variables) names.push_back(var.name);
      }
      diagnostics_.error(s.targetLocation, fmt::format("unknown variable '{}' in {}{}", n,
                                                       context.place, didYouMean(n, names)));
      return false;
    }
    if (v->kind == ir::Variable::Kind::subexpression) {
      diagnostics_.error(s.targetLocation, fmt::format("cannot assign to subexpression '{}'", n));
      return false;
    }
    statement.target = v->name;
    statement.targetScope = scope;
    statement.targetDimension = v->dimension;
    statement.targetType = v->type;
    return true;
  }

  // ------------------------------------------------------------------ groups
  void generator(const ast::SpikeGenerator& g) {
    if (!declare(g.name, g.location, "spike_generator")) return;
    readBody(g.body, noItems, fmt::format("spike_generator '{}'", g.name));
    auto size = evaluateCount(g.size, fmt::format("the size of '{}'", g.name), 1);
    if (!size) {
      poisoned_.insert(g.name);
      return;
    }
    model_.generators.push_back({g.name, g.location, *size});
    populations_[g.name] = ir::Population{g.name, g.name, 0, *size, true};
  }

  void declareGroup(const ast::Group& g) {
    declare(g.name, g.location, "group");
    ir::NeuronGroup group;
    group.name = g.name;
    group.location = g.location;
    auto size = evaluateCount(g.size, fmt::format("the size of group '{}'", g.name), 1);
    group.size = size.value_or(0);
    auto items = readBody(g.body, groupItems, fmt::format("group '{}'", g.name));
    declareVariables(get(items, "equations"), group.variables, false);
    if (get(items, "refractory") != nullptr) {
      // Brian2's implicit variables of a group with a refractory period.
      ir::Variable lastspike;
      lastspike.name = "lastspike";
      lastspike.location = get(items, "refractory")->location;
      lastspike.dimension = Dimension::base(2);
      lastspike.implicit = true;
      ir::Variable notRefractory = lastspike;
      notRefractory.name = "not_refractory";
      notRefractory.dimension = {};
      notRefractory.type = ValueType::boolean;
      group.variables.push_back(lastspike);
      group.variables.push_back(notRefractory);
    }
    if (size) {
      populations_[g.name] = ir::Population{g.name, g.name, 0, *size, false};
    } else {
      poisoned_.insert(g.name);
    }
    model_.groups.push_back(std::move(group));
  }

  Context groupContext(const ir::NeuronGroup& group, const std::string& place) {
    Context c;
    c.place = place;
    c.own = &group.variables;
    c.allowIndex = true;
    c.allowTime = true;
    return c;
  }

  void defineGroup(const ast::Group& g, ir::NeuronGroup& group) {
    // declareGroup has reported unknown and duplicate items; take the first of each key.
    std::map<std::string, const ast::BodyItem*> quiet;
    for (const auto& item : g.body.items) quiet.emplace(item.key, &item);
    std::string where = fmt::format("group '{}'", g.name);
    resolveEquations(get(quiet, "equations"), group.equations, group.variables,
                     groupContext(group, "the equations of " + where));
    if (const ast::BodyItem* item = get(quiet, "threshold")) {
      if (const ast::Expr* e = singleExpression(*item)) {
        if (auto threshold = expr(*e, groupContext(group, "the threshold of " + where))) {
          group.threshold = std::move(*threshold);
        }
      }
    }
    if (const ast::BodyItem* item = get(quiet, "refractory")) {
      if (const ast::Expr* e = singleExpression(*item)) {
        if (auto refractory = expr(*e, groupContext(group, "the refractory period of " + where))) {
          group.refractory = std::move(*refractory);
        }
      }
    }
    group.method = method(get(quiet, "method"));
    group.reset = statements(get(quiet, "reset"), groupContext(group, "the reset of " + where),
                             Targets{&group.variables});
    Context init = groupContext(group, "the initialisation of " + where);
    init.allowRandom = true;
    init.allowTime = false;
    Targets initTargets{&group.variables, nullptr, nullptr, true, true};
    group.init = statements(get(quiet, "init"), init, initTargets);
    group.trialInit = statements(get(quiet, "trial_init"), init, initTargets);
  }

  void subgroup(const ast::Subgroup& s) {
    if (!declare(s.name, s.location, "subgroup")) return;
    readBody(s.body, subgroupItems, fmt::format("subgroup '{}'", s.name));
    ir::NeuronGroup* parent = model_.findGroup(s.parent);
    if (parent == nullptr || poisoned_.count(s.parent) > 0) {
      poisoned_.insert(s.name);
      if (poisoned_.count(s.parent) > 0) return;
      std::vector<std::string> names;
      for (const auto& g : model_.groups) names.push_back(g.name);
      diagnostics_.error(s.parentLocation, fmt::format("unknown group '{}'{}", s.parent,
                                                       didYouMean(s.parent, names)));
      return;
    }
    std::int64_t start = 0;
    std::int64_t stop = parent->size;
    bool ok = true;
    // A negative bound counts from the end, as in Python (and Brian2): neurons[-27:].
    auto bound = [&](const ast::Expr& e, const char* what) -> std::optional<std::int64_t> {
      auto v = evaluateCount(e, what, -1'000'000'000'000);
      if (v && *v < 0) *v += parent->size;
      return v;
    };
    if (s.start) {
      auto v = bound(*s.start, "the start of a slice");
      ok = ok && v.has_value();
      start = v.value_or(0);
    }
    if (s.stop) {
      auto v = bound(*s.stop, "the end of a slice");
      ok = ok && v.has_value();
      stop = v.value_or(0);
    }
    if (!ok) {
      poisoned_.insert(s.name);
      return;
    }
    if (start < 0 || stop < 0) {
      diagnostics_.error(
          s.sliceLocation,
          fmt::format("slice bound {} reaches before the start of group '{}' of {} "
                      "elements",
                      (start < 0 ? start : stop) - parent->size, parent->name, parent->size));
      poisoned_.insert(s.name);
      return;
    }
    if (start >= stop && stop <= parent->size) {
      diagnostics_.error(s.sliceLocation,
                         fmt::format("slice [{}:{}] of group '{}' is empty: the start must be "
                                     "less than the end",
                                     start, stop, parent->name));
      poisoned_.insert(s.name);
      return;
    }
    if (stop > parent->size) {
      diagnostics_.error(s.sliceLocation,
                         fmt::format("slice [{}:{}] is out of range for group '{}' of {} "
                                     "elements",
                                     start, stop, parent->name, parent->size));
      poisoned_.insert(s.name);
      return;
    }
    model_.subgroups.push_back({s.name, s.location, parent->name, start, stop, {}, {}});
    populations_[s.name] = ir::Population{s.name, parent->name, start, stop, false};
  }

  void defineSubgroup(const ast::Subgroup& s) {
    ir::Subgroup* subgroup = nullptr;
    for (auto& candidate : model_.subgroups)
      if (candidate.name == s.name && candidate.location == s.location) subgroup = &candidate;
    if (subgroup == nullptr) return;
    const ir::NeuronGroup* parent = model_.findGroup(subgroup->group);
    std::map<std::string, const ast::BodyItem*> items;
    for (const auto& item : s.body.items) items.emplace(item.key, &item);
    Context init =
        groupContext(*parent, fmt::format("the initialisation of subgroup '{}'", s.name));
    init.allowRandom = true;
    init.allowTime = false;
    Targets targets{&parent->variables, nullptr, nullptr, true, true};
    subgroup->init = statements(get(items, "init"), init, targets);
    subgroup->trialInit = statements(get(items, "trial_init"), init, targets);
  }

  // ------------------------------------------------------------------ synapses
  std::optional<ir::Population> population(const std::string& n, const SourceLocation& where) {
    if (auto found = populations_.find(n); found != populations_.end()) return found->second;
    if (poisoned_.count(n) > 0) return std::nullopt;  // its definition failed
    std::vector<std::string> names;
    for (const auto& [name, p] : populations_) names.push_back(name);
    diagnostics_.error(where, fmt::format("unknown group, subgroup or spike_generator '{}'{}", n,
                                          didYouMean(n, names)));
    return std::nullopt;
  }

  const std::vector<ir::Variable>* variablesOf(const ir::Population& p) {
    static const std::vector<ir::Variable> none;
    if (p.isGenerator) return &none;
    const ir::NeuronGroup* group = model_.findGroup(p.group);
    return group == nullptr ? &none : &group->variables;
  }

  void synapses(const ast::Synapses& s) {
    if (!declare(s.name, s.location, "synapses")) return;
    std::string where = fmt::format("synapses '{}'", s.name);
    auto items = readBody(s.body, synapsesItems, where);
    auto source = population(s.source, s.sourceLocation);
    auto target = population(s.target, s.targetLocation);
    if (!source || !target) return;
    if (target->isGenerator) {
      diagnostics_.error(
          s.targetLocation,
          fmt::format("spike_generator '{}' cannot be the target of synapses", s.target));
      return;
    }
    ir::Synapses out;
    out.name = s.name;
    out.location = s.location;
    out.model = s.modelName.value_or("");
    out.source = *source;
    out.target = *target;

    std::map<std::string, Quantity> parameters;
    for (const ast::Binding& b : s.bindings) {
      auto value = evaluate(b.value, Context{"a synapse_model argument"},
                            fmt::format("argument '{}'", b.name));
      if (!value) {
        poisoned_.insert(b.name);
        continue;
      }
      if (b.unit) {
        auto expected = unitSpec(*b.unit);
        if (expected && !(expected->first == value->dimension)) {
          diagnostics_.error(
              b.value.location,
              fmt::format("argument '{}' of '{}' must have dimension {}, got {}", b.name, out.model,
                          expected->first.describe(), value->dimension.describe()));
          poisoned_.insert(b.name);
          continue;
        }
      }
      parameters[b.name] = *value;
      out.parameters.push_back({b.name, *value});
    }

    declareVariables(get(items, "equations"), out.variables, true);
    for (const auto& v : out.variables) {
      if (parameters.count(v.name) > 0) {
        diagnostics_.error(v.location, fmt::format("variable '{}' has the name of a parameter of "
                                                   "synapse_model '{}'",
                                                   v.name, out.model));
      }
    }
    const std::vector<ir::Variable>* pre = variablesOf(*source);
    const std::vector<ir::Variable>* post = variablesOf(*target);

    auto context = [&](const std::string& place) {
      Context c;
      c.place = place + " of " + where;
      c.own = &out.variables;
      c.pre = pre;
      c.post = post;
      c.synapses = true;
      c.postWithoutSuffix = true;
      c.parameters = &parameters;
      c.allowIndex = true;
      c.allowTime = true;
      return c;
    };
    resolveEquations(get(items, "equations"), out.equations, out.variables,
                     context("the equations"));
    summedVariables(get(items, "equations"), out, *target, context("the equations"));

    Targets synapticTargets{&out.variables, pre, post};
    out.onPre = statements(get(items, "on_pre"), context("on_pre"), synapticTargets);
    out.onPost = statements(get(items, "on_post"), context("on_post"), synapticTargets);

    Context random = context("the connection rule");
    random.allowRandom = true;
    random.allowTime = false;
    random.postWithoutSuffix = false;
    random.own = nullptr;
    if (const ast::BodyItem* item = get(items, "connect")) {
      out.connect = connectRule(*item, random);
    } else {
      diagnostics_.error(s.location, fmt::format("synapses '{}' have no 'connect:' rule (for "
                                                 "example 'connect: p = 0.1')",
                                                 s.name));
    }
    if (const ast::BodyItem* item = get(items, "delay")) {
      if (const ast::Expr* e = singleExpression(*item)) {
        Context delay = context("the delay");
        delay.allowRandom = true;
        delay.allowTime = false;
        if (auto d = expr(*e, delay)) out.delay = std::move(*d);
      }
    }
    out.method = method(get(items, "method"));
    Context init = context("the initialisation");
    init.allowRandom = true;
    init.allowTime = false;
    Targets initTargets{&out.variables, nullptr, nullptr, true, true};
    out.init = statements(get(items, "init"), init, initTargets);
    out.trialInit = statements(get(items, "trial_init"), init, initTargets);
    model_.synapses.push_back(std::move(out));
  }

  void summedVariables(const ast::BodyItem* equations, ir::Synapses& out,
                       const ir::Population& target, const Context& context) {
    if (equations == nullptr) return;
    for (const ast::Equation& eq : equations->equations) {
      if (!isSummed(eq) || !eq.rhs) continue;
      // The flag check reports summed variables without a _post name or right-hand side.
      if (!endsWith(eq.name, "_post")) continue;
      std::string name = eq.name.substr(0, eq.name.size() - 5);
      auto unit = unitSpec(eq.unit);
      if (!unit) continue;
      const ir::Variable* targetVariable = find(context.post, name);
      if (targetVariable == nullptr) {
        std::vector<std::string> names;
        for (const auto& v : *context.post) names.push_back(v.name);
        diagnostics_.error(eq.location,
                           fmt::format("summed variable '{}': '{}' has no variable '{}'{}", eq.name,
                                       target.name, name, didYouMean(name, names)));
        continue;
      }
      if (targetVariable->kind != ir::Variable::Kind::parameter || targetVariable->constant ||
          targetVariable->shared) {
        diagnostics_.error(eq.location,
                           fmt::format("summed variable '{}': the target '{}' must be a "
                                       "per-element parameter that is not constant (declared "
                                       "'{} : unit')",
                                       eq.name, name, name));
        continue;
      }
      if (!(targetVariable->dimension == unit->first)) {
        diagnostics_.error(eq.location,
                           fmt::format("summed variable '{}' has dimension {}, its target '{}' "
                                       "has {}",
                                       eq.name, unit->first.describe(), name,
                                       targetVariable->dimension.describe()));
        continue;
      }
      auto rhs = expr(*eq.rhs, context);
      if (!rhs) continue;
      out.summed.push_back(
          {name, ir::Scope::post, eq.location, std::move(*rhs), unit->first, {}, {}, true});
    }
  }

  ir::ConnectRule connectRule(const ast::BodyItem& item, const Context& context) {
    ir::ConnectRule rule;
    rule.location = item.location;
    rule.kind = ir::ConnectRule::Kind::all_to_all;
    for (const ast::Statement& s : item.statements) {
      if (s.kind == ast::Statement::Kind::expression && s.value.kind == ast::Expr::Kind::name &&
          (s.value.name == "one_to_one" || s.value.name == "all_to_all") &&
          item.statements.size() == 1) {
        rule.kind = s.value.name == "one_to_one" ? ir::ConnectRule::Kind::one_to_one
                                                 : ir::ConnectRule::Kind::all_to_all;
        continue;
      }
      if (s.kind != ast::Statement::Kind::assign || s.op != AssignOp::assign || s.condition ||
          (s.target != "p" && s.target != "condition")) {
        diagnostics_.error(s.location,
                           "a connection rule is 'p = expression', 'condition = expression' (or "
                           "both, separated by a comma), 'one_to_one' or 'all_to_all'");
        continue;
      }
      auto value = expr(s.value, context);
      if (!value) continue;
      if (s.target == "p") {
        if (rule.probability) diagnostics_.error(s.location, "'p' is given twice");
        rule.probability = std::move(*value);
        rule.kind = ir::ConnectRule::Kind::probability;
      } else {
        if (rule.condition) diagnostics_.error(s.location, "'condition' is given twice");
        rule.condition = std::move(*value);
        if (rule.kind != ir::ConnectRule::Kind::probability) {
          rule.kind = ir::ConnectRule::Kind::all_to_all;
        }
      }
    }
    return rule;
  }

  // ------------------------------------------------------------------ monitors, experiment
  void monitor(const ast::Monitor& m) {
    if (!declare(m.name, m.location, "monitor")) return;
    ir::Monitor out;
    out.name = m.name;
    out.location = m.location;
    if (m.kind == "spikes") {
      out.kind = ir::Monitor::Kind::spikes;
    } else if (m.kind == "state") {
      out.kind = ir::Monitor::Kind::state;
    } else {
      diagnostics_.error(m.kindLocation,
                         fmt::format("unknown monitor '{}': monitors are spikes(population) or "
                                     "state(population, variable, ...)",
                                     m.kind));
      return;
    }
    std::size_t expected = out.kind == ir::Monitor::Kind::spikes ? 1 : 2;
    if (m.arguments.empty() || (out.kind == ir::Monitor::Kind::spikes && m.arguments.size() != 1) ||
        m.arguments.size() < expected) {
      diagnostics_.error(
          m.kindLocation,
          out.kind == ir::Monitor::Kind::spikes
              ? fmt::format("'spikes' takes 1 argument (a population), got {}", m.arguments.size())
              : fmt::format("'state' takes a population and at least one "
                            "variable, got {} argument{}",
                            m.arguments.size(), m.arguments.size() == 1 ? "" : "s"));
      return;
    }
    for (const ast::Expr& a : m.arguments) {
      if (a.kind != ast::Expr::Kind::name) {
        diagnostics_.error(a.location, "a monitor's arguments are names");
        return;
      }
    }
    auto p = population(m.arguments[0].name, m.arguments[0].location);
    if (!p) return;
    out.population = *p;
    for (std::size_t k = 1; k < m.arguments.size(); ++k) {
      const std::string& n = m.arguments[k].name;
      const auto* variables = variablesOf(*p);
      if (find(variables, n) == nullptr) {
        std::vector<std::string> names;
        for (const auto& v : *variables) names.push_back(v.name);
        diagnostics_.error(m.arguments[k].location, fmt::format("'{}' has no variable '{}'{}",
                                                                p->name, n, didYouMean(n, names)));
        return;
      }
      out.variables.push_back(n);
    }
    auto items =
        readBody(m.body, out.kind == ir::Monitor::Kind::state ? stateMonitorItems : noItems,
                 fmt::format("{} monitor '{}'", m.kind, m.name));
    if (const ast::BodyItem* every = get(items, "every")) {
      if (!monitorEvery(*every, out)) return;
    }
    if (const ast::BodyItem* elements = get(items, "elements")) {
      if (!monitorElements(*elements, out)) return;
    }
    model_.monitors.push_back(std::move(out));
  }

  // `every: 1 ms`: the recording interval (a multiple of dt, checked when dt is known).
  bool monitorEvery(const ast::BodyItem& item, ir::Monitor& out) {
    const ast::Expr* e = singleExpression(item);
    if (e == nullptr) return false;
    auto value = evaluate(*e, Context{"a monitor"}, "'every'");
    if (!value) return false;
    if (!(value->dimension == Dimension::base(2)) || !(value->value > 0)) {
      diagnostics_.error(e->location, fmt::format("'every' must be a positive duration, got {}",
                                                  formatQuantity(*value)));
      return false;
    }
    out.every = value->value;
    out.everyLocation = e->location;
    return true;
  }

  // A state monitor records on the network's steps: its interval must be a whole number of
  // the experiment's dt (or Brian2's default 0.1 ms). The runtime checks again for another dt.
  void checkMonitorIntervals() {
    double dt = 1e-4;
    if (model_.experiment) {
      if (const ir::Setting* setting = model_.experiment->find("dt")) dt = setting->value.value;
    }
    for (const ir::Monitor& m : model_.monitors) {
      if (m.every <= 0) continue;
      double steps = std::round(m.every / dt);
      if (steps < 1 || std::abs(steps * dt - m.every) > 1e-9 * m.every) {
        diagnostics_.error(
            m.everyLocation,
            fmt::format("'every' ({}) must be a whole number of time steps ({})",
                        fmt::format("{:g} ms", m.every * 1e3), fmt::format("{:g} ms", dt * 1e3)));
      }
    }
  }

  // `elements: 0, 5, 10`: which elements of the population to record.
  bool monitorElements(const ast::BodyItem& item, ir::Monitor& out) {
    for (const ast::Statement& statement : item.statements) {
      if (statement.kind != ast::Statement::Kind::expression) {
        diagnostics_.error(statement.location, "'elements' takes indices, not assignments");
        return false;
      }
      auto value = evaluate(statement.value, Context{"a monitor"}, "an element index");
      if (!value) return false;
      double index = value->value;
      if (!value->dimension.isDimensionless() || std::trunc(index) != index || index < 0 ||
          index >= static_cast<double>(out.population.size())) {
        diagnostics_.error(
            statement.value.location,
            fmt::format("'elements' takes indices from 0 to {} of '{}', got {}",
                        out.population.size() - 1, out.population.name, formatQuantity(*value)));
        return false;
      }
      out.elements.push_back(static_cast<std::int64_t>(index));
    }
    return true;
  }

  void experiment(const ast::Experiment& e) {
    using K = ExperimentRule::Kind;
    ir::Experiment out;
    out.name = e.name;
    out.location = e.location;
    std::vector<std::string> known;
    for (const auto& rule : experimentSettings()) known.push_back(rule.name);
    for (const ast::BodyItem& item : e.body.items) {
      auto rule = std::find_if(experimentSettings().begin(), experimentSettings().end(),
                               [&](const auto& r) { return r.name == item.key; });
      if (rule == experimentSettings().end()) {
        diagnostics_.error(item.location, fmt::format("unknown experiment setting '{}'{}", item.key,
                                                      didYouMean(item.key, known)));
        continue;
      }
      if (out.find(item.key) != nullptr) {
        diagnostics_.error(item.location,
                           fmt::format("duplicate '{}' in the experiment", item.key));
        continue;
      }
      if (item.kind != ast::BodyItem::Kind::setting) {
        diagnostics_.error(item.location,
                           fmt::format("'{}' is a setting: write '{}: ...'", item.key, item.key));
        continue;
      }
      bool single = rule->kind != K::quantities && rule->kind != K::spikeMonitors;
      if (single && item.statements.size() != 1) {
        diagnostics_.error(item.location, fmt::format("'{}' takes one value", item.key));
        continue;
      }
      ir::Setting setting{item.key, item.location, {}, {}, {}};
      bool ok = true;
      for (const ast::Statement& statement : item.statements) {
        if (statement.kind != ast::Statement::Kind::expression) {
          diagnostics_.error(statement.location, fmt::format("'{}' takes values, not "
                                                             "assignments",
                                                             item.key));
          ok = false;
          continue;
        }
        const ast::Expr& valueExpr = statement.value;
        if (rule->kind == K::spikeGenerator || rule->kind == K::spikeMonitors) {
          ok = experimentName(valueExpr, rule->kind == K::spikeGenerator, item.key, setting) && ok;
          continue;
        }
        auto value = evaluate(valueExpr, Context{"the experiment"},
                              fmt::format("experiment setting '{}'", item.key));
        if (!value) {
          ok = false;
          continue;
        }
        if (!(value->dimension == rule->dimension)) {
          diagnostics_.error(
              valueExpr.location,
              fmt::format("experiment setting '{}' must have dimension {}, got {}", item.key,
                          rule->dimension.describe(), value->dimension.describe()));
          ok = false;
          continue;
        }
        bool integral = std::trunc(value->value) == value->value;
        if (value->value <= 0 || (rule->kind == K::count && !integral)) {
          diagnostics_.error(valueExpr.location,
                             fmt::format("experiment setting '{}' must be a positive {}", item.key,
                                         rule->kind == K::count ? "integer" : "number"));
          ok = false;
          continue;
        }
        setting.values.push_back(*value);
      }
      if (!ok) continue;
      if (!setting.values.empty()) setting.value = setting.values.front();
      out.settings.push_back(std::move(setting));
    }
    model_.experiment = std::move(out);
  }

  bool experimentName(const ast::Expr& e, bool generator, const std::string& key,
                      ir::Setting& setting) {
    std::vector<std::string> candidates;
    if (generator) {
      for (const auto& g : model_.generators) candidates.push_back(g.name);
    } else {
      for (const auto& m : model_.monitors)
        if (m.kind == ir::Monitor::Kind::spikes) candidates.push_back(m.name);
    }
    const char* what = generator ? "a spike_generator" : "a spike monitor";
    if (e.kind != ast::Expr::Kind::name) {
      diagnostics_.error(e.location, fmt::format("'{}' takes the name of {}", key, what));
      return false;
    }
    if (std::find(candidates.begin(), candidates.end(), e.name) == candidates.end()) {
      diagnostics_.error(e.location, fmt::format("'{}' is not {}{}", e.name, what,
                                                 didYouMean(e.name, candidates)));
      return false;
    }
    setting.names.push_back(e.name);
    return true;
  }

  const std::vector<ParsedOverride>& overrides_;
  DiagnosticEngine& diagnostics_;
  ir::Model model_;
  std::map<std::string, std::pair<SourceLocation, std::string>> declared_;  // where, kind
  // Names whose definition failed (and was reported): uses of them report nothing more.
  std::set<std::string> poisoned_;
  // Every top-level constant of the model, to tell "defined later" from "unknown".
  std::map<std::string, SourceLocation> allConstants_;
  std::map<std::string, ir::Population> populations_;
  std::set<std::string> usedOverrides_;
};

}  // namespace

std::optional<ir::Model> resolveNames(const ast::Module& module,
                                      const std::vector<ParsedOverride>& overrides,
                                      DiagnosticEngine& diagnostics) {
  return Resolver(overrides, diagnostics).run(module);
}

}  // namespace lsm
