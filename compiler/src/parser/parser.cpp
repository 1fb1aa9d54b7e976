#include "parser/parser.hpp"

#include <antlr4-runtime.h>
#include <fmt/format.h>

#include "LsmLexer.h"
#include "LsmParser.h"
#include "parser/input_checks.hpp"

namespace lsm {

namespace {

using P = LsmParser;

std::string describeToken(const antlr4::Token* token) {
  if (token == nullptr) return "input";
  if (token->getType() == antlr4::Token::EOF) return "end of file";
  if (token->getType() == LsmLexer::NL) return "end of line";
  return fmt::format("'{}'", token->getText());
}

// Turns ANTLR's messages into one-line diagnostics at the offending token.
class SyntaxErrorCollector : public antlr4::BaseErrorListener {
 public:
  SyntaxErrorCollector(std::string file, DiagnosticEngine& diagnostics)
      : file_(std::move(file)), diagnostics_(diagnostics) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offendingSymbol, size_t line,
                   size_t charPositionInLine, const std::string& message,
                   std::exception_ptr) override {
    SourceLocation where{file_, static_cast<int>(line), static_cast<int>(charPositionInLine) + 1};
    // One error per line: what follows the first error on a line is usually its echo.
    if (where.line == lastLine_) return;
    lastLine_ = where.line;
    ++count_;
    if (dynamic_cast<antlr4::Lexer*>(recognizer) != nullptr) {
      diagnostics_.error(where, fmt::format("syntax error: {}", message));
      return;
    }
    if (offendingSymbol != nullptr && offendingSymbol->getType() == LsmLexer::UNTERMINATED_STRING) {
      diagnostics_.error(where,
                         "syntax error: unterminated string (a string ends with '\"' on "
                         "the same line)");
      return;
    }
    if (offendingSymbol != nullptr && offendingSymbol->getType() == LsmLexer::ERROR_CHAR) {
      diagnostics_.error(where, fmt::format("syntax error: unexpected character '{}'",
                                            offendingSymbol->getText()));
      return;
    }
    std::string expecting;
    if (auto at = message.find("expecting "); at != std::string::npos) {
      std::string set = message.substr(at + 10);
      // Long alternative lists say little; keep short ones.
      if (std::count(set.begin(), set.end(), ',') < 4) {
        expecting = ", expecting " + set;
        for (auto [from, to] : {std::pair<std::string, std::string>{"'\\n'", "end of line"},
                                {"NL", "end of line"},
                                {"ID", "a name"},
                                {"NUMBER", "a number"},
                                {"<EOF>", "end of file"}}) {
          for (auto k = expecting.find(from); k != std::string::npos; k = expecting.find(from))
            expecting.replace(k, from.size(), to);
        }
      }
    }
    diagnostics_.error(where, fmt::format("syntax error: unexpected {}{}",
                                          describeToken(offendingSymbol), expecting));
  }

  int count() const { return count_; }

