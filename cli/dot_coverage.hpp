// Rasters with many dots as pixel coverage: a raster of a large network has more dots than
// its plot has pixels (360 000 spikes on 775 x 195 pixels), and drawing each as a vector
// square made an SVG of 34 MB and seconds of cairo. The dots are summed into one image of
// the plot area instead, which cairo draws as a mask in PNG and SVG alike.
#pragma once

#include <cstdint>
#include <vector>

namespace lsm::cli {

// Each dot is a square of side `side` centred on (x[k], y[k]) in pixel coordinates of an
// image `width` x `height` pixels; the result holds, per pixel (row-major), how much of it
// the squares cover, summed and clamped to 1. Squares outside the image are cut off.
std::vector<float> dotCoverage(const std::vector<double>& x, const std::vector<double>& y,
                               int width, int height, double side);

}  // namespace lsm::cli
