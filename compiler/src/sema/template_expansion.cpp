#include "sema/template_expansion.hpp"

#include <fmt/format.h>

#include <set>

#include "diagnostics/suggest.hpp"

namespace lsm::sema {

namespace {

// Replaces `{name}` by the instance name in one identifier; reports other placeholders.
class Placeholders {
 public:
  Placeholders(std::string instance, DiagnosticEngine& diagnostics)
      : instance_(std::move(instance)), diagnostics_(diagnostics) {}

  void substitute(std::string& identifier, const SourceLocation& where) {
    std::string out;
    for (std::size_t k = 0; k < identifier.size(); ++k) {
      if (identifier[k] != '{') {
        out += identifier[k];
        continue;
      }
      std::size_t close = identifier.find('}', k);
      std::string placeholder = identifier.substr(k + 1, close - k - 1);
      if (placeholder == "name") {
        out += instance_;
      } else {
        diagnostics_.error(where, fmt::format("unknown placeholder '{{{}}}': only '{{name}}' (the "
                                              "synapses' name) can be used",
                                              placeholder));
        out += placeholder;
      }
      k = close;
    }
    identifier = std::move(out);
  }

  void expr(ast::Expr& e) {
    if (!e.name.empty()) substitute(e.name, e.location);
    for (ast::Expr& operand : e.operands) expr(operand);
  }

  void body(ast::Body& b) {
    for (ast::BodyItem& item : b.items) {
      for (ast::Equation& eq : item.equations) {
        substitute(eq.name, eq.location);
        if (eq.rhs) expr(*eq.rhs);
      }
      for (ast::Statement& s : item.statements) {
        substitute(s.target, s.targetLocation);
        if (s.condition) expr(*s.condition);
        expr(s.value);
        for (ast::Expr& e : s.elements) expr(e);
      }
    }
  }

 private:
  std::string instance_;
  DiagnosticEngine& diagnostics_;
};

void instantiate(ast::Synapses& synapses, const ast::SynapseModel& model,
                 DiagnosticEngine& diagnostics) {
  std::vector<std::string> parameterNames;
  for (const auto& p : model.parameters) parameterNames.push_back(p.name);

  std::set<std::string> given;
  bool unknownArguments = false;
  for (const ast::NamedArgument& argument : synapses.arguments) {
    bool known = false;
    for (const auto& p : model.parameters) known = known || p.name == argument.name;
    if (!known) {
      unknownArguments = true;
      diagnostics.error(argument.location,
                        fmt::format("synapse_model '{}' has no parameter '{}'{}", model.name,
                                    argument.name, didYouMean(argument.name, parameterNames)));
    } else if (!given.insert(argument.name).second) {
      diagnostics.error(argument.location,
                        fmt::format("argument '{}' is given twice", argument.name));
    }
  }
  synapses.bindings.clear();
  std::vector<std::string> missing;
  for (const ast::TemplateParameter& p : model.parameters) {
    const ast::NamedArgument* argument = nullptr;
    for (const auto& a : synapses.arguments)
      if (a.name == p.name && argument == nullptr) argument = &a;
    if (argument != nullptr) {
      synapses.bindings.push_back({p.name, argument->location, p.unit, argument->value});
    } else if (p.defaultValue) {
      synapses.bindings.push_back({p.name, p.location, p.unit, *p.defaultValue});
    } else {
      missing.push_back(p.name);
    }
  }
  // A misspelt argument usually is the missing one: one error is enough.
  if (!missing.empty() && !unknownArguments) {
    std::string list;
    for (const auto& name : missing) list += (list.empty() ? "'" : ", '") + name + "'";
    diagnostics.error(
        synapses.modelLocation,
        fmt::format("synapse_model '{}' takes {} argument{}; missing {}", model.name,
                    model.parameters.size(), model.parameters.size() == 1 ? "" : "s", list));
  }

  ast::Body body = model.body;
  Placeholders(synapses.name, diagnostics).body(body);
  for (ast::BodyItem& own : synapses.body.items) {
    bool replaced = false;
    for (ast::BodyItem& item : body.items) {
      if (item.key == own.key) {
        item = own;
        replaced = true;
      }
    }
    if (!replaced) body.items.push_back(own);
  }
  body.location = synapses.body.location.valid() ? synapses.body.location : model.body.location;
  synapses.body = std::move(body);
}

}  // namespace

void expandTemplates(ast::Module& module, DiagnosticEngine& diagnostics) {
  std::vector<std::string> modelNames;
  for (std::size_t k = 0; k < module.synapseModels.size(); ++k) {
    const ast::SynapseModel& model = module.synapseModels[k];
    for (std::size_t j = 0; j < k; ++j) {
      if (module.synapseModels[j].name == model.name) {
        diagnostics.error(model.location,
                          fmt::format("synapse_model '{}' is defined twice", model.name));
      }
    }
    std::set<std::string> seen;
    for (const auto& p : model.parameters) {
      if (!seen.insert(p.name).second) {
        diagnostics.error(p.location, fmt::format("duplicate parameter '{}'", p.name));
      }
    }
    modelNames.push_back(model.name);
  }
  for (ast::Synapses& synapses : module.synapses) {
    if (!synapses.modelName) continue;
    const ast::SynapseModel* model = nullptr;
    for (const auto& m : module.synapseModels)
      if (m.name == *synapses.modelName) model = &m;
    if (model == nullptr) {
      diagnostics.error(synapses.modelLocation,
                        fmt::format("unknown synapse_model '{}'{}", *synapses.modelName,
                                    didYouMean(*synapses.modelName, modelNames)));
      continue;
    }
    instantiate(synapses, *model, diagnostics);
  }
}

}  // namespace lsm::sema
