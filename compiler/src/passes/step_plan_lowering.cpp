#include "passes/step_plan_lowering.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <stdexcept>

#include "integration/expression_builder.hpp"
#include "ir/plan_random.hpp"
#include "lsm/step_plan.hpp"
#include "passes/run_time_writes.hpp"

namespace lsm {

namespace {

using ir::Expr;
using ir::PlanOp;
using ir::PlanSlot;
using ir::Statement;

// A pathway whose synapses all have one delay can queue source elements instead of synapses:
// a delay that is fixed and the same for every synapse.
bool oneDelay(const ir::Synapses& s) {
  if (!s.delay) return true;
  return !differsPerElement(*s.delay, s.variables) && !build::any(*s.delay, [](const Expr& e) {
    return e.kind == Expr::Kind::call && ir::isRandom(e.function);
  });
}

// Brian2's BinomialFunction(n, p) (input/binomial.py) as the step's arithmetic: where n p and
// n (1 - p) exceed 5, its normal approximation randn()*sqrt(n p (1-p)) + n p; else inversion,
// the number of the cumulative probabilities F_0 < F_1 < ... below one uniform draw, with
// Brian2's recurrence for the probabilities and its bound min(n, nP + 10 sqrt(nPq + 1)) on the
// count (P = min(p, 1-p), counted from n down when p > 1/2). Brian2 draws anew in the rare
// case that the bound is passed (a probability below 1e-20); here the count stops at it.
// The sum of conditionals is straight-line code, so the loop stays vectorised.
std::vector<Statement> binomialDraw(std::int64_t n, double p, const std::string& local) {
  const double count = static_cast<double>(n);
  std::vector<Statement> body;
  if (count * p > 5 && count * (1 - p) > 5) {
    const double loc = count * p, scale = std::sqrt(count * p * (1 - p));
    body.push_back(build::let(
        local,
        build::add(build::multiply(build::call(ir::Builtin::randn, {}, {}), build::constant(scale)),
                   build::constant(loc))));
    return body;
  }
  const bool reverse = p > 0.5;
  const double P = reverse ? 1 - p : p, q = 1 - P;
  const double bound = std::min(count, count * P + 10 * std::sqrt(count * P * q + 1));
  body.push_back(build::let(local + "_u", build::call(ir::Builtin::rand, {}, {})));
  const Expr u = build::local(local + "_u", {});
  double px = std::exp(count * std::log(q));
  double cumulative = px;
  Expr k = build::constant(0.0);
  for (std::int64_t x = 1; static_cast<double>(x) <= bound; ++x) {
    Expr test = build::constant(0.0);
    test.kind = Expr::Kind::binary;
    test.binaryOp = BinaryOp::greater;
    test.type = ir::ValueType::boolean;
    test.operands = {u, build::constant(cumulative)};
    k = build::add(std::move(k),
                   build::conditional(build::constant(1.0), std::move(test), build::constant(0.0)));
    px = ((count - static_cast<double>(x) + 1) * P * px) / (static_cast<double>(x) * q);
    cumulative += px;
  }
  if (reverse) k = build::subtract(build::constant(count), std::move(k));
  body.push_back(build::let(local, std::move(k)));
  return body;
}

// `variable += k * weight` for each element of the target (Brian2's code for PoissonInput).
std::vector<Statement> poissonInputBody(const ir::PoissonInput& p, const ir::NeuronGroup& g,
                                        double dt) {
  std::vector<Statement> body = binomialDraw(p.n, p.rate * dt, "_inputs");
  const ir::Variable* v = g.findVariable(p.variable);
  body.push_back(build::assign(p.variable, ir::Scope::self, AssignOp::add, v->dimension,
                               build::multiply(build::local("_inputs", {}), p.weight)));
  return body;
}

class Lowering {
 public:
  explicit Lowering(const ir::Model& model) : model_(model) {}

