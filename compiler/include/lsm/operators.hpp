// The closed sets of the language that the AST and the IR share: operators and assignment
// forms. Each is an enum so that every `switch` over one is checked by the compiler for a
// forgotten case; `spelling` gives the model text.
#pragma once

#include <optional>
#include <string_view>

namespace lsm {

enum class UnaryOp { negate, logicalNot };

enum class BinaryOp {
  add,
  subtract,
  multiply,
  divide,
  floorDivide,  // //
  modulo,       // %, with Python's sign convention
  power,        // **
  less,
  lessEqual,
  greater,
  greaterEqual,
  equal,
  notEqual,
  logicalAnd,
  logicalOr,
};

// `x = v`, `x += v`, ...
enum class AssignOp { assign, add, subtract, multiply, divide };

std::string_view spelling(UnaryOp op);
std::string_view spelling(BinaryOp op);
std::string_view spelling(AssignOp op);

// The operator a token of the grammar spells; nullopt for any other text.
std::optional<BinaryOp> binaryOpFromSpelling(std::string_view text);
std::optional<AssignOp> assignOpFromSpelling(std::string_view text);

// What kind of operation a binary operator is: how dimensions combine and how tightly it binds.
enum class OperatorClass {
  additive,       // + - %: equal dimensions
  product,        // *
  quotient,       // /
  floorQuotient,  // //: equal dimensions, a dimensionless result
  power,          // **
  comparison,     // < <= > >= == !=: equal dimensions, a boolean result
  logical,        // and or: booleans
};
OperatorClass classOf(BinaryOp op);
bool isComparison(BinaryOp op);  // < <= > >= == !=
// Python's precedence, higher binds tighter (or 2, and 3, comparisons 5, + - 6, * / // % 7,
// ** 9).
int precedence(BinaryOp op);

}  // namespace lsm
