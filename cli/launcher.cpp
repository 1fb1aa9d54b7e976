// lsmc: the executable. It answers `lsmc --version` itself and loads the command line proper
// (main.cpp and the rest of cli/, liblsmc_commands.so) for everything else. The commands link
// the compiler, hence LLVM, whose 311 000 relocations and static constructors take 15-25 ms
// to load (LD_DEBUG=statistics, perf -e cpu-clock); the launcher needs only the C library.
#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "lsm/version.hpp"

namespace {

// The directory of this executable (symbolic links resolved).
std::string executableDirectory() {
  char path[4096];
  const ssize_t length = readlink("/proc/self/exe", path, sizeof path - 1);
  if (length <= 0) return ".";
  path[length] = '\0';
  const char* slash = std::strrchr(path, '/');
  return slash == nullptr ? std::string(".")
                          : std::string(path, static_cast<std::size_t>(slash - path));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "--version") == 0) {
    std::printf("lsmc %s\n", lsm::version);
    return 0;
  }
  // Next to the executable in the build tree, in the library directory once installed.
  const std::string directory = executableDirectory();
  std::string reasons;
  for (const char* place : {"/", "/" LSMC_COMMANDS_FROM_BINDIR "/"}) {
    const std::string path = directory + place + "liblsmc_commands.so";
    // RTLD_GLOBAL: the JIT resolves the runtime's symbols in the process, as it did when the
    // executable linked them.
    if (void* commands = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL)) {
      using Entry = int (*)(int, char**);
      if (auto entry = reinterpret_cast<Entry>(dlsym(commands, "lsmcMain")))
        return entry(argc, argv);
      std::fprintf(stderr, "lsmc: internal error: %s has no lsmcMain\n", path.c_str());
      return 3;
    }
    reasons += std::string("\n  ") + dlerror();
  }
  std::fprintf(stderr, "lsmc: internal error: cannot load the commands:%s\n", reasons.c_str());
  return 3;
}
