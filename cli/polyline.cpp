#include "polyline.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace lsm::cli {

std::vector<Polyline> dashes(const Polyline& line, const std::vector<double>& pattern) {
  if (pattern.empty() || line.size() < 2) return {line};
  double period = 0;
  for (double length : pattern) period += length;
  if (!(period > 0)) return {line};
  std::vector<Polyline> out;
  std::size_t part = 0;         // the pattern entry being laid: even ones are dashes
  double left = pattern[0];     // of its length, what is still to lay
  Polyline dash{line.front()};  // the dash being laid (when part is even)
  for (std::size_t k = 1; k < line.size(); ++k) {
    Point from = line[k - 1];
    const Point to = line[k];
    double length = std::hypot(to.x - from.x, to.y - from.y);
    // Each change of pattern entry on this segment, at the point it falls on.
    while (length >= left) {
      const double share = left / length;
      const Point at{from.x + share * (to.x - from.x), from.y + share * (to.y - from.y)};
      length -= left;
      from = at;
      if (part % 2 == 0) {
        dash.push_back(at);
        out.push_back(std::move(dash));
        dash.clear();
      } else {
        dash = {at};
      }
      part = (part + 1) % pattern.size();
      left = pattern[part];
    }
    left -= length;
    // (A change of entry right at `to` has put it in the dash already.)
    if (part % 2 == 0 && length > 0) dash.push_back(to);
  }
  if (part % 2 == 0 && dash.size() >= 2) out.push_back(std::move(dash));
  return out;
}

Polyline simplified(const Polyline& line, double tolerance) {
  if (line.size() < 3) return line;
  std::vector<bool> keep(line.size(), false);
  keep.front() = keep.back() = true;
  // Douglas–Peucker with a stack of spans instead of recursion (5000 points nest deeply).
  std::vector<std::pair<std::size_t, std::size_t>> spans{{0, line.size() - 1}};
  while (!spans.empty()) {
    const auto [first, last] = spans.back();
    spans.pop_back();
    const Point a = line[first], b = line[last];
    const double dx = b.x - a.x, dy = b.y - a.y, chord = std::hypot(dx, dy);
    double farthest = -1;
    std::size_t at = first;
    for (std::size_t k = first + 1; k < last; ++k) {
      // Distance to the chord as a segment (a point past its ends is as far as from them).
      const double ex = line[k].x - a.x, ey = line[k].y - a.y;
      const double along =
          chord > 0 ? std::clamp((ex * dx + ey * dy) / (chord * chord), 0.0, 1.0) : 0.0;
      const double distance = std::hypot(ex - along * dx, ey - along * dy);
      if (distance > farthest) {
        farthest = distance;
        at = k;
      }
    }
    if (farthest > tolerance) {
      keep[at] = true;
      if (at - first > 1) spans.emplace_back(first, at);
      if (last - at > 1) spans.emplace_back(at, last);
    }
  }
  Polyline out;
  for (std::size_t k = 0; k < line.size(); ++k)
    if (keep[k]) out.push_back(line[k]);
  return out;
}

Polyline columnExtremes(const Polyline& line) {
  Polyline out;
  std::size_t begin = 0;
  while (begin < line.size()) {
    const double column = std::floor(line[begin].x);
    std::size_t end = begin + 1, lowest = begin, highest = begin;
    for (; end < line.size() && std::floor(line[end].x) == column; ++end) {
      if (line[end].y < line[lowest].y) lowest = end;
      if (line[end].y > line[highest].y) highest = end;
    }
    // In the order of the line: the first, the extremes as they come, the last.
    std::size_t kept[] = {begin, std::min(lowest, highest), std::max(lowest, highest), end - 1};
    for (std::size_t k = 0; k < 4; ++k)
      if (k == 0 || kept[k] != kept[k - 1]) out.push_back(line[kept[k]]);
    begin = end;
  }
  return out;
}

}  // namespace lsm::cli
