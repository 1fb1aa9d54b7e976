// The IR verifier: nothing to report on the IR the pipeline makes, and each kind of broken
// IR caught (a deliberately broken copy of a compiled model).
#include "pipeline/verifier.hpp"

#include <gtest/gtest.h>

#include "check_models.hpp"

namespace lsm {
namespace {

// The LIF group with a summed current from synapses on it.
std::string network() {
  return test::groupWith("I_syn : ampere") + R"(
synapses s(neurons -> neurons) {
    equations {
        dg/dt = -g/(5 ms) : ampere (clock-driven)
        I_syn_post = g : ampere (summed)
    }
    on_pre: g += 1 nA
    connect: p = 0.2
}
)";
}

ir::Model compiled() {
  auto c = test::compileText(network());
  if (!c.ok()) throw std::runtime_error(c.diagnostics);
  return c.model();
}

// The problems of `model` at the last level, joined (empty: none).
std::string problems(const ir::Model& model) {
  std::string out;
  for (const auto& p : ir::verify(model, ir::Invariant::scheduled)) out += p + "\n";
  return out;
}

TEST(Verifier, ThePipelinesIrHasNoProblems) {
  EXPECT_EQ(problems(compiled()), "");
  test::Compiled clockDriven = test::compileText(network(), {.lazySynapses = false});
  ASSERT_TRUE(clockDriven.ok());
  EXPECT_EQ(problems(clockDriven.model()), "");
}

TEST(Verifier, CatchesAnUnknownVariable) {
  ir::Model model = compiled();
  model.groups[0].threshold->operands[0].operands[0].name = "w";  // v > -50 mV, v -> w
  EXPECT_NE(problems(model).find("group 'neurons': 'w' names no variable of its scope"),
            std::string::npos)
      << problems(model);
}

TEST(Verifier, CatchesAMissingOperand) {
  ir::Model model = compiled();
  model.groups[0].threshold->operands.pop_back();
  EXPECT_NE(problems(model).find("an expression has 1 operands, expected 2"), std::string::npos)
      << problems(model);
}

TEST(Verifier, CatchesAWrongDimension) {
  ir::Model model = compiled();
  // -50 mV: a negation whose stored dimension is not its operand's.
  model.groups[0].threshold->operands[0].operands[1].dimension = Dimension::base(3);
  EXPECT_NE(problems(model).find("'-0.05 volt' is stored as ampere (real), its operands give volt"),
            std::string::npos)
      << problems(model);
  // The negated constant itself: the comparison no longer type-checks.
  model = compiled();
  model.groups[0].threshold->operands[0].operands[1].operands[0].dimension = Dimension::base(3);
  EXPECT_NE(problems(model).find("does not type-check: dimension mismatch in '>'"),
            std::string::npos)
      << problems(model);
}

TEST(Verifier, CatchesAStoredTypeThatItsOperandsDoNotGive) {
  ir::Model model = compiled();
  model.groups[0].threshold->type = ir::ValueType::real;
  EXPECT_NE(problems(model).find("is stored as dimensionless (real), its operands give "
                                 "dimensionless (boolean)"),
            std::string::npos)
      << problems(model);
}

TEST(Verifier, CatchesAStateWithoutUpdate) {
  ir::Model model = compiled();
  auto& statements = model.groups[0].update->statements;
  std::erase_if(statements, [](const ir::Statement& s) {
    return s.kind == ir::Statement::Kind::assign && s.target == "v";
  });
  EXPECT_NE(problems(model).find("dv/dt has no update in the step"), std::string::npos)
      << problems(model);
}

TEST(Verifier, CatchesALocalUsedBeforeItsLet) {
  ir::Model model = compiled();
  auto& statements = model.groups[0].update->statements;
  std::reverse(statements.begin(), statements.end());
  EXPECT_NE(problems(model).find("is used before a 'let' defines it"), std::string::npos)
      << problems(model);
}

TEST(Verifier, CatchesAScheduleOutOfOrder) {
  ir::Model model = compiled();
  std::reverse(model.schedule.begin(), model.schedule.end());
  EXPECT_NE(problems(model).find("schedule: "), std::string::npos) << problems(model);
}

TEST(Verifier, CatchesAnOperationWithoutItsObject) {
  ir::Model model = compiled();
  model.groups[0].reset.clear();
  EXPECT_NE(problems(model).find("'neurons_spike_resetter' names no object"), std::string::npos)
      << problems(model);
}

TEST(Verifier, CatchesASummedVariableIntoNothing) {
  ir::Model model = compiled();
  model.synapses[0].summed[0].target = "I_nothing";
  EXPECT_NE(problems(model).find("summed variable into unknown 'I_nothing'"), std::string::npos)
      << problems(model);
}

TEST(Verifier, CatchesAPopulationOutsideItsGroup) {
  ir::Model model = compiled();
  model.synapses[0].target.stop = 11;
  EXPECT_NE(problems(model).find("population 'neurons' is [0:11] of 'neurons' with 10 elements"),
            std::string::npos)
      << problems(model);
}

// Invariants are checked only from the pass that establishes them on: before unit checking a
// wrong dimension is not the verifier's business.
TEST(Verifier, ChecksOnlyWhatHasBeenEstablished) {
  ir::Model model = compiled();
  model.groups[0].threshold->type = ir::ValueType::real;
  EXPECT_TRUE(ir::verify(model, ir::Invariant::bound).empty());
  EXPECT_FALSE(ir::verify(model, ir::Invariant::typed).empty());
}

}  // namespace
}  // namespace lsm
