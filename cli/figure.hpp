// Fig. 2 as the seed draws it: state distance over time, one black curve per input distance.
#pragma once

#include <string>

#include "lsm/separation_experiment.hpp"

namespace lsm::cli {

// The figure's font and its sizes (pixels): the axes' labels and the legend.
inline constexpr const char* figureFont = "DejaVu Sans";
inline constexpr double labelSize = 21, legendSize = 30;

// Writes `path` as PNG (".png") or SVG (".svg") with cairo; throws std::runtime_error with
// cairo's reason when it cannot.
void drawFigure2(const SeparationResult& result, double dt, const std::string& path);

}  // namespace lsm::cli
