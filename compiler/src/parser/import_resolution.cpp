#include "parser/import_resolution.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "parser/parser.hpp"

namespace lsm {

namespace {

namespace fs = std::filesystem;

template <typename T>
void append(std::vector<T>& to, std::vector<T>& from) {
  for (T& item : from) to.push_back(std::move(item));
}

void merge(ast::Module& into, ast::Module& from) {
  append(into.constants, from.constants);
  append(into.groups, from.groups);
  append(into.subgroups, from.subgroups);
  append(into.generators, from.generators);
  append(into.timedArrays, from.timedArrays);
  append(into.poissonInputs, from.poissonInputs);
  append(into.synapseModels, from.synapseModels);
  append(into.synapses, from.synapses);
  append(into.monitors, from.monitors);
  append(into.experiments, from.experiments);
}

class Loader {
 public:
  Loader(SourceManager& sources, DiagnosticEngine& diagnostics)
      : sources_(sources), diagnostics_(diagnostics) {}

  // Parses `text` and, recursively, what it imports; returns the merged module.
  // `key` identifies the file for cycle detection (its canonical path).
  std::optional<ast::Module> load(const std::string& name, const std::string& key,
                                  const std::string& text, const fs::path& directory) {
    auto parsed = parseModule(name, text, diagnostics_);
    if (!parsed) return std::nullopt;
    ast::Module merged;
    bool ok = true;
    stack_.push_back(key);
    done_.insert(key);
    for (const ast::Import& import : parsed->imports) {
      auto imported = loadImport(import, directory);
      if (!imported) {
        ok = false;
        continue;
      }
      merge(merged, *imported);
    }
    stack_.pop_back();
    merge(merged, *parsed);
    if (!ok) return std::nullopt;
    return merged;
  }

 private:
  std::optional<ast::Module> loadImport(const ast::Import& import, const fs::path& directory) {
    fs::path path = directory / import.path;
    std::error_code error;
    fs::path canonical = fs::weakly_canonical(path, error);
    std::string key = error ? path.string() : canonical.string();
    for (const std::string& open : stack_) {
      if (open == key) {
        diagnostics_.error(import.location,
                           fmt::format("import cycle: '{}' imports itself", import.path));
        return std::nullopt;
      }
    }
    if (done_.count(key) > 0) return ast::Module{};  // already imported elsewhere
    // Diagnostics name files as the user would reach them: relative paths stay relative.
    std::string shown = path.lexically_normal().string();
    const std::string* text = sources_.load(shown);
    if (text == nullptr || fs::is_directory(path)) {
      diagnostics_.error(
          import.location,
          fmt::format("cannot open imported file '{}' (looked for '{}')", import.path, shown));
      return std::nullopt;
    }
    return load(shown, key, *text, path.parent_path());
  }

  SourceManager& sources_;
  DiagnosticEngine& diagnostics_;
  std::vector<std::string> stack_;
  std::set<std::string> done_;
};

}  // namespace

std::optional<ast::Module> loadModel(const std::string& path, SourceManager& sources,
                                     DiagnosticEngine& diagnostics) {
  const std::string* text = sources.load(path);
  if (text == nullptr || std::filesystem::is_directory(path)) {
    diagnostics.error(SourceLocation{path, 0, 0}, "cannot open model file");
    return std::nullopt;
  }
  std::error_code error;
  fs::path canonical = fs::weakly_canonical(path, error);
  Loader loader(sources, diagnostics);
  return loader.load(path, error ? path : canonical.string(), *text, fs::path(path).parent_path());
}

std::optional<ast::Module> loadModelText(const std::string& name, const std::string& text,
                                         SourceManager& sources, DiagnosticEngine& diagnostics) {
  const std::string& stored = sources.add(name, text);
  Loader loader(sources, diagnostics);
  return loader.load(name, name, stored, fs::current_path());
}

}  // namespace lsm