  ir::StepPlan run() {
    for (const ir::ScheduledOperation& op : model_.schedule) operation(op);
    for (const ir::Synapses& s : model_.synapses) {
      if (s.catchUp.empty()) continue;
      PlanOp loop = synapseLoop(s, s.name + " catch-up", s.catchUp);
      plan_.catchUp.push_back(std::move(loop));
      for (const ir::SummedVariable& summed : s.summed) {
        if (summed.runningSum.empty()) continue;
        sum(s, summed, summed.runningSum, plan_.runningSums,
            fmt::format("{} running sum of {}", s.name, summed.target));
      }
    }
    nameRandomDraws();
    return std::move(plan_);
  }

 private:
  // ------------------------------------------------------------------ slots
  int slot(PlanSlot candidate) {
    for (std::size_t k = 0; k < plan_.slots.size(); ++k) {
      const PlanSlot& s = plan_.slots[k];
      if (s.kind == candidate.kind && s.object == candidate.object &&
          s.variable == candidate.variable)
        return static_cast<int>(k);
    }
    plan_.slots.push_back(std::move(candidate));
    return static_cast<int>(plan_.slots.size()) - 1;
  }

  int slot(PlanSlot::Kind kind, const std::string& object, std::int64_t size = 0) {
    PlanSlot s;
    s.kind = kind;
    s.object = object;
    s.size = size;
    return slot(std::move(s));
  }

  int variableSlot(const std::string& object, const std::string& name) {
    // A linked variable is the variable it is linked to, element by element.
    if (const ir::NeuronGroup* g = model_.findGroup(object)) {
      const ir::Variable* v = g->findVariable(name);
      if (v != nullptr && v->linked) return variableSlot(v->linkedGroup, v->linkedVariable);
    }
    PlanSlot s;
    s.kind = PlanSlot::Kind::variable;
    s.object = object;
    s.variable = name;
    const ir::Variable* v = nullptr;
    if (const ir::NeuronGroup* g = model_.findGroup(object)) {
      v = g->findVariable(name);
      s.size = g->size;
    } else if (const ir::Synapses* syn = model_.findSynapses(object)) {
      v = syn->findVariable(name);
    }
    if (v == nullptr || v->kind == ir::Variable::Kind::subexpression) {
      throw std::logic_error(
          fmt::format("step plan: '{}' is no stored variable of {}", name, object));
    }
    s.shared = v->shared;
    if (s.shared) s.size = 1;
    return slot(std::move(s));
  }

  // The spike list of a group or generator, or of one of a group's custom events (`event`;
  // empty: the spikes).
  int spikesOf(const std::string& groupOrGenerator, const std::string& event = "") {
    std::int64_t size = 0;
    if (const ir::NeuronGroup* g = model_.findGroup(groupOrGenerator)) size = g->size;
    for (const auto& generator : model_.generators)
      if (generator.name == groupOrGenerator) size = generator.size;
    return eventSlot(PlanSlot::Kind::spikes, groupOrGenerator, event, size);
  }

  int eventSlot(PlanSlot::Kind kind, const std::string& object, const std::string& event,
                std::int64_t size) {
    PlanSlot s;
    s.kind = kind;
    s.object = object;
    s.variable = event;
    s.size = size;
    return slot(std::move(s));
  }

  // The plan's name of an event: empty for Brian2's "spike".
  static std::string eventName(const std::string& event) { return event == "spike" ? "" : event; }

  // ------------------------------------------------------------------ random draws
  // Each rand() and randn() of the step draws from a stream of its own, named by where it
  // stands: the operation, the function and how many calls of it come before it in the
  // operation (never by file, line or column: comments and blank lines change nothing).
  void nameRandomDraws() {
    std::map<std::string, int> calls;
    int key = -1;
    std::function<void(Expr&, const PlanOp&)> visit = [&](Expr& e, const PlanOp& op) {
      for (Expr& operand : e.operands) visit(operand, op);
      if (e.kind != Expr::Kind::call || !ir::isRandom(e.function)) return;
      if (e.function != ir::Builtin::rand && e.function != ir::Builtin::randn) {
        throw std::logic_error(
            fmt::format("step plan: '{}' in {}", ir::spelling(e.function), op.name));
      }
      if (key < 0) key = slot(PlanSlot::Kind::randomKey, "");
      if (plan_.stepSlot < 0) plan_.stepSlot = plan_.addPlanVariable(op.object, "_step", true, 1);
      const std::string site = fmt::format("{}/{}", op.name, ir::spelling(e.function));
      e.slot = key;
      e.stream = ir::plan_random::streamOf(fmt::format("{}#{}", site, calls[site]++));
    };
    auto statements = [&](std::vector<Statement>& body, const PlanOp& op) {
      for (Statement& st : body) {
        if (st.condition) visit(*st.condition, op);
        visit(st.value, op);
      }
    };
    for (PlanOp& op : plan_.step) {
      statements(op.body, op);
      if (op.condition) visit(*op.condition, op);
      statements(op.onSpike, op);
      for (Expr& value : op.values) visit(value, op);
    }
  }

