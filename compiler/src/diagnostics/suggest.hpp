// "did you mean ...?" for unknown names.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lsm {

// The candidate nearest to `name` by edit distance, if it is near enough to be a likely typo.
std::optional<std::string> nearestName(const std::string& name,
                                       const std::vector<std::string>& candidates);
// "; did you mean 'x'?" or "".
std::string didYouMean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace lsm
