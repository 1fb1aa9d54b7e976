// The symbol table of semantic analysis, with its scopes:
//  - the model scope: every top-level name (constant, group, subgroup, spike_generator,
//    synapse_model, synapses, monitor), where and as what it is defined, the constants'
//    values and the populations; names whose definition failed are poisoned, so that their
//    uses report nothing more;
//  - the scope of one place of the model (ExpressionScope), innermost first: `let` locals,
//    the object's own variables, in synapses the source's and target's variables (x_pre,
//    x_post), the synapse_model's template parameters, postsynaptic variables without a
//    suffix (synaptic code), then the model scope: special names, constants, pi and e, units.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lsm/diagnostics.hpp"
#include "lsm/ir.hpp"

namespace lsm::sema {

// Names the language reserves (i, t, dt, N, lastspike, pi, True, ...), and every name that
// starts with '_' (lsmc's own variables).
bool isReservedName(const std::string& name);
// White noise: `xi` and `xi_<name>` (reserved too, as Brian2 reserves them).
bool isNoiseName(const std::string& name);

class ModelScope {
 public:
  explicit ModelScope(DiagnosticEngine& diagnostics) : diagnostics_(diagnostics) {}

  // Declares a top-level name of `kind` ("constant", "group", ...). Reports reserved names,
  // unit names and duplicates (and poisons the first two); false when it reported.
  bool declare(const std::string& name, const SourceLocation& where, const std::string& kind);

  void poison(const std::string& name) { poisoned_.insert(name); }
  void cure(const std::string& name) { poisoned_.erase(name); }
  bool isPoisoned(const std::string& name) const { return poisoned_.count(name) > 0; }

  // Every constant of the model with where it is defined, known before any is evaluated, to
  // tell "defined later" from "unknown".
  void announceConstant(const std::string& name, const SourceLocation& where) {
    announced_.emplace(name, where);
  }
  const SourceLocation* announcedConstant(const std::string& name) const;

  // The model's constants evaluated so far (ir::Model::constants, which constant evaluation
  // fills in the order of the model).
  void useConstants(const std::vector<ir::Constant>& constants) { constants_ = &constants; }
  const ir::Constant* constant(const std::string& name) const;
  const std::vector<ir::Constant>& constants() const;
  std::vector<std::string> constantNames() const;

  void definePopulation(const ir::Population& population) {
    populations_[population.name] = population;
  }
  const ir::Population* population(const std::string& name) const;
  std::vector<std::string> populationNames() const;

  // The model's timed arrays, called as functions (`rates(t)`, `rates(t, i)`).
  struct TimedArrayShape {
    Dimension dimension;       // of its values
    std::int64_t columns = 0;  // 0: 1-D
  };
  void defineTimedArray(const std::string& name, TimedArrayShape shape) {
    timedArrays_[name] = shape;
  }
  const TimedArrayShape* timedArray(const std::string& name) const {
    auto found = timedArrays_.find(name);
    return found == timedArrays_.end() ? nullptr : &found->second;
  }

 private:
  DiagnosticEngine& diagnostics_;
  std::map<std::string, std::pair<SourceLocation, std::string>> declared_;  // where, kind
  std::set<std::string> poisoned_;
  std::map<std::string, TimedArrayShape> timedArrays_;
  std::map<std::string, SourceLocation> announced_;
  const std::vector<ir::Constant>* constants_ = nullptr;
  std::map<std::string, ir::Population> populations_;
};

// What a name may refer to at one place of the model.
struct ExpressionScope {
  std::string place;  // "the threshold of group 'neurons'", ... for messages
  const std::vector<ir::Variable>* own = nullptr;
  const std::vector<ir::Variable>* pre = nullptr;
  const std::vector<ir::Variable>* post = nullptr;
  bool synapses = false;           // pre/post names with _pre/_post, and j, N_pre, N_post
  bool postWithoutSuffix = false;  // synaptic code: unsuffixed names may be postsynaptic
  const std::map<std::string, Quantity>* parameters = nullptr;  // a synapse_model's
  const std::set<std::string>* locals = nullptr;                // `let` so far
  const std::set<std::string>* failedLocals = nullptr;          // lets whose definition failed
  // A connect generator's iteration variable (`k for k in range(...)`): the candidate target,
  // bound as `j`.
  const std::string* targetAlias = nullptr;
  // A differential equation's right-hand side: `xi` and `xi_<name>` are white noise.
  bool noise = false;
};

// What a name refers to in a scope.
struct Symbol {
  enum class Kind {
    local,      // a `let` of the statement list
    variable,   // a variable of `scope` (self, pre or post)
    parameter,  // a synapse_model parameter: `value`
    special,    // `special`
    constant,   // a model constant, pi or e, or a unit: `value`
    poisoned,   // its definition failed and was reported
    unknown,
  };
  Kind kind = Kind::unknown;
  const ir::Variable* variable = nullptr;
  ir::Scope scope = ir::Scope::self;
  ir::Special special = ir::Special::t;
  Quantity value;
};

Symbol lookup(const std::string& name, const ExpressionScope& scope, const ModelScope& model);

// The names visible in `scope`, for "did you mean".
std::vector<std::string> visibleNames(const ExpressionScope& scope, const ModelScope& model);

using ir::findVariable;

}  // namespace lsm::sema
