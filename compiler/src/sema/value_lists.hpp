// The values of a value list (`[1, 2, 3] * ms`, `[[1, 2], [3, 4]] * Hz`, `"rates.npy" * Hz`):
// written in the model, each a constant expression, or read from a .npy or CSV file whose path
// is relative to the model file that names it. Used by spike_generator and timed_array.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lsm/ast.hpp"
#include "lsm/diagnostics.hpp"
#include "lsm/units.hpp"
#include "sema/constant_evaluation.hpp"

namespace lsm::sema {

struct Values {
  std::vector<double> values;       // in SI, row-major
  std::vector<std::int64_t> shape;  // {n} or {rows, columns}
  Dimension dimension;
  std::vector<SourceLocation> locations;  // written in the model: each value's; from a file: none
};

// The list's values, each finite, with one dimension (the elements' times the unit's); `what`
// names them in messages ("the times of 'input'"). nullopt after reporting why not.
std::optional<Values> evaluateValues(const ast::ValueList& list, const std::string& what,
                                     ConstantEvaluator& constants, DiagnosticEngine& diagnostics);

// The path of a file named in a model file: relative to that file's directory.
std::string pathBesideModel(const std::string& path, const std::string& modelFile);

}  // namespace lsm::sema
