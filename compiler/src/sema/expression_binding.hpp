// Name binding of expressions: an AST expression and the scope of its place become an IR
// expression in which every name is resolved (a local, a variable of the object or of its
// source or target, a template parameter, a special name, a constant, a unit) and every
// number is in SI. Reports unknown names, units and functions and wrong argument counts;
// whether a name may be used at its place is a check of its own (checks/placement.cpp).
#pragma once

#include <optional>

#include "lsm/ast.hpp"
#include "lsm/diagnostics.hpp"
#include "lsm/ir.hpp"
#include "sema/symbol_table.hpp"

namespace lsm::sema {

class ExpressionBinder {
 public:
  ExpressionBinder(const ModelScope& model, DiagnosticEngine& diagnostics)
      : model_(model), diagnostics_(diagnostics) {}

  // nullopt after reporting why the expression cannot be bound (or when it uses a name whose
  // definition failed).
  std::optional<ir::Expr> bind(const ast::Expr& e, const ExpressionScope& scope);

 private:
  std::optional<ir::Expr> resolve(const ast::Expr& e, const ExpressionScope& scope);
  std::optional<ir::Expr> number(const ast::Expr& e);
  std::optional<ir::Expr> name(const ast::Expr& e, const ExpressionScope& scope);
  std::optional<ir::Expr> call(const ast::Expr& e, const ExpressionScope& scope);
  std::optional<ir::Expr> timedArray(const ast::Expr& e, const ModelScope::TimedArrayShape& array,
                                     const ExpressionScope& scope);
  // Binds every operand of `e` into `out`; false if one failed (all are tried, for errors).
  bool operands(const ast::Expr& e, const ExpressionScope& scope, ir::Expr& out);

  const ModelScope& model_;
  DiagnosticEngine& diagnostics_;
};

}  // namespace lsm::sema
