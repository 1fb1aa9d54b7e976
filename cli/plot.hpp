// Figures of a run's monitors with cairo (PNG or SVG): panels stacked one above the other,
// each with a title, axes labelled with their units, and lines or dots.
#pragma once

#include <string>
#include <vector>

namespace lsm::cli {

struct Series {
  std::vector<double> x, y;
  bool dots = false;  // a raster: one dot per point, else a line through them
  std::string label;  // in the legend, when the panel has several series
};

struct Panel {
  std::string title;
  std::string xLabel, yLabel;  // with their units: "time (s)"
  std::vector<Series> series;
  double xMin = 0, xMax = 0;  // the x axis; xMin == xMax: the data's range
};

// Writes the panels to `path` (".svg" or ".png"), `width` pixels wide, through a temporary
// file; throws std::runtime_error with cairo's reason.
void drawPanels(const std::vector<Panel>& panels, const std::string& path, double width = 900);

}  // namespace lsm::cli
