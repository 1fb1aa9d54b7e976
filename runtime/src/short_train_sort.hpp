// Sorting a Poisson train's times (poisson_train.cpp): most trains pair collection draws have
// about ten spikes, where a branch-free count of ranks beats std::sort.
#pragma once

#include <vector>

namespace lsm {

// Sorts ascending: the same times as std::sort.
void sortShortTrain(std::vector<double>& times);

}  // namespace lsm
