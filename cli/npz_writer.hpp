// numpy's .npz files (a zip of .npy arrays, as numpy.savez writes them), which
// `numpy.load` reads directly: the monitors' records of `lsmc run`. The zip container is
// Debian's libzip; the .npy format is numpy's version 1.0 (format.rst).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lsm::cli {

class NpzWriter {
 public:
  // One array `name` (numpy's name, without ".npy") of float64 or int64 values with `shape`
  // (row-major, C order); the values' count must be the shape's product.
  void add(const std::string& name, std::vector<double> values, std::vector<std::int64_t> shape);
  void add(const std::string& name, std::vector<std::int64_t> values,
           std::vector<std::int64_t> shape);
  // Writes the arrays to `path` (through a temporary file renamed at the end, so a failure
  // leaves no partial file); throws std::runtime_error with libzip's reason.
  void write(const std::string& path) const;

 private:
  struct Array {
    std::string name;
    std::string bytes;  // the whole .npy file
    bool deflated;
  };
  std::vector<Array> arrays_;
};

// The .npy file of an array: header and little-endian values.
std::string npyFile(const char* descr, const std::vector<std::int64_t>& shape, const void* data,
                    std::size_t bytes);

}  // namespace lsm::cli