 private:
  std::string file_;
  DiagnosticEngine& diagnostics_;
  int lastLine_ = 0;
  int count_ = 0;
};

// Checks that brackets match before parsing: an unclosed '(' is reported where it opens,
// not lines later where the parser gives up. Also bounds nesting, which the recursive stages
// after the parser rely on.
bool checkBrackets(const std::string& file, antlr4::CommonTokenStream& tokens,
                   DiagnosticEngine& diagnostics) {
  constexpr std::size_t maxDepth = 200;
  constexpr int maxSigns = 200;
  auto locate = [&](const antlr4::Token* t) {
    return SourceLocation{file, static_cast<int>(t->getLine()),
                          static_cast<int>(t->getCharPositionInLine()) + 1};
  };
  std::vector<const antlr4::Token*> open;
  int signs = 0;
  for (const antlr4::Token* token : tokens.getTokens()) {
    std::string text = token->getText();
    signs = (text == "-" || text == "+" || text == "not") ? signs + 1 : 0;
    if (signs > maxSigns) {
      diagnostics.error(locate(token), "syntax error: too many signs in a row");
      return false;
    }
    if (text == "(" || text == "[" || text == "{") {
      open.push_back(token);
      if (open.size() > maxDepth) {
        diagnostics.error(locate(token),
                          fmt::format("syntax error: brackets nest more than {} deep", maxDepth));
        return false;
      }
      continue;
    }
    if (text != ")" && text != "]" && text != "}") continue;
    char expected = text == ")" ? '(' : text == "]" ? '[' : '{';
    if (open.empty()) {
      diagnostics.error(locate(token), fmt::format("syntax error: '{}' closes nothing", text));
      return false;
    }
    if (open.back()->getText()[0] != expected) {
      const antlr4::Token* opener = open.back();
      diagnostics.error(locate(opener), fmt::format("syntax error: '{}' is not closed (found "
                                                    "'{}' at line {})",
                                                    opener->getText(), text, token->getLine()));
      return false;
    }
    open.pop_back();
  }
  if (!open.empty()) {
    diagnostics.error(locate(open.back()),
                      fmt::format("syntax error: '{}' is not closed before the end of the file",
                                  open.back()->getText()));
    return false;
  }
  return true;
}

// Builds the AST from the parse tree. The tree is known to be free of syntax errors.
class AstBuilder {
 public:
  explicit AstBuilder(std::string file) : file_(std::move(file)) {}

  SourceLocation at(const antlr4::Token* token) const {
    return {file_, static_cast<int>(token->getLine()),
            static_cast<int>(token->getCharPositionInLine()) + 1};
  }
  SourceLocation at(antlr4::ParserRuleContext* context) const { return at(context->getStart()); }
  SourceLocation at(antlr4::tree::TerminalNode* node) const { return at(node->getSymbol()); }

  ast::Module module(P::FileContext* file) {
    ast::Module module;
    for (auto* item : file->topItem()) topItem(item, module);
    return module;
  }