  // ------------------------------------------------------------------ resolving names
  // The objects a body's scopes name, and its locals.
  struct Scopes {
    std::string self, pre, post;
    std::map<std::string, int> locals;
    // Synapse loops: where the source and target populations start in their groups.
    std::int64_t preStart = 0, postStart = 0;
  };

  // The right-hand side of `object`'s subexpression `name`, or nullptr.
  const Expr* subexpression(const std::string& object, const std::string& name) const {
    const std::vector<ir::Equation>* equations = nullptr;
    if (const ir::NeuronGroup* g = model_.findGroup(object)) equations = &g->equations;
    if (const ir::Synapses* syn = model_.findSynapses(object)) equations = &syn->equations;
    if (equations == nullptr) return nullptr;
    for (const ir::Equation& eq : *equations)
      if (eq.kind == ir::Equation::Kind::subexpression && eq.variable == name) return &eq.rhs;
    return nullptr;
  }

  void resolve(Expr& e, Scopes& scopes) {
    // A subexpression is not stored: its definition stands where it is read, its own names
    // seen from where they are read (a target's `x` is `x_post` in the synapses' code).
    while (e.kind == Expr::Kind::variable && e.slot < 0 && e.scope != ir::Scope::local) {
      const Expr* rhs = subexpression(objectOf(e.scope, scopes), e.name);
      if (rhs == nullptr) break;
      {
        const ir::Scope seen = e.scope;
        const ir::NeuronGroup* group =
            seen == ir::Scope::self ? nullptr : model_.findGroup(objectOf(seen, scopes));
        Expr definition = build::substitute(*rhs, [&](const Expr& n) -> std::optional<Expr> {
          if (group != nullptr && n.kind == Expr::Kind::special)
            return groupSpecialSeenFrom(n, seen, *group, scopes);
          if (n.kind != Expr::Kind::variable || n.scope != ir::Scope::self) return std::nullopt;
          Expr moved = n;
          moved.scope = seen;
          return moved;
        });
        e = std::move(definition);
      }
    }
    for (Expr& operand : e.operands) resolve(operand, scopes);
    if (e.kind == Expr::Kind::table && e.slot < 0) timedArrayRead(e);
    if (e.kind != Expr::Kind::variable || e.slot >= 0) return;
    if (e.scope == ir::Scope::local) {
      auto found = scopes.locals.find(e.name);
      if (found == scopes.locals.end())
        throw std::logic_error("step plan: unbound local " + e.name);
      e.slot = found->second;
      return;
    }
    e.slot = variableSlot(objectOf(e.scope, scopes), e.name);
    e.indexSlot = linkIndicesSlot(objectOf(e.scope, scopes), e.name);
  }

  // The index array of `object`'s linked variable `name` when it has one, else -1.
  int linkIndicesSlot(const std::string& object, const std::string& name) {
    const ir::NeuronGroup* g = model_.findGroup(object);
    const ir::Variable* v = g != nullptr ? g->findVariable(name) : nullptr;
    if (v == nullptr || !v->linked || !v->linkedIndex) return -1;
    PlanSlot s;
    s.kind = PlanSlot::Kind::linkIndices;
    s.object = object;
    s.variable = name;
    s.size = g->size;
    s.indices = v->linkedIndices;
    return slot(std::move(s));
  }

