// Stage 1: text -> AST.
#include "parser/parser.hpp"

#include <gtest/gtest.h>

namespace lsm {
namespace {

std::optional<ast::Module> parse(const std::string& text, DiagnosticEngine& diagnostics) {
  return parseModule("t.lsm", text, diagnostics);
}

TEST(Parser, BrianEquationsBecomeEquations) {
  DiagnosticEngine d;
  auto m = parse(R"(group g(3) {
    equations {
        dv/dt = -v/tau : volt (unless refractory)
        z = 1 - x : 1
        tau : second (shared, constant)
        dx/dt = z/D : 1 (clock-driven)  # a comment
    }
})",
                 d);
  ASSERT_TRUE(m) << d.errorCount();
  const auto& eqs = m->groups[0].body.items[0].equations;
  ASSERT_EQ(eqs.size(), 4u);
  EXPECT_EQ(eqs[0].kind, ast::Equation::Kind::differential);
  EXPECT_EQ(eqs[0].name, "v");
  EXPECT_EQ(eqs[0].derivative, "dv/dt");
  EXPECT_EQ(ast::toString(*eqs[0].rhs), "(-v / tau)");
  ASSERT_EQ(eqs[0].flags.size(), 1u);
  EXPECT_EQ(eqs[0].flags[0].text, "unless refractory");
  EXPECT_EQ(eqs[1].kind, ast::Equation::Kind::subexpression);
  EXPECT_EQ(eqs[2].kind, ast::Equation::Kind::parameter);
  EXPECT_EQ(eqs[2].flags[1].text, "constant");
  EXPECT_EQ(eqs[3].flags[0].text, "clock-driven");
  EXPECT_EQ(eqs[3].location.line, 6);
  EXPECT_EQ(eqs[3].location.column, 9);
}

// Named call arguments (`index = ...` of linked_var): the names, "" for the positional ones.
TEST(Parser, NamedCallArguments) {
  DiagnosticEngine d;
  auto m = parse(R"(group g(12) {
    linked: v_in = linked_var(source, v, index = i // 3)
})",
                 d);
  ASSERT_TRUE(m) << d.errorCount();
  const ast::Expr& call = m->groups[0].body.items[0].statements[0].value;
  EXPECT_EQ(call.argumentNames, (std::vector<std::string>{"", "", "index"}));
  EXPECT_EQ(ast::toString(call), "linked_var(source, v, index = (i // 3))");
}

TEST(Parser, PythonPrecedence) {
  DiagnosticEngine d;
  auto m = parse(
      "a = -x**2 + 3*y // 2 % 4 < 1 and not b or c if d else e\n"
      "b = 2**-1\n"
      "c = 2**3**2\n",
      d);
  ASSERT_TRUE(m);
  EXPECT_EQ(ast::toString(m->constants[0].value),
            "(((((-(x ** 2) + (((3 * y) // 2) % 4)) < 1) and not b) or c) if d else e)");
  EXPECT_EQ(ast::toString(m->constants[1].value), "(2 ** -1)");
  EXPECT_EQ(ast::toString(m->constants[2].value), "(2 ** (3 ** 2))");
}

TEST(Parser, QuantitiesWithUnits) {
  DiagnosticEngine d;
  auto m = parse("a = 30 ms\nb = 13.5 nA\nc = 2 um**2\nd = 1e-3 second / 2\n", d);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->constants[0].value.unit, "ms");
  EXPECT_DOUBLE_EQ(m->constants[1].value.number, 13.5);
  EXPECT_EQ(m->constants[2].value.unitPower, 2);
  EXPECT_EQ(ast::toString(m->constants[3].value), "(0.001 second / 2)");
}

TEST(Parser, LineBreaksInsideBracketsAndAfterBackslash) {
  DiagnosticEngine d;
  auto m = parse("a = exp(1 +\n  2)\nb = 1 + \\\n 2\n", d);
  ASSERT_TRUE(m) << d.errorCount();
  EXPECT_EQ(m->constants.size(), 2u);
}

TEST(Parser, StatementsSettingsAndBlocks) {
  DiagnosticEngine d;
  auto m = parse(R"(synapses s(a -> b) {
    on_pre: v_post += w, x = 0
    connect: condition = i != j, p = 0.1
    init {
        let k = permutation(i)
        w[w < 0] = 0 mV
    }
})",
                 d);
  ASSERT_TRUE(m);
  const auto& items = m->synapses[0].body.items;
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].key, "on_pre");
  EXPECT_EQ(items[0].statements.size(), 2u);
  EXPECT_EQ(items[0].statements[0].op, AssignOp::add);
  EXPECT_EQ(items[1].statements.size(), 2u);
  EXPECT_EQ(items[2].statements[0].kind, ast::Statement::Kind::let);
  ASSERT_TRUE(items[2].statements[1].condition.has_value());
}

