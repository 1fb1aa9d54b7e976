#include "integration/linear_form.hpp"

#include "integration/expression_builder.hpp"

namespace lsm {

namespace {

using ir::Expr;
using Result = std::variant<LinearForm, const Expr*>;

bool mentions(const Expr& e, const std::set<std::string>& states) {
  return build::any(e, [&](const Expr& node) {
    return node.kind == Expr::Kind::variable && node.scope == ir::Scope::self &&
           states.count(node.name) > 0;
  });
}

LinearForm scaled(LinearForm form, const Expr& factor, bool divide) {
  auto apply = [&](Expr x) {
    return divide ? build::divide(std::move(x), factor) : build::multiply(factor, std::move(x));
  };
  for (auto& [name, coefficient] : form.coefficients) coefficient = apply(coefficient);
  if (form.offset) form.offset = apply(*form.offset);
  return form;
}

LinearForm combined(LinearForm a, LinearForm b, bool subtract) {
  for (auto& [name, coefficient] : b.coefficients) {
    auto found = a.coefficients.find(name);
    if (found == a.coefficients.end()) {
      a.coefficients.emplace(name, subtract ? build::negate(coefficient) : coefficient);
    } else {
      found->second = subtract ? build::subtract(found->second, coefficient)
                               : build::add(found->second, coefficient);
    }
  }
  if (b.offset) {
    if (a.offset) {
      a.offset =
          subtract ? build::subtract(*a.offset, *b.offset) : build::add(*a.offset, *b.offset);
    } else {
      a.offset = subtract ? build::negate(*b.offset) : *b.offset;
    }
  }
  return a;
}

}  // namespace

std::variant<LinearForm, const ir::Expr*> linearForm(const ir::Expr& e,
                                                     const std::set<std::string>& states) {
  if (!mentions(e, states)) return LinearForm{{}, e};
  if (e.kind == Expr::Kind::variable) {
    LinearForm form;
    form.coefficients.emplace(e.name, build::constant(1.0));
    return form;
  }
  if (e.kind == Expr::Kind::unary && e.unaryOp == UnaryOp::negate) {
    Result inner = linearForm(e.operands[0], states);
    if (auto* failure = std::get_if<const Expr*>(&inner)) return *failure;
    return scaled(std::get<LinearForm>(inner), build::constant(-1.0), false);
  }
  if (e.kind == Expr::Kind::binary) {
    const Expr& a = e.operands[0];
    const Expr& b = e.operands[1];
    BinaryOp op = e.binaryOp;
    if (op == BinaryOp::add || op == BinaryOp::subtract || op == BinaryOp::multiply ||
        op == BinaryOp::divide) {
      Result fa = linearForm(a, states);
      if (auto* failure = std::get_if<const Expr*>(&fa)) return *failure;
      Result fb = linearForm(b, states);
      if (auto* failure = std::get_if<const Expr*>(&fb)) return *failure;
      LinearForm la = std::get<LinearForm>(std::move(fa));
      LinearForm lb = std::get<LinearForm>(std::move(fb));
      if (op == BinaryOp::add || op == BinaryOp::subtract) {
        return combined(std::move(la), std::move(lb), op == BinaryOp::subtract);
      }
      bool aHasState = !la.coefficients.empty();
      bool bHasState = !lb.coefficients.empty();
      if (op == BinaryOp::multiply) {
        if (aHasState && bHasState) return &e;
        return aHasState ? scaled(std::move(la), b, false) : scaled(std::move(lb), a, false);
      }
      if (bHasState) return &e;  // x / state
      return scaled(std::move(la), b, true);
    }
  }
  return &e;  // a function, power, comparison or conditional of a state variable
}

}  // namespace lsm
