// Diagnostics as data: collected by one engine, rendered in one place.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "lsm/source.hpp"

namespace lsm {

enum class Severity { error, warning, note };

struct Diagnostic {
  Severity severity = Severity::error;
  SourceLocation location;  // may be invalid for errors without a place (a missing input file)
  std::string message;      // one line, no trailing period
  std::vector<Diagnostic> notes;
};

// Collects the diagnostics of one compilation. After `maxErrors` errors further ones are
// counted but not kept, so one broken file cannot flood the terminal.
class DiagnosticEngine {
 public:
  explicit DiagnosticEngine(std::size_t maxErrors = 20) : maxErrors_(maxErrors) {}

  Diagnostic& error(const SourceLocation& where, std::string message);
  Diagnostic& warning(const SourceLocation& where, std::string message);

  bool hasErrors() const { return errorCount_ > 0; }
  std::size_t errorCount() const { return errorCount_; }
  std::size_t droppedErrors() const { return droppedErrors_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  Diagnostic& add(Severity severity, const SourceLocation& where, std::string message);

  std::size_t maxErrors_;
  std::size_t errorCount_ = 0;
  std::size_t droppedErrors_ = 0;
  std::vector<Diagnostic> diagnostics_;
  Diagnostic discarded_;
};

// `file:line:col: error: message`, then the source line and a caret under the column.
std::string renderDiagnostic(const Diagnostic& diagnostic, const SourceManager& sources);
// Every diagnostic of the engine, plus a line on how many errors were left out.
std::string renderDiagnostics(const DiagnosticEngine& engine, const SourceManager& sources);

}  // namespace lsm
