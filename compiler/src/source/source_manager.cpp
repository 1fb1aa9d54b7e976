#include <fstream>
#include <sstream>

#include "lsm/source.hpp"

namespace lsm {

const std::string* SourceManager::load(const std::string& path) {
  if (auto found = files_.find(path); found != files_.end()) return found->second.get();
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return nullptr;
  auto& stored = files_[path];
  stored = std::make_unique<std::string>(buffer.str());
  return stored.get();
}

const std::string& SourceManager::add(const std::string& name, std::string text) {
  auto& stored = files_[name];
  stored = std::make_unique<std::string>(std::move(text));
  return *stored;
}

const std::string* SourceManager::text(const std::string& name) const {
  auto found = files_.find(name);
  return found == files_.end() ? nullptr : found->second.get();
}

std::string_view SourceManager::line(const std::string& name, int line) const {
  const std::string* text = this->text(name);
  if (text == nullptr || line < 1) return {};
  std::size_t begin = 0;
  for (int current = 1; current < line; ++current) {
    begin = text->find('\n', begin);
    if (begin == std::string::npos) return {};
    ++begin;
  }
  std::size_t end = text->find('\n', begin);
  if (end == std::string::npos) end = text->size();
  if (end > begin && (*text)[end - 1] == '\r') --end;
  return std::string_view(*text).substr(begin, end - begin);
}

}  // namespace lsm
