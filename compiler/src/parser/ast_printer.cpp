#include <fmt/format.h>
#include <fmt/ranges.h>

#include "lsm/ast.hpp"

namespace lsm::ast {

std::string toString(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::number: {
      std::string text = fmt::format("{}", e.number);
      if (!e.unit.empty()) text += " " + e.unit;
      if (e.unitPower != 1) text += fmt::format("**{:g}", e.unitPower);
      return text;
    }
    case Expr::Kind::boolean:
      return e.boolean ? "True" : "False";
    case Expr::Kind::name:
      return e.name;
    case Expr::Kind::call: {
      std::string args;
      for (std::size_t k = 0; k < e.operands.size(); ++k) {
        if (!args.empty()) args += ", ";
        if (k < e.argumentNames.size() && !e.argumentNames[k].empty())
          args += e.argumentNames[k] + " = ";
        args += toString(e.operands[k]);
      }
      return e.name + "(" + args + ")";
    }
    case Expr::Kind::unary:
      return e.unaryOp == UnaryOp::logicalNot ? "not " + toString(e.operands[0])
                                              : "-" + toString(e.operands[0]);
    case Expr::Kind::binary:
      return fmt::format("({} {} {})", toString(e.operands[0]), spelling(e.binaryOp),
                         toString(e.operands[1]));
    case Expr::Kind::conditional:
      return fmt::format("({} if {} else {})", toString(e.operands[0]), toString(e.operands[1]),
                         toString(e.operands[2]));
  }
  return "?";
}

}  // namespace lsm::ast