 private:
  void topItem(P::TopItemContext* item, ast::Module& module) {
    if (auto* c = dynamic_cast<P::ImportItemContext*>(item)) {
      std::string quoted = c->STRING()->getText();
      module.imports.push_back({quoted.substr(1, quoted.size() - 2), at(c)});
    } else if (auto* c = dynamic_cast<P::ConstantItemContext*>(item)) {
      module.constants.push_back({c->name()->getText(), at(c->name()), expr(c->expr())});
    } else if (auto* c = dynamic_cast<P::GroupItemContext*>(item)) {
      module.groups.push_back(
          {c->name()->getText(), at(c->name()), expr(c->expr()), body(c->body())});
    } else if (auto* c = dynamic_cast<P::PoissonInputItemContext*>(item)) {
      module.poissonInputs.push_back({c->name(0)->getText(), at(c->name(0)), c->target->getText(),
                                      at(c->target), body(c->body())});
    } else if (auto* c = dynamic_cast<P::PoissonGroupItemContext*>(item)) {
      module.groups.push_back(
          {c->name()->getText(), at(c->name()), expr(c->expr()), body(c->body()), true});
    } else if (auto* c = dynamic_cast<P::SubgroupItemContext*>(item)) {
      ast::Subgroup s;
      s.name = c->name(0)->getText();
      s.location = at(c->name(0));
      s.parent = c->parent->getText();
      s.parentLocation = at(c->parent);
      if (c->start != nullptr) s.start = expr(c->start);
      if (c->stop != nullptr) s.stop = expr(c->stop);
      s.sliceLocation = at(c->LBRACKET());
      if (c->body() != nullptr) s.body = body(c->body());
      module.subgroups.push_back(std::move(s));
    } else if (auto* c = dynamic_cast<P::GeneratorItemContext*>(item)) {
      ast::SpikeGenerator g{c->name()->getText(), at(c->name()), expr(c->expr()), {}};
      if (c->body() != nullptr) g.body = body(c->body());
      module.generators.push_back(std::move(g));
    } else if (auto* c = dynamic_cast<P::SynapseModelItemContext*>(item)) {
      ast::SynapseModel m{c->name()->getText(), at(c->name()), {}, body(c->body())};
      for (auto* p : c->templateParam()) {
        ast::TemplateParameter parameter{p->name()->getText(), at(p->name()), {}, {}};
        if (p->unitSpec() != nullptr) parameter.unit = unitSpec(p->unitSpec());
        if (p->expr() != nullptr) parameter.defaultValue = expr(p->expr());
        m.parameters.push_back(std::move(parameter));
      }
      module.synapseModels.push_back(std::move(m));
    } else if (auto* c = dynamic_cast<P::SynapsesItemContext*>(item)) {
      ast::Synapses s;
      s.name = c->name(0)->getText();
      s.location = at(c->name(0));
      s.source = c->source->getText();
      s.sourceLocation = at(c->source);
      s.target = c->target->getText();
      s.targetLocation = at(c->target);
      auto* definition = c->synapsesDefinition();
      if (auto* inlined = dynamic_cast<P::InlineSynapsesContext*>(definition)) {
        s.body = body(inlined->body());
      } else if (auto* instance = dynamic_cast<P::TemplateSynapsesContext*>(definition)) {
        s.modelName = instance->name()->getText();
        s.modelLocation = at(instance->name());
        for (auto* a : instance->namedArg()) {
          s.arguments.push_back({a->name()->getText(), at(a->name()), expr(a->expr())});
        }
        if (instance->body() != nullptr) s.body = body(instance->body());
      }
      module.synapses.push_back(std::move(s));
    } else if (auto* c = dynamic_cast<P::MonitorItemContext*>(item)) {
      ast::Monitor m;
      m.name = c->name()->getText();
      m.location = at(c->name());
      m.kind = c->kind->getText();
      m.kindLocation = at(c->kind);
      for (auto* e : c->expr()) m.arguments.push_back(expr(e));
      if (c->body() != nullptr) m.body = body(c->body());
      module.monitors.push_back(std::move(m));
    } else if (auto* c = dynamic_cast<P::ExperimentItemContext*>(item)) {
      ast::Experiment e;
      e.name = c->name() != nullptr ? c->name()->getText() : "";
      e.location = at(c);
      e.body = body(c->body());
      module.experiments.push_back(std::move(e));
    } else if (auto* c = dynamic_cast<P::TimedArrayItemContext*>(item)) {
      module.timedArrays.push_back({c->name()->getText(), at(c->name()), body(c->body())});
    }
  }

