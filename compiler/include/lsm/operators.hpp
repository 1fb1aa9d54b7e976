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

bool isComparison(BinaryOp op);  // < <= > >= == !=

}  // namespace lsm
