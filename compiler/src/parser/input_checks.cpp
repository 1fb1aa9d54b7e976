#include "parser/input_checks.hpp"

#include <antlr4-runtime.h>
#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "LsmLexer.h"
#include "source/utf8.hpp"

namespace lsm {

bool checkEncoding(const std::string& file, const std::string& text,
                   DiagnosticEngine& diagnostics) {
  auto problem = utf8::findProblem(text);
  if (!problem) return true;
  diagnostics.error({file, problem->line, problem->column},
                    fmt::format("{}: model text must be UTF-8 without NUL bytes", problem->cause));
  return false;
}

bool checkTokenLimits(const std::string& file, antlr4::CommonTokenStream& tokens,
                      DiagnosticEngine& diagnostics) {
  auto locate = [&](const antlr4::Token* t) {
    return SourceLocation{file, static_cast<int>(t->getLine()),
                          static_cast<int>(t->getCharPositionInLine()) + 1};
  };
  const antlr4::Token* statementStart = nullptr;
  std::size_t statementTokens = 0;
  for (const antlr4::Token* token : tokens.getTokens()) {
    const std::string text = token->getText();
    // A line break outside brackets, ';' and the braces of a block end a statement.
    if (token->getType() == LsmLexer::NL || text == ";" || text == "{" || text == "}") {
      statementStart = nullptr;
      statementTokens = 0;
      continue;
    }
    if (statementStart == nullptr) statementStart = token;
    if (++statementTokens > maxStatementTokens) {
      diagnostics.error(locate(statementStart),
                        fmt::format("this statement is longer than {} tokens; split it into "
                                    "named parts",
                                    maxStatementTokens));
      return false;
    }
    if (token->getType() == LsmLexer::NUMBER) {
      errno = 0;
      double value = std::strtod(text.c_str(), nullptr);
      if (errno == ERANGE && std::isinf(value)) {
        diagnostics.error(locate(token),
                          fmt::format("the number {} is too large (a double holds at most "
                                      "about 1.8e308)",
                                      text));
        return false;
      }
    }
  }
  return true;
}

}  // namespace lsm