  ast::Body body(P::BodyContext* context) {
    ast::Body b;
    b.location = at(context);
    for (auto* item : context->bodyItem()) {
      ast::BodyItem out;
      if (auto* c = dynamic_cast<P::EquationsBlockContext*>(item)) {
        out.kind = ast::BodyItem::Kind::equations;
        out.key = "equations";
        out.location = at(c);
        for (auto* e : c->equation()) out.equations.push_back(equation(e));
      } else if (auto* c = dynamic_cast<P::StatementBlockContext*>(item)) {
        out.kind = ast::BodyItem::Kind::block;
        out.key = c->ID()->getText();
        out.location = at(c);
        for (auto* s : c->statement()) out.statements.push_back(statement(s));
      } else if (auto* c = dynamic_cast<P::SettingContext*>(item)) {
        out.kind = ast::BodyItem::Kind::setting;
        out.key = c->ID()->getText();
        out.location = at(c);
        for (auto* s : c->statement()) out.statements.push_back(statement(s));
        for (auto* a : c->assignment()) out.statements.push_back(assignment(a, at(a)));
      } else if (auto* c = dynamic_cast<P::CallItemContext*>(item)) {
        out.kind = ast::BodyItem::Kind::call;
        out.key = c->ID()->getText();
        out.location = at(c);
        for (auto* e : c->expr()) out.arguments.push_back(expr(e));
      } else if (auto* c = dynamic_cast<P::OptionsBlockContext*>(item)) {
        out.kind = ast::BodyItem::Kind::block;
        out.key = c->ID()->getText();
        out.location = at(c);
        out.hasOptions = true;
        for (auto* a : c->generatorArg()) {
          ast::Statement option;  // `NAME = VALUE`, or a value alone (target empty)
          option.kind = a->name() != nullptr ? ast::Statement::Kind::assign
                                             : ast::Statement::Kind::expression;
          option.location = at(a);
          if (a->name() != nullptr) {
            option.target = a->name()->getText();
            option.targetLocation = at(a->name());
          }
          option.value = expr(a->expr());
          out.options.push_back(std::move(option));
        }
        for (auto* s : c->statement()) out.statements.push_back(statement(s));
      } else if (auto* c = dynamic_cast<P::AssignmentItemContext*>(item)) {
        out.kind = ast::BodyItem::Kind::assignment;
        out.key = c->object != nullptr ? c->object->getText() : "";
        out.location = at(c);
        ast::Statement s;
        s.kind = ast::Statement::Kind::assign;
        s.location = at(c->target);
        s.target = c->target->getText();
        s.targetLocation = at(c->target);
        s.op = assignOpFromSpelling(c->op->getText()).value();  // the grammar's tokens
        if (c->condition != nullptr) s.condition = expr(c->condition);
        s.value = expr(c->expr().back());
        out.statements.push_back(std::move(s));
      } else if (auto* c = dynamic_cast<P::ValuesSettingContext*>(item)) {
        out.kind = ast::BodyItem::Kind::values;
        out.key = c->ID()->getText();
        out.location = at(c);
        out.values = valueList(c->valueList());
        if (c->unit != nullptr) out.values->unit = expr(c->unit);
      }
      b.items.push_back(std::move(out));
    }
    return b;
  }

  ast::ValueList valueList(P::ValueListContext* context) {
    ast::ValueList list;
    list.location = at(context);
    if (auto* c = dynamic_cast<P::FileValuesContext*>(context)) {
      std::string quoted = c->STRING()->getText();
      list.file = quoted.substr(1, quoted.size() - 2);
      return list;
    }
    for (auto* entry : dynamic_cast<P::InlineValuesContext*>(context)->valueEntry()) {
      ast::ValueEntry out;
      out.location = at(entry);
      if (auto* scalar = dynamic_cast<P::ScalarEntryContext*>(entry)) {
        out.values.push_back(expr(scalar->expr()));
      } else if (auto* row = dynamic_cast<P::RowEntryContext*>(entry)) {
        out.row = true;
        for (auto* e : row->expr()) out.values.push_back(expr(e));
      }
      list.entries.push_back(std::move(out));
    }
    return list;
  }

  ast::Equation equation(P::EquationContext* context) {
    ast::Equation e;
    P::FlagsContext* flags = nullptr;
    if (auto* c = dynamic_cast<P::DifferentialEquationContext*>(context)) {
      e.kind = ast::Equation::Kind::differential;
      std::string lhs = c->lhs->getText();
      // `dv/dt`: name resolution checks the form; keep what was written.
      e.derivative = lhs + "/" + c->dt->getText();
      e.name = lhs.size() > 1 && lhs[0] == 'd' ? lhs.substr(1) : lhs;
      e.location = at(c);
      e.rhs = expr(c->expr());
      e.unit = unitSpec(c->unitSpec());
      flags = c->flags();
    } else if (auto* c = dynamic_cast<P::SubexpressionEquationContext*>(context)) {
      e.kind = ast::Equation::Kind::subexpression;
      e.name = c->name()->getText();
      e.location = at(c);
      e.rhs = expr(c->expr());
      e.unit = unitSpec(c->unitSpec());
      flags = c->flags();
    } else if (auto* c = dynamic_cast<P::ParameterEquationContext*>(context)) {
      e.kind = ast::Equation::Kind::parameter;
      e.name = c->name()->getText();
      e.location = at(c);
      e.unit = unitSpec(c->unitSpec());
      flags = c->flags();
    }
    if (flags != nullptr) {
      for (auto* f : flags->flag()) {
        // Re-join the words with the separators the user wrote ("clock-driven",
        // "unless refractory", "constant over dt").
        std::string text;
        for (auto* child : f->children) {
          std::string piece = child->getText();
          if (piece == "-") {
            text += "-";
          } else {
            if (!text.empty() && text.back() != '-') text += ' ';
            text += piece;
          }
        }
        e.flags.push_back({text, at(f)});
      }
    }
    return e;
  }