  // A group's own i or N in its subexpression read by a synapse as X_pre or X_post: the index
  // of the synapse's source or target element in the group (Brian2: i of the group, also for a
  // subgroup's elements), and the group's size; nullopt for other names.
  static std::optional<Expr> groupSpecialSeenFrom(const Expr& n, ir::Scope seen,
                                                  const ir::NeuronGroup& group,
                                                  const Scopes& scopes) {
    auto integer = [&](std::int64_t value) {
      Expr c = Expr::makeConstant(static_cast<double>(value), {}, n.location);
      c.type = ir::ValueType::integer;
      c.begin = n.begin;
      return c;
    };
    if (n.special == ir::Special::N) return integer(group.size);
    if (n.special != ir::Special::i) return std::nullopt;
    Expr index = n;
    index.special = seen == ir::Scope::post ? ir::Special::j : ir::Special::i;
    const std::int64_t start = seen == ir::Scope::post ? scopes.postStart : scopes.preStart;
    if (start == 0) return index;
    Expr sum = index;
    sum.kind = Expr::Kind::binary;
    sum.binaryOp = BinaryOp::add;
    sum.operands = {index, integer(start)};
    return sum;
  }

  // `rates(t)` becomes the read of row clip(int((t/epsilon + 0.5)/K), 0, rows - 1) of the
  // array's table, Brian2's C++ code for TimedArray (input/timedarray.py) in its order of
  // operations; `rates(t, i)` reads column int(i) of that row.
  void timedArrayRead(Expr& e) {
    const ir::TimedArray* array = model_.findTimedArray(e.name);
    if (array == nullptr) throw std::logic_error("step plan: no timed_array " + e.name);
    const auto k = static_cast<double>(ir::timedArrayUpsampling(model_.dt(), array->dt));
    const double epsilon = array->dt / k;
    const Dimension second = Dimension::base(2);
    Expr steps =
        build::divide(build::add(build::divide(e.operands[0], build::constant(epsilon, second)),
                                 build::constant(0.5)),
                      build::constant(k));
    auto toInt = [](Expr x) {
      Expr whole = build::call(ir::Builtin::toInt, {std::move(x)}, {});
      whole.type = ir::ValueType::integer;
      return whole;
    };
    Expr row = build::call(ir::Builtin::clip,
                           {toInt(std::move(steps)), build::constant(0.0),
                            build::constant(static_cast<double>(array->rows - 1))},
                           {});
    row.type = ir::ValueType::integer;
    std::vector<Expr> operands{std::move(row)};
    if (e.operands.size() == 2) operands.push_back(toInt(std::move(e.operands[1])));
    e.operands = std::move(operands);
    PlanSlot table;
    table.kind = PlanSlot::Kind::table;
    table.object = array->name;
    table.size = static_cast<std::int64_t>(array->values.size());
    table.values = array->values;
    table.columns = array->columns;
    e.slot = slot(std::move(table));
  }

  static const std::string& objectOf(ir::Scope scope, const Scopes& scopes) {
    switch (scope) {
      case ir::Scope::pre:
        return scopes.pre;
      case ir::Scope::post:
        return scopes.post;
      case ir::Scope::self:
      case ir::Scope::local:
        break;
    }
    return scopes.self;
  }

  // Resolves the statements; returns the number of locals.
  int resolve(std::vector<Statement>& body, Scopes& scopes) {
    for (Statement& s : body) {
      if (s.condition) resolve(*s.condition, scopes);
      resolve(s.value, scopes);
      if (s.kind == Statement::Kind::let) {
        auto [it, isNew] = scopes.locals.emplace(s.target, static_cast<int>(scopes.locals.size()));
        s.targetSlot = it->second;
        continue;
      }
      if (s.kind == Statement::Kind::advance) {
        ir::Advance& a = *s.advance;
        const std::size_t n = a.variables.size();
        a.variableSlots.assign(n, -1);
        a.phiSlots.assign(n, std::vector<int>(n, -1));
        a.offsetSlots.assign(n, -1);
        for (std::size_t i = 0; i < n; ++i) {
          a.variableSlots[i] = variableSlot(scopes.self, a.variables[i]);
          for (std::size_t j = 0; j < n; ++j)
            if (!a.phi[i][j].empty()) a.phiSlots[i][j] = variableSlot(scopes.self, a.phi[i][j]);
          if (!a.offset[i].empty()) a.offsetSlots[i] = variableSlot(scopes.self, a.offset[i]);
        }
        continue;
      }
      if (s.kind == Statement::Kind::assign)
        s.targetSlot = variableSlot(objectOf(s.targetScope, scopes), s.target);
    }
    return static_cast<int>(scopes.locals.size());
  }

