#include "diagnostics/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace lsm {

namespace {

// Names longer than this get no suggestion: a typo in a name of hundreds of characters is not
// what a suggestion can help with, and the distance costs the product of the lengths.
constexpr std::size_t maxSuggestedLength = 100;

// Edit distance with transpositions (optimal string alignment), counting a change of case
// at half cost, in half steps (to stay integral). Stops early, returning more than `bound`,
// once every alignment costs more than `bound`.
std::size_t editDistance(const std::string& a, const std::string& b, std::size_t bound) {
  std::vector<std::size_t> beforePrevious(b.size() + 1), previous(b.size() + 1),
      current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = 2 * j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = 2 * i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t substitution = 0;
      if (a[i - 1] != b[j - 1]) {
        substitution = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                               std::tolower(static_cast<unsigned char>(b[j - 1]))
                           ? 1
                           : 2;
      }
      current[j] = std::min({previous[j] + 2, current[j - 1] + 2, previous[j - 1] + substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], beforePrevious[j - 2] + 2);
      }
    }
    beforePrevious = previous;
    std::swap(previous, current);
    // A row's minimum never decreases from one row to the next but one (a transposition
    // reaches back two rows), so two rows over the bound end the search.
    if (std::min(*std::min_element(previous.begin(), previous.end()),
                 *std::min_element(beforePrevious.begin(), beforePrevious.end())) > bound) {
      return bound + 1;
    }
  }
  return previous[b.size()];  // in half steps
}

}  // namespace

std::optional<std::string> nearestName(const std::string& name,
                                       const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  if (name.size() > maxSuggestedLength) return best;
  // In half steps: up to one edit per three characters (at least one) is a likely typo.
  std::size_t bestDistance = 2 * std::max<std::size_t>(1, (name.size() + 2) / 3) + 1;
  for (const std::string& candidate : candidates) {
    if (candidate == name || candidate.size() > maxSuggestedLength) continue;
    // Each character of length difference costs a whole edit.
    std::size_t lengths = name.size() > candidate.size() ? name.size() - candidate.size()
                                                         : candidate.size() - name.size();
    if (2 * lengths >= bestDistance) continue;
    std::size_t distance = editDistance(name, candidate, bestDistance);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string didYouMean(const std::string& name, const std::vector<std::string>& candidates) {
  auto nearest = nearestName(name, candidates);
  return nearest ? "; did you mean '" + *nearest + "'?" : "";
}

}  // namespace lsm