  ast::Statement statement(P::StatementContext* context) {
    ast::Statement s;
    s.location = at(context);
    if (auto* c = dynamic_cast<P::LetStatementContext*>(context)) {
      s.kind = ast::Statement::Kind::let;
      s.target = c->name()->getText();
      s.targetLocation = at(c->name());
      s.op = AssignOp::assign;
      s.value = expr(c->expr());
    } else if (auto* c = dynamic_cast<P::AssignStatementContext*>(context)) {
      return assignment(c->assignment(), s.location);
    } else if (auto* c = dynamic_cast<P::ExpressionStatementContext*>(context)) {
      s.kind = ast::Statement::Kind::expression;
      s.value = expr(c->expr());
    } else if (auto* c = dynamic_cast<P::ArrayStatementContext*>(context)) {
      s.kind = ast::Statement::Kind::array;
      s.target = c->name()->getText();
      s.targetLocation = at(c->name());
      for (auto* e : c->expr()) s.elements.push_back(expr(e));
    } else if (auto* c = dynamic_cast<P::GeneratorStatementContext*>(context)) {
      s.kind = ast::Statement::Kind::generator;
      s.target = c->name(0)->getText();
      s.targetLocation = at(c->name(0));
      s.value = expr(c->element);
      s.variable = c->variable->getText();
      s.iterator = c->iterator->getText();
      s.iteratorLocation = at(c->iterator);
      for (auto* a : c->generatorArg()) {
        s.elementNames.push_back(a->name() != nullptr ? a->name()->getText() : "");
        s.elements.push_back(expr(a->expr()));
      }
      if (c->condition != nullptr) s.condition = expr(c->condition);
    }
    return s;
  }

  ast::Statement assignment(P::AssignmentContext* c, SourceLocation location) {
    ast::Statement s;
    s.location = location;
    s.kind = ast::Statement::Kind::assign;
    s.target = c->name()->getText();
    s.targetLocation = at(c->name());
    s.op = assignOpFromSpelling(c->op->getText()).value();  // the grammar's tokens
    if (c->condition != nullptr) s.condition = expr(c->condition);
    s.value = expr(c->expr().back());
    return s;
  }

  static double number(const std::string& text) { return std::strtod(text.c_str(), nullptr); }
  static bool isInteger(const std::string& text) {
    return text.find_first_of(".eE") == std::string::npos;
  }

  ast::Expr signedNumber(P::SignedNumberContext* c) {
    ast::Expr e;
    e.kind = ast::Expr::Kind::number;
    e.location = at(c);
    e.number = number(c->NUMBER()->getText());
    e.isIntegerLiteral = isInteger(c->NUMBER()->getText());
    if (!c->children.empty() && c->children.front()->getText() == "-") e.number = -e.number;
    return e;
  }