  // ------------------------------------------------------------------ operations
  PlanOp groupLoop(const ir::NeuronGroup& g, std::int64_t begin, std::int64_t end,
                   const std::string& name, std::vector<Statement> body) {
    PlanOp op;
    op.kind = PlanOp::Kind::elements;
    op.name = name;
    op.object = g.name;
    op.begin = begin;
    op.end = end;
    op.frame.groupSize = g.size;
    op.body = std::move(body);
    Scopes scopes{g.name, "", "", {}};
    op.locals = resolve(op.body, scopes);
    return op;
  }

  void synapseSlots(PlanOp& op, const ir::Synapses& s) {
    op.count = slot(PlanSlot::Kind::synapseCount, s.name);
    op.pre = slot(PlanSlot::Kind::preIndices, s.name);
    op.post = slot(PlanSlot::Kind::postIndices, s.name);
    op.frame.sourceStart = s.source.start;
    op.frame.sourceSize = s.source.size();
    op.frame.targetStart = s.target.start;
    op.frame.targetSize = s.target.size();
    // Synapses on synapses: the target's synapses are counted only when the network is built.
    if (s.target.isSynapses) op.postCount = slot(PlanSlot::Kind::synapseCount, s.target.group);
  }

  int resolveSynapseBody(PlanOp& op, const ir::Synapses& s) {
    Scopes scopes{s.name, s.source.group, s.target.group, {}, s.source.start, s.target.start};
    return resolve(op.body, scopes);
  }

  PlanOp synapseLoop(const ir::Synapses& s, const std::string& name, std::vector<Statement> body) {
    PlanOp op;
    op.kind = PlanOp::Kind::synapses;
    op.name = name;
    op.object = s.name;
    synapseSlots(op, s);
    op.body = std::move(body);
    op.locals = resolveSynapseBody(op, s);
    return op;
  }

  const ir::NeuronGroup& group(const std::string& name) const {
    if (const ir::NeuronGroup* g = model_.findGroup(name)) return *g;
    throw std::logic_error("step plan: no group " + name);
  }
  const ir::Synapses& synapses(const std::string& name) const {
    if (const ir::Synapses* s = model_.findSynapses(name)) return *s;
    throw std::logic_error("step plan: no synapses " + name);
  }

  // `into` = 0 on the target population, then `into_post += rhs` for each synapse in order.
  void sum(const ir::Synapses& s, const ir::SummedVariable& summed, const std::string& into,
           std::vector<PlanOp>& ops, const std::string& name) {
    const ir::NeuronGroup& target = group(s.target.group);
    Statement zero = build::assign(into, ir::Scope::self, AssignOp::assign, summed.dimension,
                                   build::constant(0.0, summed.dimension));
    ops.push_back(groupLoop(target, s.target.start, s.target.stop, name, {zero}));
    Statement add =
        build::assign(into, ir::Scope::post, AssignOp::add, summed.dimension, summed.rhs);
    ops.push_back(synapseLoop(s, name, {add}));
  }

  // A running sum decays by one step and sets the target, after or before the decay:
  //   let _now = running;  running = _now * decay;  target = running (or _now)
  PlanOp runningSum(const ir::Synapses& s, const ir::SummedVariable& summed,
                    const std::string& name) {
    const ir::NeuronGroup& target = group(s.target.group);
    const ir::Variable* running = target.findVariable(summed.runningSum);
    const ir::Variable* decay = s.findVariable(summed.decay);
    if (running == nullptr || decay == nullptr)
      throw std::logic_error("step plan: running sum of " + summed.target);
    Expr now = build::local("_now", summed.dimension);
    Expr decayValue = build::variable(*decay);
    decayValue.slot = variableSlot(s.name, decay->name);  // the synapses' variable
    std::vector<Statement> body;
    body.push_back(build::let("_now", build::variable(*running)));
    body.push_back(build::assign(running->name, ir::Scope::self, AssignOp::assign, summed.dimension,
                                 build::multiply(now, decayValue)));
    body.push_back(build::assign(summed.target, ir::Scope::self, AssignOp::assign, summed.dimension,
                                 summed.decayFirst ? build::variable(*running) : now));
    return groupLoop(target, s.target.start, s.target.stop, name, std::move(body));
  }

