// The input distance of the separation experiment (Maass et al. 2002, the Brian2 example in
// ../shared/seed): both spike trains convolved with the Gaussian exp(-((t - s)/tau)^2) on the
// step grid t_k = k dt (k = 0 .. duration/dt - 1), the squared difference summed over the grid,
// times dt, divided by the duration.
#pragma once

#include <vector>

namespace lsm {

// The seed's distance of two spike trains (seconds, each sorted). Evaluated in closed form
// over pairs of spikes, which is exact to about 1e-14 relative (input_distance.cpp says how),
// and falls back to the sum over the grid where the closed form would lose digits: a kernel
// narrower than 16 steps, or trains so alike that the pair terms cancel.
double inputDistance(const std::vector<double>& u, const std::vector<double>& v, double tau,
                     double dt, double duration);

// The same distance as the sum over the grid (O(spikes * tau / dt + steps)): the definition
// itself, and what inputDistance is tested against.
double inputDistanceOnGrid(const std::vector<double>& u, const std::vector<double>& v, double tau,
                           double dt, double duration);

}  // namespace lsm