  // Unit specifications share the expression tree: names, numbers, * / and **.
  ast::Expr unitSpec(P::UnitSpecContext* context) {
    auto terms = context->unitTerm();
    ast::Expr result = unitTerm(terms[0]);
    for (std::size_t k = 1; k < terms.size(); ++k) {
      auto* opNode = dynamic_cast<antlr4::tree::TerminalNode*>(context->children[2 * k - 1]);
      ast::Expr combined;
      combined.kind = ast::Expr::Kind::binary;
      combined.location = at(opNode);
      combined.binaryOp = binaryOpFromSpelling(opNode->getText()).value();
      combined.operands.push_back(std::move(result));
      combined.operands.push_back(unitTerm(terms[k]));
      result = std::move(combined);
    }
    return result;
  }

  ast::Expr unitTerm(P::UnitTermContext* c) {
    ast::Expr base;
    if (c->unitSpec() != nullptr) {
      base = unitSpec(c->unitSpec());
    } else if (c->ID() != nullptr) {
      base.kind = ast::Expr::Kind::name;
      base.location = at(c->ID());
      base.name = c->ID()->getText();
    } else {
      base.kind = ast::Expr::Kind::number;
      base.location = at(c->NUMBER());
      base.number = number(c->NUMBER()->getText());
      base.isIntegerLiteral = isInteger(c->NUMBER()->getText());
    }
    if (c->signedNumber() == nullptr) return base;
    ast::Expr power;
    power.kind = ast::Expr::Kind::binary;
    power.location = base.location;
    power.binaryOp = BinaryOp::power;
    power.operands.push_back(std::move(base));
    power.operands.push_back(signedNumber(c->signedNumber()));
    return power;
  }

  ast::Expr binary(antlr4::Token* op, P::ExprContext* lhs, P::ExprContext* rhs) {
    ast::Expr e;
    e.kind = ast::Expr::Kind::binary;
    e.location = at(op);
    e.binaryOp = binaryOpFromSpelling(op->getText()).value();  // the grammar's tokens
    e.operands.push_back(expr(lhs));
    e.operands.push_back(expr(rhs));
    return e;
  }

  ast::Expr expr(P::ExprContext* context) {
    ast::Expr e = exprAt(context);
    e.begin = at(context);
    return e;
  }

  ast::Expr exprAt(P::ExprContext* context) {
    if (auto* c = dynamic_cast<P::PrimaryExprContext*>(context)) return primary(c->primary());
    if (auto* c = dynamic_cast<P::PowerExprContext*>(context)) {
      ast::Expr e;
      e.kind = ast::Expr::Kind::binary;
      e.location = at(c->expr(0));
      e.binaryOp = BinaryOp::power;
      e.operands.push_back(expr(c->expr(0)));
      ast::Expr exponent = expr(c->expr(1));
      if (c->sign != nullptr && c->sign->getText() == "-") {
        ast::Expr negated;
        negated.kind = ast::Expr::Kind::unary;
        negated.location = at(c->sign);
        negated.unaryOp = UnaryOp::negate;
        negated.operands.push_back(std::move(exponent));
        exponent = std::move(negated);
      }
      e.operands.push_back(std::move(exponent));
      return e;
    }
    if (auto* c = dynamic_cast<P::UnaryExprContext*>(context)) {
      if (c->op->getText() == "+") return expr(c->expr());
      ast::Expr e;
      e.kind = ast::Expr::Kind::unary;
      e.location = at(c);
      e.unaryOp = UnaryOp::negate;
      e.operands.push_back(expr(c->expr()));
      return e;
    }
    if (auto* c = dynamic_cast<P::NotExprContext*>(context)) {
      ast::Expr e;
      e.kind = ast::Expr::Kind::unary;
      e.location = at(c);
      e.unaryOp = UnaryOp::logicalNot;
      e.operands.push_back(expr(c->expr()));
      return e;
    }
    if (auto* c = dynamic_cast<P::MultiplicativeExprContext*>(context))
      return binary(c->op, c->expr(0), c->expr(1));
    if (auto* c = dynamic_cast<P::AdditiveExprContext*>(context))
      return binary(c->op, c->expr(0), c->expr(1));
    if (auto* c = dynamic_cast<P::ComparisonExprContext*>(context))
      return binary(c->op, c->expr(0), c->expr(1));
    if (auto* c = dynamic_cast<P::AndExprContext*>(context))
      return binary(c->AND()->getSymbol(), c->expr(0), c->expr(1));
    if (auto* c = dynamic_cast<P::OrExprContext*>(context))
      return binary(c->OR()->getSymbol(), c->expr(0), c->expr(1));
    if (auto* c = dynamic_cast<P::ConditionalExprContext*>(context)) {
      ast::Expr e;
      e.kind = ast::Expr::Kind::conditional;
      e.location = at(c->IF());
      e.operands.push_back(expr(c->expr(0)));
      e.operands.push_back(expr(c->expr(1)));
      e.operands.push_back(expr(c->expr(2)));
      return e;
    }
    throw std::logic_error("unhandled expression alternative");
  }

