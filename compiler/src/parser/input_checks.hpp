// Checks of model text before and after lexing that keep what a user can type within what the
// later stages handle: the encoding, the length of one statement (the stages after the parser
// walk expressions recursively), and numbers a double can hold.
#pragma once

#include <string>

#include "lsm/diagnostics.hpp"

namespace antlr4 {
class CommonTokenStream;
}

namespace lsm {

// The most tokens one statement (one line, or a bracketed expression over several) may have.
// The stages after the parser walk and copy expression trees recursively: a sum of 100 000
// terms overflowed the large stack of frontend.cpp, and integration's copies make a sum of n
// terms cost time and memory in n^2 (2 000 terms: 2.7 s and 0.9 GB). Models written by hand
// stay far below this.
constexpr std::size_t maxStatementTokens = 4000;

// Reports the first byte that is not UTF-8, or a NUL byte, at its line and column.
bool checkEncoding(const std::string& file, const std::string& text, DiagnosticEngine& diagnostics);
// Reports statements longer than maxStatementTokens and numbers beyond the range of a double.
bool checkTokenLimits(const std::string& file, antlr4::CommonTokenStream& tokens,
                      DiagnosticEngine& diagnostics);

}  // namespace lsm
