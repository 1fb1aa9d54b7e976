// Cheap bounds on the input distance (lsm/input_distance.hpp), for pair collection: nearly all
// candidate pairs lie far from every target distance, and the bounds prove it at a third of the
// exact value's cost (no edge terms: an erfc and Hermite polynomials per pair of spikes near the
// grid's ends; fewer pairs; four of them an instruction).
#pragma once

#include <vector>

namespace lsm {

struct DistanceInterval {
  double lower, upper;
};

class InputDistanceBounds {
 public:
  // The kernel's tau, the step and the duration, as inputDistance takes them.
  InputDistanceBounds(double tau, double dt, double duration);

  // Both the seed's distance of (u, v) and what inputDistance returns lie in the interval;
  // with no bound known (a kernel narrower than the closed form's, unsorted or long trains) it
  // is [-infinity, +infinity].
  DistanceInterval operator()(const std::vector<double>& u, const std::vector<double>& v) const;

  // What every candidate's bounds share, in steps: the grid's points, s = tau / (2 dt), the
  // reaches of pairs and of the ends, the Gaussian's full sum and a unit's distance.
  struct Grid {
    bool known;
    double perStep, points, s;
    double pairReach, pairScale, edge, farNorm, full, perUnit;
  };

 private:
  Grid grid_;
};

}  // namespace lsm
