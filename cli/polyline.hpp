// Polylines for figures: dashes laid along a line, and lines thinned to the points a figure's
// resolution shows.
#pragma once

#include <vector>

namespace lsm::cli {

struct Point {
  double x = 0, y = 0;
};

using Polyline = std::vector<Point>;

// The dashes of `line` with the on/off lengths `pattern` (starting with "on", at offset 0),
// measured along the line as cairo's dashed stroker measures them; an empty pattern is one
// dash, the whole line.
std::vector<Polyline> dashes(const Polyline& line, const std::vector<double>& pattern);

// `line` without the points that lie within `tolerance` of the line through their neighbours
// kept (Douglas–Peucker): ends and every turn of more than the tolerance stay.
Polyline simplified(const Polyline& line, double tolerance);

// `line` (x in pixels, ascending) with, of each pixel column [k, k + 1), only its first, lowest,
// highest and last point, in their order: Jugel et al.'s M4 aggregation (VLDB 2014), whose
// line drawn at that resolution is the same pixels as the whole line's. Linear in the points,
// so that a long trace costs no more than its figure's width (100 000 steps of a state
// monitor otherwise made a 27 MB SVG).
Polyline columnExtremes(const Polyline& line);

}  // namespace lsm::cli
