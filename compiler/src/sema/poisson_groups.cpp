#include "sema/poisson_groups.hpp"

#include <fmt/format.h>

namespace lsm::sema {

namespace {

bool mentionsTime(const ast::Expr& e) {
  if (e.kind == ast::Expr::Kind::name && e.name == "t") return true;
  for (const ast::Expr& operand : e.operands)
    if (mentionsTime(operand)) return true;
  return false;
}

ast::Expr name(const std::string& text, const SourceLocation& at) {
  ast::Expr e;
  e.kind = ast::Expr::Kind::name;
  e.name = text;
  e.location = e.begin = at;
  return e;
}

ast::Expr binary(BinaryOp op, ast::Expr a, ast::Expr b, const SourceLocation& at) {
  ast::Expr e;
  e.kind = ast::Expr::Kind::binary;
  e.binaryOp = op;
  e.location = e.begin = at;
  e.operands.push_back(std::move(a));
  e.operands.push_back(std::move(b));
  return e;
}

// A body item of `kind` and `key` at `at`.
ast::BodyItem item(ast::BodyItem::Kind kind, const std::string& key, const SourceLocation& at) {
  ast::BodyItem out;
  out.kind = kind;
  out.key = key;
  out.location = at;
  return out;
}

// The body of the group a poisson_group stands for, with every piece at the `rates:` setting
// (so that a mistake in EXPR is reported where the model wrote it).
ast::Body groupBody(const ast::BodyItem& rates, const ast::Expr& value, const ast::Body& written) {
  const SourceLocation& at = rates.location;
  ast::Body body;
  body.location = written.location;
  ast::Equation declaration;
  declaration.name = "rates";
  declaration.location = at;
  declaration.unit = name("Hz", at);
  if (mentionsTime(value)) {
    declaration.kind = ast::Equation::Kind::subexpression;
    declaration.rhs = value;
  } else {
    declaration.kind = ast::Equation::Kind::parameter;
  }
  ast::BodyItem equations = item(ast::BodyItem::Kind::equations, "equations", at);
  equations.equations.push_back(std::move(declaration));
  body.items.push_back(std::move(equations));

  ast::Expr draw;
  draw.kind = ast::Expr::Kind::call;
  draw.name = "rand";
  draw.location = draw.begin = at;
  ast::Statement test;
  test.kind = ast::Statement::Kind::expression;
  test.location = at;
  test.value = binary(BinaryOp::less, std::move(draw),
                      binary(BinaryOp::multiply, name("rates", at), name("dt", at), at), at);
  ast::BodyItem threshold = item(ast::BodyItem::Kind::setting, "threshold", at);
  threshold.statements.push_back(std::move(test));
  body.items.push_back(std::move(threshold));

  if (!mentionsTime(value)) {
    ast::Statement set;
    set.kind = ast::Statement::Kind::assign;
    set.location = at;
    set.target = "rates";
    set.targetLocation = at;
    set.value = value;
    ast::BodyItem init = item(ast::BodyItem::Kind::block, "init", at);
    init.statements.push_back(std::move(set));
    body.items.push_back(std::move(init));
  }
  return body;
}

}  // namespace

void expandPoissonGroups(ast::Module& module, DiagnosticEngine& diagnostics) {
  for (ast::Group& g : module.groups) {
    if (!g.poisson) continue;
    const ast::BodyItem* rates = nullptr;
    bool ok = true;
    for (const ast::BodyItem& written : g.body.items) {
      const bool oneExpression = written.kind == ast::BodyItem::Kind::setting &&
                                 written.statements.size() == 1 &&
                                 written.statements[0].kind == ast::Statement::Kind::expression;
      if (written.key == "rates" && oneExpression && rates == nullptr) {
        rates = &written;
        continue;
      }
      diagnostics.error(written.location,
                        fmt::format("poisson_group '{}' takes one item, 'rates: EXPR' (the rate "
                                    "of each element: a constant, an expression of i, or of t)",
                                    g.name));
      ok = false;
    }
    if (ok && rates == nullptr) {
      diagnostics.error(g.location, fmt::format("poisson_group '{}' needs 'rates: EXPR'", g.name));
      ok = false;
    }
    if (!ok) {
      g.body.items.clear();  // a group without items: nothing follows from the mistake
    } else {
      g.body = groupBody(*rates, rates->statements[0].value, g.body);
    }
    g.poisson = false;
  }
}

}  // namespace lsm::sema