  void operation(const ir::ScheduledOperation& op) {
    using K = ir::ScheduledOperation::Kind;
    PlanOp out;
    switch (op.kind) {
      case K::stateUpdate: {
        if (const ir::NeuronGroup* g = model_.findGroup(op.object)) {
          out = groupLoop(*g, 0, g->size, op.name, g->update->statements);
        } else {
          const ir::Synapses& s = synapses(op.object);
          out = synapseLoop(s, op.name, s.update->statements);
        }
        break;
      }
      case K::summedVariable: {
        const ir::Synapses& s = synapses(op.object);
        const ir::SummedVariable* summed = s.findSummed(op.target);
        if (summed == nullptr) throw std::logic_error("step plan: no summed " + op.target);
        if (summed->runningSum.empty()) {
          std::vector<PlanOp> ops;
          sum(s, *summed, summed->target, ops, op.name);
          for (PlanOp& o : ops) {
            o.slot = op.slot;
            plan_.step.push_back(std::move(o));
          }
          return;
        }
        out = runningSum(s, *summed, op.name);
        break;
      }
      case K::threshold: {
        const ir::NeuronGroup& g = group(op.object);
        // A custom event (op.target) has a spike list and flags of its own, and no on_spike.
        const ir::GroupEvent* event = op.target.empty() ? nullptr : g.findEvent(op.target);
        out = groupLoop(g, 0, g.size, op.name,
                        event != nullptr ? std::vector<Statement>{} : g.onSpike);
        out.kind = PlanOp::Kind::threshold;
        out.onSpike = std::move(out.body);
        out.body.clear();
        out.spikes = spikesOf(g.name, op.target);
        out.flags = eventSlot(PlanSlot::Kind::flags, g.name, op.target, g.size);
        out.condition = event != nullptr ? event->condition : *g.threshold;
        Scopes scopes{g.name, "", "", {}};
        resolve(*out.condition, scopes);
        break;
      }
      case K::spikeGenerator:
        out.kind = PlanOp::Kind::emitInput;
        out.object = op.object;
        out.spikes = spikesOf(op.object);
        out.input = slot(PlanSlot::Kind::input, op.object);
        break;
      case K::spikeMonitor: {
        const ir::Monitor* m = monitor(op.object);
        out.kind = PlanOp::Kind::recordSpikes;
        out.object = op.object;
        out.spikes = spikesOf(m->population.group, eventName(m->event));
        out.begin = m->population.start;
        out.end = m->population.stop;
        out.record = slot(PlanSlot::Kind::record, m->name, m->population.size());
        if (m->kind == ir::Monitor::Kind::spikes && !m->variables.empty()) {
          Scopes scopes{m->population.group, "", "", {}};
          for (const std::string& variable : m->variables) {
            Expr value;
            value.kind = Expr::Kind::variable;
            value.name = variable;
            value.scope = ir::Scope::self;
            resolve(value, scopes);
            out.values.push_back(std::move(value));
            out.valueNames.push_back(variable);
          }
          out.frame.groupSize = group(m->population.group).size;
        }
        break;
      }
      case K::stateMonitor:
        out.kind = PlanOp::Kind::stateMonitor;
        out.object = op.object;
        break;
      case K::pathway: {
        const ir::Synapses& s = synapses(op.object);
        const bool post = op.pathway == ir::Pathway::post;
        out.kind = PlanOp::Kind::pathway;
        out.object = s.name;
        synapseSlots(out, s);
        out.body = post ? s.onPost : s.onPre;
        out.locals = resolveSynapseBody(out, s);
        const ir::Population& population = post ? s.target : s.source;
        out.spikes = spikesOf(population.group, eventName(post ? s.postEvent : s.preEvent));
        out.begin = population.start;
        out.end = population.stop;
        if (post) {
          out.delivery = PlanOp::Delivery::targets;
          out.adjacency = slot(PlanSlot::Kind::incoming, s.name);
        } else {
          out.delivery = oneDelay(s) ? PlanOp::Delivery::sources : PlanOp::Delivery::synapses;
          out.adjacency = slot(PlanSlot::Kind::outgoing, s.name);
          // Capacity per ring position: each source element (or synapse) at most once.
          out.ring = slot(PlanSlot::Kind::ring, s.name,
                          out.delivery == PlanOp::Delivery::sources ? population.size() : 0);
          if (out.delivery == PlanOp::Delivery::synapses)
            out.delays = slot(PlanSlot::Kind::delays, s.name);
        }
        break;
      }
      case K::poissonInput: {
        const ir::PoissonInput& p = poissonInput(op.object);
        const ir::NeuronGroup& g = group(p.target.group);
        out = groupLoop(g, p.target.start, p.target.stop, op.name, poissonInputBody(p, g, p.dt));
        break;
      }
      case K::reset: {
        const ir::NeuronGroup& g = group(op.object);
        const ir::GroupEvent* event = op.target.empty() ? nullptr : g.findEvent(op.target);
        out = groupLoop(g, 0, g.size, op.name, event != nullptr ? event->code : g.reset);
        out.kind = PlanOp::Kind::spikeElements;
        out.spikes = spikesOf(g.name, op.target);
        break;
      }
      case K::regular:
        out = regular(op);
        break;
    }
    out.slot = op.slot;
    out.name = op.name;
    plan_.step.push_back(std::move(out));
  }