namespace lsm::ast {

namespace {

std::string statement(const Statement& s) {
  switch (s.kind) {
    case Statement::Kind::let:
      return fmt::format("let {} = {}", s.target, toString(s.value));
    case Statement::Kind::assign:
      return fmt::format("{}{} {} {}", s.target,
                         s.condition ? "[" + toString(*s.condition) + "]" : std::string(),
                         spelling(s.op), toString(s.value));
    case Statement::Kind::expression:
      return toString(s.value);
    case Statement::Kind::array: {
      std::vector<std::string> values;
      for (const Expr& e : s.elements) values.push_back(toString(e));
      return fmt::format("{} = [{}]", s.target, fmt::join(values, ", "));
    }
    case Statement::Kind::generator: {
      std::vector<std::string> arguments;
      for (std::size_t k = 0; k < s.elements.size(); ++k) {
        arguments.push_back((s.elementNames[k].empty() ? "" : s.elementNames[k] + "=") +
                            toString(s.elements[k]));
      }
      return fmt::format("{} = {} for {} in {}({}){}", s.target, toString(s.value), s.variable,
                         s.iterator, fmt::join(arguments, ", "),
                         s.condition ? " if " + toString(*s.condition) : std::string());
    }
  }
  return "?";
}

std::string equation(const Equation& eq) {
  std::string flags;
  for (const Flag& f : eq.flags) flags += (flags.empty() ? "" : ", ") + f.text;
  if (!flags.empty()) flags = " (" + flags + ")";
  std::string unit = toString(eq.unit);
  switch (eq.kind) {
    case Equation::Kind::differential:
      return fmt::format("{} = {} : {}{}", eq.derivative, toString(*eq.rhs), unit, flags);
    case Equation::Kind::subexpression:
      return fmt::format("{} = {} : {}{}", eq.name, toString(*eq.rhs), unit, flags);
    case Equation::Kind::parameter:
      return fmt::format("{} : {}{}", eq.name, unit, flags);
  }
  return "?";
}

// `[1, [2, 3]] * unit` or `"file" * unit`.
std::string valueList(const ValueList& list) {
  std::string out;
  if (!list.file.empty()) {
    out = fmt::format("\"{}\"", list.file);
  } else {
    for (const ValueEntry& entry : list.entries) {
      std::string values;
      for (const Expr& v : entry.values) values += (values.empty() ? "" : ", ") + toString(v);
      out += (out.empty() ? "" : ", ") + (entry.row ? "[" + values + "]" : values);
    }
    out = "[" + out + "]";
  }
  return list.unit ? out + " * " + toString(*list.unit) : out;
}

// ` { ... }` with one item per line, or nothing for an empty body.
std::string body(const Body& b, const std::vector<std::string>& leading = {}) {
  if (b.items.empty() && leading.empty()) return "";
  std::string out = " {\n";
  for (const auto& line : leading) out += "    " + line + "\n";
  for (const BodyItem& item : b.items) {
    switch (item.kind) {
      case BodyItem::Kind::equations:
        out += "    equations {\n";
        for (const Equation& eq : item.equations) out += "        " + equation(eq) + "\n";
        out += "    }\n";
        break;
      case BodyItem::Kind::block: {
        std::string options;
        for (const Statement& o : item.options)
          options += (options.empty() ? "" : ", ") + statement(o);
        out += item.hasOptions ? fmt::format("    {}({}) {{\n", item.key, options)
                               : fmt::format("    {} {{\n", item.key);
        for (const Statement& s : item.statements) out += "        " + statement(s) + "\n";
        out += "    }\n";
        break;
      }
      case BodyItem::Kind::setting: {
        std::string values;
        for (const Statement& s : item.statements) {
          values += (values.empty() ? "" : ", ") + statement(s);
        }
        out += fmt::format("    {}: {}\n", item.key, values);
        break;
      }
      case BodyItem::Kind::call: {
        std::string arguments;
        for (const Expr& a : item.arguments) {
          arguments += (arguments.empty() ? "" : ", ") + toString(a);
        }
        out += fmt::format("    {}({})\n", item.key, arguments);
        break;
      }
      case BodyItem::Kind::assignment:
        out += fmt::format("    {}{}\n", item.key.empty() ? "" : item.key + ".",
                           statement(item.statements.at(0)));
        break;
      case BodyItem::Kind::values:
        out += fmt::format("    {}: {}\n", item.key, valueList(*item.values));
        break;
    }
  }
  return out + "}";
}

}  // namespace

std::string toString(const Module& module) {
  std::string out;
  for (const Import& i : module.imports) out += fmt::format("import \"{}\"\n", i.path);
  for (const Constant& c : module.constants) {
    out += fmt::format("{} = {}\n", c.name, toString(c.value));
  }
  for (const TimedArray& a : module.timedArrays) {
    out += fmt::format("\ntimed_array {}{}\n", a.name, body(a.body));
  }
  for (const SpikeGenerator& g : module.generators) {
    out += fmt::format("\nspike_generator {}({}){}\n", g.name, toString(g.size), body(g.body));
  }
  for (const Group& g : module.groups) {
    out += fmt::format("\n{} {}({}){}\n", g.poisson ? "poisson_group" : "group", g.name,
                       toString(g.size), body(g.body));
  }
  for (const PoissonInput& p : module.poissonInputs) {
    out += fmt::format("\npoisson_input {}({}){}\n", p.name, p.target, body(p.body));
  }
  for (const Subgroup& s : module.subgroups) {
    out += fmt::format("\nsubgroup {} = {}[{}:{}]{}\n", s.name, s.parent,
                       s.start ? toString(*s.start) : "", s.stop ? toString(*s.stop) : "",
                       body(s.body));
  }
  for (const SynapseModel& m : module.synapseModels) {
    std::string parameters;
    for (const TemplateParameter& p : m.parameters) {
      parameters += (parameters.empty() ? "" : ", ") + p.name;
      if (p.unit) parameters += ": " + toString(*p.unit);
      if (p.defaultValue) parameters += " = " + toString(*p.defaultValue);
    }
    out += fmt::format("\nsynapse_model {}({}){}\n", m.name, parameters, body(m.body));
  }
  for (const Synapses& s : module.synapses) {
    std::string instance;
    if (s.modelName) {
      std::string arguments;
      for (const NamedArgument& a : s.arguments) {
        arguments +=
            fmt::format("{}{}={}", arguments.empty() ? "" : ", ", a.name, toString(a.value));
      }
      instance = fmt::format(" = {}({})", *s.modelName, arguments);
    }
    // After template expansion: the parameters as bound, then the instance's whole body.
    std::vector<std::string> bound;
    for (const Binding& b : s.bindings) {
      bound.push_back(fmt::format("# parameter {} = {}", b.name, toString(b.value)));
    }
    out += fmt::format("\nsynapses {}({} -> {}){}{}\n", s.name, s.source, s.target, instance,
                       body(s.body, bound));
  }
  for (const Monitor& m : module.monitors) {
    std::string arguments;
    for (const Expr& a : m.arguments) arguments += (arguments.empty() ? "" : ", ") + toString(a);
    out += fmt::format("\nmonitor {} = {}({}){}\n", m.name, m.kind, arguments, body(m.body));
  }
  for (const Experiment& e : module.experiments) {
    out += fmt::format("\nexperiment{}{}\n", e.name.empty() ? "" : " " + e.name,
                       body(e.body).empty() ? " {\n}" : body(e.body));
  }
  return out;
}

}  // namespace lsm::ast
