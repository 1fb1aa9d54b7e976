// models/maass2002.lsm, compiled once per test program.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "lsm/frontend.hpp"

namespace lsm::test {

inline std::shared_ptr<const ir::Model> maassModel() {
  static const std::shared_ptr<const ir::Model> model = [] {
    SourceManager sources;
    auto result = compileFile(std::string(LSM_PROJECT_DIR) + "/models/maass2002.lsm", sources);
    if (!result.model) {
      throw std::runtime_error(renderDiagnostics(result.diagnostics, sources));
    }
    return std::make_shared<const ir::Model>(std::move(*result.model));
  }();
  return model;
}

}  // namespace lsm::test
