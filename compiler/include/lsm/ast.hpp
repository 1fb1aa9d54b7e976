// The abstract syntax tree of a .lsm file: what the user wrote, with positions, before any
// name is resolved. Built from ANTLR's parse tree by the parser stage.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lsm/operators.hpp"
#include "lsm/source.hpp"

namespace lsm::ast {

struct Expr {
  enum class Kind { number, boolean, name, call, unary, binary, conditional };
  Kind kind = Kind::number;
  SourceLocation location;  // the operator of a binary expression, else where it starts
  SourceLocation begin;     // where the whole expression starts
  double number = 0.0;      // number: the literal's value (before its unit)
  bool isIntegerLiteral = false;
  std::string unit;      // number: unit written after it ("ms"), empty for none
  double unitPower = 1;  // number: `2 um**2`, `1 ms**0.5`
  SourceLocation unitLocation;
  bool boolean = false;               // boolean
  std::string name;                   // name, call
  UnaryOp unaryOp = UnaryOp::negate;  // unary (a unary + is dropped by the parser)
  BinaryOp binaryOp = BinaryOp::add;  // binary
  std::vector<Expr> operands;  // call arguments; unary 1; binary 2; conditional: value, test, else
  // call: each argument's name where it is written `NAME = VALUE` (`linked_var(H, v, index =
  // i // 4)`), else ""; empty when no argument is named.
  std::vector<std::string> argumentNames;
};

// `dv/dt = rhs : unit (flags)`, `z = rhs : unit`, `tau : second (shared, constant)`.
struct Flag {
  std::string text;  // words joined by one space or '-': "unless refractory", "clock-driven"
  SourceLocation location;
};
struct Equation {
  enum class Kind { differential, subexpression, parameter };
  Kind kind = Kind::parameter;
  std::string name;        // the variable: "v" for dv/dt
  std::string derivative;  // differential: the left-hand side as written, "dv/dt"
  SourceLocation location;
  std::optional<Expr> rhs;
  Expr unit;  // a unit expression; the literal 1 for dimensionless
  std::vector<Flag> flags;
};

// `let k = expr`, `v = v_reset`, `U[U < 0] = U_mean`, `u += U*(1-u)`, or a bare expression.
struct Statement {
  // array: `target = [elements...]`; generator: `target = value for variable in
  // iterator(elements...) if condition` (Brian2's connect syntax).
  enum class Kind { let, assign, expression, array, generator };
  Kind kind = Kind::expression;
  SourceLocation location;
  std::string target;
  SourceLocation targetLocation;
  AssignOp op = AssignOp::assign;
  std::optional<Expr> condition;  // assign: `x[condition] = ...`; generator: its `if`
  Expr value;
  std::vector<Expr> elements;             // array: the values; generator: the arguments
  std::vector<std::string> elementNames;  // generator: a named argument's name, else ""
  std::string variable;                   // generator: the iteration variable
  std::string iterator;                   // generator: range or sample
  SourceLocation iteratorLocation;
};

// One entry of a `{ ... }` body: `equations { }`, a statement block `init { }`, a setting
// `threshold: v > v_thresh` (which may list several statements separated by commas), a step
// `run(200 ms)` (key "run", its arguments), or an assignment `neurons.I = 0.5 nA` (key: the
// object, empty when none is written; the statement).
// Values written in the model or read from a file, times their unit (`indices: [0, 1]`,
// `times: [1, 2] * ms`, `values: [[1, 2], [3, 4]] * Hz`, `values: "rates.npy" * Hz`).
struct ValueEntry {
  std::vector<Expr> values;  // one, or a row's
  bool row = false;          // `[a, b]` inside the list
  SourceLocation location;
};
struct ValueList {
  std::vector<ValueEntry> entries;  // written in the model
  std::string file;                 // else a file, as written: relative to the model's file
  SourceLocation location;
  std::optional<Expr> unit;
};

struct BodyItem {
  enum class Kind { equations, block, setting, call, assignment, values };
  Kind kind = Kind::setting;
  std::string key;
  SourceLocation location;
  std::vector<Equation> equations;
  std::vector<Statement> statements;
  std::vector<Expr> arguments;      // call
  std::optional<ValueList> values;  // values
  // A block's options, written in parentheses after its key: `run_regularly(dt = 1 ms,
  // when = start) { ... }`, each an assignment `NAME = VALUE`, or a value alone (an
  // expression statement: `run_on_event(up) { ... }`).
  std::vector<Statement> options;
  bool hasOptions = false;  // the parentheses were written (perhaps empty)
};
struct Body {
  SourceLocation location;
  std::vector<BodyItem> items;
};

struct Constant {
  std::string name;
  SourceLocation location;
  Expr value;
};

struct Group {
  std::string name;
  SourceLocation location;
  Expr size;
  Body body;
  // `poisson_group P(N) { rates: ... }` (Brian2's PoissonGroup): the poisson-groups pass
  // gives it the body of a group whose elements spike with probability rates*dt a step.
  bool poisson = false;
};

struct Subgroup {
  std::string name;
  SourceLocation location;
  std::string parent;
  SourceLocation parentLocation;
  std::optional<Expr> start, stop;
  SourceLocation sliceLocation;
  Body body;
};

struct SpikeGenerator {
  std::string name;
  SourceLocation location;
  Expr size;
  Body body;
};

// `timed_array rates { values: [1, 2, 3] * Hz  dt: 10 ms }` (Brian2's TimedArray(values, dt)).
struct TimedArray {
  std::string name;
  SourceLocation location;
  Body body;
};

// `poisson_input drive(neurons) { variable: v  N: 1000  rate: 10 Hz  weight: 0.1 mV }`
// (Brian2's PoissonInput(target, variable, N, rate, weight)).
struct PoissonInput {
  std::string name;
  SourceLocation location;
  std::string target;
  SourceLocation targetLocation;
  Body body;
};

struct TemplateParameter {
  std::string name;
  SourceLocation location;
  std::optional<Expr> unit;
  std::optional<Expr> defaultValue;
};

struct SynapseModel {
  std::string name;
  SourceLocation location;
  std::vector<TemplateParameter> parameters;
  Body body;
};

struct NamedArgument {
  std::string name;
  SourceLocation location;
  Expr value;
};

// A template parameter bound to the expression that gives its value (an argument of the
// instance, or the parameter's default); set by template expansion.
struct Binding {
  std::string name;
  SourceLocation location;
  std::optional<Expr> unit;
  Expr value;
};

struct Synapses {
  std::string name;
  SourceLocation location;
  std::string source, target;
  SourceLocation sourceLocation, targetLocation;
  // Set when the synapses instantiate a synapse_model; template expansion fills `body` and
  // `bindings` from it.
  std::optional<std::string> modelName;
  SourceLocation modelLocation;
  std::vector<NamedArgument> arguments;
  Body body;
  std::vector<Binding> bindings;
};

struct Monitor {
  std::string name;
  SourceLocation location;
  std::string kind;  // spikes, state
  SourceLocation kindLocation;
  std::vector<Expr> arguments;
  Body body;
};

struct Experiment {
  std::string name;
  SourceLocation location;
  Body body;
};

struct Import {
  std::string path;
  SourceLocation location;
};

// One file, or after import resolution the whole model (imports inlined in order).
struct Module {
  std::vector<Import> imports;
  std::vector<Constant> constants;
  std::vector<Group> groups;
  std::vector<Subgroup> subgroups;
  std::vector<SpikeGenerator> generators;
  std::vector<PoissonInput> poissonInputs;
  std::vector<SynapseModel> synapseModels;
  std::vector<Synapses> synapses;
  std::vector<Monitor> monitors;
  std::vector<Experiment> experiments;
  std::vector<TimedArray> timedArrays;
};

// Model text of an expression, for messages and the AST dump.
std::string toString(const Expr& expr);
// The whole module in .lsm form, items grouped by kind (for `lsmc ir --after PASS` before
// name binding).
std::string toString(const Module& module);

}  // namespace lsm::ast
