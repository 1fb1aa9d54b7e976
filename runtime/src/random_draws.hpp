// The model's random functions (uniform, normal, gamma, exponential, rand, randn,
// permutation) on counter-based streams: each call site of each object draws from its own
// stream, keyed by the element (and trial), so draws do not depend on evaluation order. A
// call site is named by where it stands in the model — object, block, the variable its
// statement assigns (and how many statements of the block assigned it before), its function
// and how many calls of it come before it in the statement — never by file, line or column:
// the same model under another path, or with comments and blank lines added, draws the same.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "lsm/ir.hpp"

namespace lsm {

class RandomDraws {
 public:
  RandomDraws(std::uint64_t seed, std::uint64_t trial) : seed_(seed), trial_(trial) {}

  // Names the random calls of a block of statements of `object` ("init", "trial_init", ...)
  // or of one expression of it (`target`: "p", "delay", ...). The statements must stay where
  // they are while draws are made from them.
  void name(const std::string& object, const std::string& block,
            const std::vector<ir::Statement>& statements);
  void name(const std::string& object, const std::string& block, const std::string& target,
            const ir::Expr& expression);

  // Names the random calls of `copy`, a copy of `original` (named before), as those of the
  // original: the copy draws the same numbers.
  void nameLike(const ir::Statement& copy, const ir::Statement& original);

  // One draw of `call` (with evaluated `arguments`) for `element`; `count` is the number of
  // elements (for permutation). std::logic_error for a call that was not named. Several
  // threads may draw at once (not while calls are being named).
  double draw(const ir::Expr& call, const std::vector<double>& arguments, std::int64_t element,
              std::int64_t count);

 private:
  // Names the random calls of `e` in prefix order: "<site>/<function>#<k>".
  void nameCalls(const std::string& site, const ir::Expr& e, std::map<ir::Builtin, int>& seen);
  void nameLike(const ir::Expr& copy, const ir::Expr& original);

  std::uint64_t seed_;
  std::uint64_t trial_;
  // A call site's name, and its hashPurpose: hashed once, not again for each element's stream
  // (a sixtieth of building CUBA at 256 000 neurons, for its `rand()` in the neurons' init).
  struct Site {
    std::string purpose;
    std::uint64_t hash;
  };
  std::map<const ir::Expr*, Site> sites_;
  std::map<std::string, std::vector<std::int64_t>> permutations_;  // drawn on first use
  std::mutex permutationsLock_;
};

}  // namespace lsm
