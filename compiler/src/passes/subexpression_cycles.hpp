// Pass: subexpressions must not depend on themselves (`a = b + 1`, `b = 2*a`).
#pragma once

#include "lsm/diagnostics.hpp"
#include "lsm/ir.hpp"

namespace lsm {

void checkSubexpressionCycles(const ir::Model& model, DiagnosticEngine& diagnostics);

}  // namespace lsm
