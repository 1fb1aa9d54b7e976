// The exact propagator of a linear ODE system with constant coefficients over one step:
// for dX/dt = M X + B,  X(t+dt) = Phi X + Psi B  with  Phi = exp(M dt) and
// Psi = integral_0^dt exp(M s) ds  (= (exp(M dt) - I) M^-1 where M is invertible; defined,
// and computed, also where it is not).
#pragma once

#include <vector>

namespace lsm {

struct Propagator {
  int size = 0;
  std::vector<double> phi;  // row-major size x size
  std::vector<double> psi;
  double phiAt(int row, int column) const {
    return phi[static_cast<std::size_t>(row * size + column)];
  }
  double psiAt(int row, int column) const {
    return psi[static_cast<std::size_t>(row * size + column)];
  }
};

// `matrix` is M, row-major, size x size, in SI units. Accurate to a few units in the last
// place of every entry, also where eigenvalues coincide or nearly coincide (equal time
// constants) and where M is badly scaled (entries of 1e6 next to 1e-3): the exponential of
// the augmented matrix [[M, I], [0, 0]] dt (Van Loan) is evaluated in extended precision
// after an exact power-of-two balancing.
Propagator computePropagator(const std::vector<double>& matrix, int size, double dt);

}  // namespace lsm