  // A run_regularly: its code for every element (or synapse), at the steps that are
  // multiples of its dt in steps (the regular-intervals check made it a whole number).
  PlanOp regular(const ir::ScheduledOperation& op) {
    auto find = [&](const std::vector<ir::RegularOperation>& list) -> const ir::RegularOperation* {
      for (const auto& r : list)
        if (r.name == op.target) return &r;
      return nullptr;
    };
    PlanOp out;
    const ir::RegularOperation* r = nullptr;
    if (const ir::NeuronGroup* g = model_.findGroup(op.object)) {
      r = find(g->regular);
      if (r != nullptr) out = groupLoop(*g, 0, g->size, op.name, r->code);
    } else if (const ir::Synapses* s = model_.findSynapses(op.object)) {
      r = find(s->regular);
      if (r != nullptr) out = synapseLoop(*s, op.name, r->code);
    }
    if (r == nullptr) throw std::logic_error("step plan: no run_regularly " + op.target);
    if (r->dt > 0) out.every = static_cast<std::int64_t>(std::llround(r->dt / r->stepDt));
    return out;
  }

  const ir::PoissonInput& poissonInput(const std::string& name) const {
    for (const auto& p : model_.poissonInputs)
      if (p.name == name) return p;
    throw std::logic_error("step plan: no poisson_input " + name);
  }

  const ir::Monitor* monitor(const std::string& name) const {
    for (const auto& m : model_.monitors)
      if (m.name == name) return &m;
    throw std::logic_error("step plan: no monitor " + name);
  }

  const ir::Model& model_;
  ir::StepPlan plan_;
};

}  // namespace

void lowerToStepPlan(ir::Model& model) {
  // A Poisson input's binomial draw is made for one dt: the model's.
  for (ir::PoissonInput& p : model.poissonInputs) p.dt = model.dt();
  // So is a run_regularly's dt turned into whole steps.
  for (ir::NeuronGroup& g : model.groups)
    for (ir::RegularOperation& r : g.regular) r.stepDt = model.dt();
  for (ir::Synapses& s : model.synapses)
    for (ir::RegularOperation& r : s.regular) r.stepDt = model.dt();
  model.plan = std::make_shared<const ir::StepPlan>(Lowering(model).run());
}

}  // namespace lsm
