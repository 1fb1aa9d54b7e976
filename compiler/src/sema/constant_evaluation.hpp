// Constant evaluation: values the model fixes before anything runs — its constants (with the
// command line's `--set` overrides), group sizes, slice bounds, template arguments, monitor
// and experiment settings. An expression is bound with only the model scope visible, typed,
// and folded; what is not a constant expression is reported.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lsm/ast.hpp"
#include "lsm/diagnostics.hpp"
#include "lsm/frontend.hpp"
#include "lsm/ir.hpp"
#include "lsm/source.hpp"
#include "sema/expression_binding.hpp"
#include "sema/symbol_table.hpp"

namespace lsm::sema {

class ConstantEvaluator {
 public:
  // Names are looked up in the model scope alone.
  ConstantEvaluator(const ModelScope& model, DiagnosticEngine& diagnostics)
      : binder_(model, diagnostics), diagnostics_(diagnostics) {}

  // The value of `e`; `place` is where names are looked up ("a constant"), `what` names the
  // value in messages ("constant 'X'"). nullopt after reporting why it has none.
  std::optional<Quantity> evaluate(const ast::Expr& e, const std::string& place,
                                   const std::string& what);
  // A dimensionless integer of at least `minimum` (and at most 10^12).
  std::optional<std::int64_t> count(const ast::Expr& e, const std::string& what,
                                    std::int64_t minimum);

 private:
  // Reports special names and random draws, which have no value before the model runs.
  bool onlyConstants(const ir::Expr& e, const std::string& place);

  ExpressionBinder binder_;
  DiagnosticEngine& diagnostics_;
};

// `--set NAME=VALUE`: the value as model text.
struct ParsedOverride {
  std::string name;
  ast::Expr value;
};

// Parses each value as the constant definition `NAME = VALUE`, so that errors in it point into
// the option. nullopt after errors.
std::optional<std::vector<ParsedOverride>> parseOverrides(
    const std::vector<ConstantOverride>& overrides, SourceManager& sources,
    DiagnosticEngine& diagnostics);

// The pass: evaluates the model's constants in order into `model.constants` (and declares
// them in `scope`), each overridden by `--set` where given; reports overrides of constants
// the model does not have.
void evaluateConstants(const ast::Module& module, const std::vector<ParsedOverride>& overrides,
                       ModelScope& scope, ir::Model& model, DiagnosticEngine& diagnostics);

}  // namespace lsm::sema
