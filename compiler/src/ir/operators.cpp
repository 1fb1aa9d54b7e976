#include "lsm/operators.hpp"

#include <array>

namespace lsm {

std::string_view spelling(UnaryOp op) {
  switch (op) {
    case UnaryOp::negate:
      return "-";
    case UnaryOp::logicalNot:
      return "not";
  }
  return "?";
}

std::string_view spelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::add:
      return "+";
    case BinaryOp::subtract:
      return "-";
    case BinaryOp::multiply:
      return "*";
    case BinaryOp::divide:
      return "/";
    case BinaryOp::floorDivide:
      return "//";
    case BinaryOp::modulo:
      return "%";
    case BinaryOp::power:
      return "**";
    case BinaryOp::less:
      return "<";
    case BinaryOp::lessEqual:
      return "<=";
    case BinaryOp::greater:
      return ">";
    case BinaryOp::greaterEqual:
      return ">=";
    case BinaryOp::equal:
      return "==";
    case BinaryOp::notEqual:
      return "!=";
    case BinaryOp::logicalAnd:
      return "and";
    case BinaryOp::logicalOr:
      return "or";
  }
  return "?";
}

std::string_view spelling(AssignOp op) {
  switch (op) {
    case AssignOp::assign:
      return "=";
    case AssignOp::add:
      return "+=";
    case AssignOp::subtract:
      return "-=";
    case AssignOp::multiply:
      return "*=";
    case AssignOp::divide:
      return "/=";
  }
  return "?";
}

namespace {

template <typename Op, std::size_t n>
std::optional<Op> fromSpelling(std::string_view text, const std::array<Op, n>& all) {
  for (Op op : all)
    if (spelling(op) == text) return op;
  return std::nullopt;
}

}  // namespace

std::optional<BinaryOp> binaryOpFromSpelling(std::string_view text) {
  using B = BinaryOp;
  static constexpr std::array all = {B::add,         B::subtract,   B::multiply,     B::divide,
                                     B::floorDivide, B::modulo,     B::power,        B::less,
                                     B::lessEqual,   B::greater,    B::greaterEqual, B::equal,
                                     B::notEqual,    B::logicalAnd, B::logicalOr};
  return fromSpelling(text, all);
}

std::optional<AssignOp> assignOpFromSpelling(std::string_view text) {
  using A = AssignOp;
  static constexpr std::array all = {A::assign, A::add, A::subtract, A::multiply, A::divide};
  return fromSpelling(text, all);
}

bool isComparison(BinaryOp op) {
  switch (op) {
    case BinaryOp::less:
    case BinaryOp::lessEqual:
    case BinaryOp::greater:
    case BinaryOp::greaterEqual:
    case BinaryOp::equal:
    case BinaryOp::notEqual:
      return true;
    case BinaryOp::add:
    case BinaryOp::subtract:
    case BinaryOp::multiply:
    case BinaryOp::divide:
    case BinaryOp::floorDivide:
    case BinaryOp::modulo:
    case BinaryOp::power:
    case BinaryOp::logicalAnd:
    case BinaryOp::logicalOr:
      return false;
  }
  return false;
}

}  // namespace lsm
