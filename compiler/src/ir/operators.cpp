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

namespace {

struct BinaryOpInfo {
  BinaryOp op;
  std::string_view spelling;
  OperatorClass operatorClass;
  int precedence;
};

// In the order of the enum.
constexpr std::array<BinaryOpInfo, 15> binaryOps = {{
    {BinaryOp::add, "+", OperatorClass::additive, 6},
    {BinaryOp::subtract, "-", OperatorClass::additive, 6},
    {BinaryOp::multiply, "*", OperatorClass::product, 7},
    {BinaryOp::divide, "/", OperatorClass::quotient, 7},
    {BinaryOp::floorDivide, "//", OperatorClass::floorQuotient, 7},
    {BinaryOp::modulo, "%", OperatorClass::additive, 7},
    {BinaryOp::power, "**", OperatorClass::power, 9},
    {BinaryOp::less, "<", OperatorClass::comparison, 5},
    {BinaryOp::lessEqual, "<=", OperatorClass::comparison, 5},
    {BinaryOp::greater, ">", OperatorClass::comparison, 5},
    {BinaryOp::greaterEqual, ">=", OperatorClass::comparison, 5},
    {BinaryOp::equal, "==", OperatorClass::comparison, 5},
    {BinaryOp::notEqual, "!=", OperatorClass::comparison, 5},
    {BinaryOp::logicalAnd, "and", OperatorClass::logical, 3},
    {BinaryOp::logicalOr, "or", OperatorClass::logical, 2},
}};

constexpr bool tableInOrder() {
  for (std::size_t k = 0; k < binaryOps.size(); ++k)
    if (static_cast<std::size_t>(binaryOps[k].op) != k) return false;
  return static_cast<std::size_t>(BinaryOp::logicalOr) + 1 == binaryOps.size();
}
static_assert(tableInOrder(), "binaryOps lists every BinaryOp in the order of the enum");

const BinaryOpInfo& info(BinaryOp op) {
  return binaryOps[static_cast<std::size_t>(op)];
}

}  // namespace

std::string_view spelling(BinaryOp op) {
  return info(op).spelling;
}

OperatorClass classOf(BinaryOp op) {
  return info(op).operatorClass;
}

int precedence(BinaryOp op) {
  return info(op).precedence;
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

std::optional<BinaryOp> binaryOpFromSpelling(std::string_view text) {
  for (const BinaryOpInfo& o : binaryOps)
    if (o.spelling == text) return o.op;
  return std::nullopt;
}

std::optional<AssignOp> assignOpFromSpelling(std::string_view text) {
  using A = AssignOp;
  for (A op : {A::assign, A::add, A::subtract, A::multiply, A::divide})
    if (spelling(op) == text) return op;
  return std::nullopt;
}

bool isComparison(BinaryOp op) {
  return classOf(op) == OperatorClass::comparison;
}

}  // namespace lsm