  ast::Expr primary(P::PrimaryContext* context) {
    ast::Expr e;
    e.location = at(context);
    if (auto* c = dynamic_cast<P::NumberLiteralContext*>(context)) {
      e.kind = ast::Expr::Kind::number;
      e.number = number(c->NUMBER()->getText());
      e.isIntegerLiteral = isInteger(c->NUMBER()->getText());
      if (c->unit != nullptr) {
        e.unit = c->unit->getText();
        e.unitLocation = at(c->unit);
        if (c->signedNumber() != nullptr) {
          ast::Expr power = signedNumber(c->signedNumber());
          e.unitPower = power.number;
        }
      }
    } else if (dynamic_cast<P::TrueLiteralContext*>(context) != nullptr) {
      e.kind = ast::Expr::Kind::boolean;
      e.boolean = true;
    } else if (dynamic_cast<P::FalseLiteralContext*>(context) != nullptr) {
      e.kind = ast::Expr::Kind::boolean;
      e.boolean = false;
    } else if (auto* c = dynamic_cast<P::CallPrimaryContext*>(context)) {
      e.kind = ast::Expr::Kind::call;
      e.name = c->ID()->getText();
      for (auto* a : c->generatorArg()) {
        if (a->name() != nullptr) {
          e.argumentNames.resize(e.operands.size());
          e.argumentNames.push_back(a->name()->getText());
        } else if (!e.argumentNames.empty()) {
          e.argumentNames.emplace_back();
        }
        e.operands.push_back(expr(a->expr()));
      }
    } else if (auto* c = dynamic_cast<P::NamePrimaryContext*>(context)) {
      e.kind = ast::Expr::Kind::name;
      e.name = c->name()->getText();
    } else if (auto* c = dynamic_cast<P::ParenPrimaryContext*>(context)) {
      return expr(c->expr());
    }
    return e;
  }

  std::string file_;
};

}  // namespace

std::optional<ast::Module> parseModule(const std::string& file, const std::string& text,
                                       DiagnosticEngine& diagnostics) {
  // The lexer's conversion to code points throws on malformed UTF-8.
  if (!checkEncoding(file, text, diagnostics)) return std::nullopt;
  // A final line break lets the last item end like every other.
  antlr4::ANTLRInputStream input(text + "\n");
  LsmLexer lexer(&input);
  SyntaxErrorCollector collector(file, diagnostics);
  lexer.removeErrorListeners();
  lexer.addErrorListener(&collector);
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  if (collector.count() > 0 || !checkBrackets(file, tokens, diagnostics) ||
      !checkTokenLimits(file, tokens, diagnostics)) {
    return std::nullopt;
  }
  LsmParser parser(&tokens);
  parser.removeErrorListeners();
  parser.addErrorListener(&collector);
  LsmParser::FileContext* tree = parser.file();
  if (collector.count() > 0) return std::nullopt;
  return AstBuilder(file).module(tree);
}

}  // namespace lsm
