#include <fmt/format.h>

#include "lsm/diagnostics.hpp"

namespace lsm {

Diagnostic& DiagnosticEngine::add(Severity severity, const SourceLocation& where,
                                  std::string message) {
  // One error per place: a mistake in a synapse_model is found once in each instance made
  // from it, at the same place of the model's text.
  if (severity == Severity::error && where.valid()) {
    for (const Diagnostic& earlier : diagnostics_) {
      if (earlier.severity == Severity::error && earlier.location == where) {
        discarded_ = Diagnostic{};
        return discarded_;
      }
    }
  }
  if (severity == Severity::error) {
    ++errorCount_;
    if (errorCount_ > maxErrors_) {
      ++droppedErrors_;
      discarded_ = Diagnostic{};
      return discarded_;
    }
  }
  diagnostics_.push_back(Diagnostic{severity, where, std::move(message), {}});
  return diagnostics_.back();
}

Diagnostic& DiagnosticEngine::error(const SourceLocation& where, std::string message) {
  return add(Severity::error, where, std::move(message));
}

Diagnostic& DiagnosticEngine::warning(const SourceLocation& where, std::string message) {
  return add(Severity::warning, where, std::move(message));
}

namespace {

const char* severityName(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::note:
      return "note";
  }
  return "error";
}

void renderOne(std::string& out, const Diagnostic& diagnostic, const SourceManager& sources) {
  const SourceLocation& where = diagnostic.location;
  if (where.valid()) {
    out += fmt::format("{}:{}:{}: ", where.file, where.line, where.column);
  } else if (!where.file.empty()) {
    out += fmt::format("{}: ", where.file);
  } else {
    out += "lsmc: ";
  }
  out += fmt::format("{}: {}\n", severityName(diagnostic.severity), diagnostic.message);
  if (!where.valid()) return;
  std::string_view line = sources.line(where.file, where.line);
  if (line.empty()) return;
  out += fmt::format("  {}\n  ", line);
  // Columns count characters (UTF-8 code points), as the parser does. Tabs are kept so the
  // caret lines up under tab-indented text.
  int characters = 0;
  for (std::size_t k = 0; k < line.size() && characters < where.column - 1; ++k) {
    auto byte = static_cast<unsigned char>(line[k]);
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte of a multi-byte character
    out += byte == '\t' ? '\t' : ' ';
    ++characters;
  }
  out += "^\n";
}

}  // namespace

std::string renderDiagnostic(const Diagnostic& diagnostic, const SourceManager& sources) {
  std::string out;
  renderOne(out, diagnostic, sources);
  for (const Diagnostic& note : diagnostic.notes) renderOne(out, note, sources);
  return out;
}

std::string renderDiagnostics(const DiagnosticEngine& engine, const SourceManager& sources) {
  std::string out;
  for (const Diagnostic& diagnostic : engine.diagnostics()) {
    out += renderDiagnostic(diagnostic, sources);
  }
  if (engine.droppedErrors() > 0) {
    out += fmt::format("lsmc: note: {} more error{} not shown\n", engine.droppedErrors(),
                       engine.droppedErrors() == 1 ? "" : "s");
  }
  return out;
}

}  // namespace lsm
