#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "lsm/diagnostics.hpp"
#include "source/utf8.hpp"

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
  out += fmt::format("{}: {}\n", severityName(diagnostic.severity),
                     utf8::printable(diagnostic.message));
  if (!where.valid()) return;
  // Malformed bytes and control characters are shown as '?': a NUL would end the output.
  std::string line = utf8::printable(sources.line(where.file, where.line));
  if (line.empty()) return;
  // Columns count characters (UTF-8 code points), as the parser does: the byte offset of each.
  std::vector<std::size_t> starts;
  for (std::size_t k = 0; k < line.size(); ++k)
    if ((static_cast<unsigned char>(line[k]) & 0xC0) != 0x80) starts.push_back(k);
  // A long line is quoted as a window around the column, so a generated model's lines of
  // thousands of characters do not flood the terminal.
  constexpr std::size_t window = 160;
  const auto column = static_cast<std::size_t>(std::max(where.column, 1) - 1);
  std::size_t first = 0, last = starts.size();
  if (starts.size() > window) {
    first = column > window / 2 ? std::min(column - window / 2, starts.size() - window) : 0;
    last = first + window;
  }
  const std::string before = first > 0 ? "..." : "";
  std::size_t end = last < starts.size() ? starts[last] : line.size();
  out += fmt::format("  {}{}{}\n  {}", before, line.substr(starts[first], end - starts[first]),
                     last < starts.size() ? "..." : "", std::string(before.size(), ' '));
  // Tabs are kept so the caret lines up under tab-indented text.
  for (std::size_t c = first; c < column && c < last; ++c)
    out += line[starts[c]] == '\t' ? '\t' : ' ';
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
