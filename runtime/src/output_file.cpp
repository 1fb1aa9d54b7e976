#include "lsm/output_file.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace lsm {

std::string temporaryPathFor(const std::string& path) {
  // Beside the target, so that the rename stays within one file system; the process id keeps
  // two runs writing the same file apart; the extension stays last, for writers that choose
  // the format by it.
  std::filesystem::path target(path);
  std::filesystem::path temporary = target;
  temporary.replace_filename(fmt::format("{}.partial-{}{}", target.stem().string(),
                                         static_cast<long>(getpid()), target.extension().string()));
  return temporary.string();
}

void replaceFile(const std::string& temporary, const std::string& path,
                 const std::string& failure) {
  if (failure.empty() && std::rename(temporary.c_str(), path.c_str()) == 0) return;
  std::string reason = failure.empty() ? std::strerror(errno) : failure;
  std::remove(temporary.c_str());
  throw OutputError(fmt::format("cannot write '{}': {}", path, reason));
}

void writeFileAtomically(const std::string& path, std::string_view contents) {
  const std::string temporary = temporaryPathFor(path);
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr)
    throw OutputError(fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
  std::string failure;
  if (std::fwrite(contents.data(), 1, contents.size(), file) != contents.size() ||
      std::fflush(file) != 0 || fsync(fileno(file)) != 0) {
    failure = std::strerror(errno);
  }
  // fclose reports what the last flush could not write.
  if (std::fclose(file) != 0 && failure.empty()) failure = std::strerror(errno);
  replaceFile(temporary, path, failure);
}

}  // namespace lsm
