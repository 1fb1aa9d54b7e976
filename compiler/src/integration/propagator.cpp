#include "lsm/propagator.hpp"

#include <Eigen/Core>
#include <cmath>
#include <stdexcept>
#include <unsupported/Eigen/MatrixFunctions>

namespace lsm {

namespace {

using Matrix = Eigen::Matrix<long double, Eigen::Dynamic, Eigen::Dynamic>;

// Parlett–Reinsch balancing with powers of two (exact in floating point): finds D so that
// D^-1 A D has comparable row and column norms. Returns the diagonal of D.
Eigen::Matrix<long double, Eigen::Dynamic, 1> balance(Matrix& a) {
  const Eigen::Index n = a.rows();
  Eigen::Matrix<long double, Eigen::Dynamic, 1> scale =
      Eigen::Matrix<long double, Eigen::Dynamic, 1>::Ones(n);
  bool converged = false;
  for (int sweep = 0; sweep < 100 && !converged; ++sweep) {
    converged = true;
    for (Eigen::Index i = 0; i < n; ++i) {
      long double column = 0, row = 0;
      for (Eigen::Index k = 0; k < n; ++k) {
        if (k == i) continue;
        column += std::fabs(a(k, i));
        row += std::fabs(a(i, k));
      }
      if (column == 0 || row == 0) continue;
      long double factor = 1;
      long double sum = column + row;
      // Bounded: with finite entries each loop ends within the exponent range of a long
      // double; the bound guards what that argument assumes.
      for (int k = 0; k < 40000 && column < row / 2; ++k) {
        column *= 2;
        row /= 2;
        factor *= 2;
      }
      for (int k = 0; k < 40000 && column >= row * 2; ++k) {
        column /= 2;
        row *= 2;
        factor /= 2;
      }
      if ((column + row) < 0.95L * sum) {
        converged = false;
        scale(i) *= factor;
        a.col(i) *= factor;
        a.row(i) /= factor;
      }
    }
  }
  return scale;
}

}  // namespace

Propagator computePropagator(const std::vector<double>& matrix, int size, double dt) {
  if (size <= 0 || matrix.size() != static_cast<std::size_t>(size * size)) {
    throw std::invalid_argument("computePropagator: matrix size does not match");
  }
  // An infinite entry made the balancing loop forever (column and row stay infinite).
  for (double value : matrix) {
    if (!std::isfinite(value) || !std::isfinite(value * dt))
      throw std::invalid_argument("computePropagator: the matrix is not finite");
  }
  const Eigen::Index n = size;
  Matrix augmented = Matrix::Zero(2 * n, 2 * n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      augmented(i, j) = static_cast<long double>(matrix[static_cast<std::size_t>(i * n + j)]) * dt;
    }
    augmented(i, n + i) = dt;
  }
  auto scale = balance(augmented);
  Matrix exponential = augmented.exp();
  Propagator result;
  result.size = size;
  result.phi.resize(static_cast<std::size_t>(size * size));
  result.psi.resize(static_cast<std::size_t>(size * size));
  // Undo the balancing: exp(D^-1 A D) = D^-1 exp(A) D, so exp(A) = D exp(.) D^-1.
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      auto k = static_cast<std::size_t>(i * n + j);
      result.phi[k] = static_cast<double>(exponential(i, j) * scale(i) / scale(j));
      result.psi[k] = static_cast<double>(exponential(i, n + j) * scale(i) / scale(n + j));
    }
  }
  return result;
}

}  // namespace lsm