// Brian2's code strings separate statements with ';' (`reset="v = v_r; w += b"`): in a
// setting, an assignment after ';' is one more statement of it; anything else after ';'
// begins the next item.
TEST(Parser, SemicolonsContinueASettingWithAssignments) {
  DiagnosticEngine d;
  auto m = parse(R"(group g(2) {
    threshold: v > 1 mV; reset: v = 0 mV; w += b; x[x > 1] = 1
}
experiment {
    seed: 3; run(100 ms); g.w = 0 mV; run(50 ms)
})",
                 d);
  ASSERT_TRUE(m) << d.diagnostics().front().message;
  const auto& items = m->groups[0].body.items;
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].key, "threshold");
  EXPECT_EQ(items[0].statements.size(), 1u);
  EXPECT_EQ(items[1].key, "reset");
  ASSERT_EQ(items[1].statements.size(), 3u);
  EXPECT_EQ(items[1].statements[1].target, "w");
  EXPECT_EQ(items[1].statements[1].op, AssignOp::add);
  EXPECT_EQ(items[1].statements[1].targetLocation.column, 43);
  EXPECT_TRUE(items[1].statements[2].condition.has_value());
  const auto& steps = m->experiments[0].body.items;
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0].statements.size(), 1u);  // seed: 3 alone; run(...) is a step
  EXPECT_EQ(steps[1].kind, ast::BodyItem::Kind::call);
  EXPECT_EQ(steps[2].kind, ast::BodyItem::Kind::assignment);
}

// The words that begin items are keywords only there: Brian2 scripts name things `group`,
// `monitor` or `synapses`.
TEST(Parser, ItemWordsAreNamesElsewhere) {
  DiagnosticEngine d;
  auto m = parse(R"(let = 3
group group(10) {
    equations {
        monitor : 1
    }
    init {
        let synapses = let
        monitor = synapses
    }
}
subgroup synapses = group[:5]
synapses import(group -> synapses) {
    connect: p = 1
}
monitor monitor = spikes(group)
experiment experiment {
    monitor.active = False
})",
                 d);
  ASSERT_TRUE(m) << d.diagnostics().front().message;
  EXPECT_EQ(m->constants[0].name, "let");
  EXPECT_EQ(m->groups[0].name, "group");
  EXPECT_EQ(m->groups[0].body.items[0].equations[0].name, "monitor");
  EXPECT_EQ(m->groups[0].body.items[1].statements[0].target, "synapses");
  EXPECT_EQ(m->subgroups[0].name, "synapses");
  EXPECT_EQ(m->synapses[0].name, "import");
  EXPECT_EQ(m->synapses[0].target, "synapses");
  EXPECT_EQ(m->monitors[0].name, "monitor");
  EXPECT_EQ(m->experiments[0].name, "experiment");
  EXPECT_EQ(m->experiments[0].body.items[0].key, "monitor");
}

TEST(Parser, TemplateInstance) {
  DiagnosticEngine d;
  auto m = parse("synapses ee(exc -> exc) = tm(C=0.3, delay=1.5 ms)\n", d);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->synapses[0].modelName, "tm");
  EXPECT_EQ(m->synapses[0].arguments.size(), 2u);
  EXPECT_EQ(m->synapses[0].arguments[1].name, "delay");
}

TEST(Parser, SyntaxErrorsAreLocated) {
  DiagnosticEngine d;
  EXPECT_FALSE(parse("a = 1 +\nb = 3\n", d));
  ASSERT_GE(d.diagnostics().size(), 1u);
  EXPECT_EQ(d.diagnostics()[0].location.line, 1);
  EXPECT_EQ(d.diagnostics()[0].message, "syntax error: unexpected end of line");
}

TEST(Parser, UnclosedBracketsAreReportedWhereTheyOpen) {
  DiagnosticEngine d;
  EXPECT_FALSE(parse("a = (1 + 2\nb = 3\n", d));
  ASSERT_EQ(d.diagnostics().size(), 1u);
  EXPECT_EQ(d.diagnostics()[0].location.line, 1);
  EXPECT_EQ(d.diagnostics()[0].location.column, 5);
  EXPECT_EQ(d.diagnostics()[0].message,
            "syntax error: '(' is not closed before the end of the file");
  DiagnosticEngine d2;
  EXPECT_FALSE(parse("group g(1) {\n  threshold: (v > 1\n}\n", d2));
  EXPECT_EQ(d2.diagnostics()[0].message, "syntax error: '(' is not closed (found '}' at line 3)");
  DiagnosticEngine d3;
  EXPECT_FALSE(parse("a = 1)\n", d3));
  EXPECT_EQ(d3.diagnostics()[0].message, "syntax error: ')' closes nothing");
}

TEST(Parser, DeepNestingIsAnErrorNotACrash) {
  DiagnosticEngine d;
  EXPECT_FALSE(parse("a = " + std::string(50000, '(') + "1" + std::string(50000, ')') + "\n", d));
  EXPECT_EQ(d.diagnostics()[0].message, "syntax error: brackets nest more than 200 deep");
  DiagnosticEngine d2;
  EXPECT_FALSE(parse("a = " + std::string(50000, '-') + "1\n", d2));
  EXPECT_EQ(d2.diagnostics()[0].message, "syntax error: too many signs in a row");
}

TEST(Parser, StrayCharacter) {
  DiagnosticEngine d;
  EXPECT_FALSE(parse("a = 1 $ 2\n", d));
  EXPECT_EQ(d.diagnostics()[0].message, "syntax error: unexpected character '$'");
  EXPECT_EQ(d.diagnostics()[0].location.column, 7);
}

TEST(Parser, OneSyntaxErrorPerLine) {
  DiagnosticEngine d;
  EXPECT_FALSE(parse("a = 1 + + * 2 *\nb = * 2 2\nc = 1\n", d));
  EXPECT_EQ(d.errorCount(), 2u);
}

}  // namespace
}  // namespace lsm
