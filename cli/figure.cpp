#include "figure.hpp"

#include <cairo-svg.h>
#include <cairo.h>
#include <fmt/format.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include "ink_png.hpp"
#include "polyline.hpp"

namespace lsm::cli {

namespace {

// The seed's matplotlib figure: 5 x 5 inches, x 0-0.5 s, y 0-2.5, legend at the top centre,
// line styles dashed, dash-dot (8, 6, 1, 6), loosely dashed (5, 10), solid.
constexpr double width = 750, height = 750;  // 5 in at 150 dpi, as the seed saves it
constexpr double left = 110, right = 40, top = 40, bottom = 100;

// The curve's dash lengths in pixels (empty: solid).
std::vector<double> dashPattern(std::size_t curve) {
  const double scale = 150.0 / 72.0 * 1.5;  // matplotlib's dash units are line widths in points
  static const std::vector<std::vector<double>> patterns = {{3.7, 1.6}, {8, 6, 1, 6}, {5, 10}, {}};
  std::vector<double> dashes;
  for (double d : patterns[std::min(curve, patterns.size() - 1)]) dashes.push_back(d * scale);
  return dashes;
}

void dashFor(cairo_t* cr, std::size_t curve) {
  const std::vector<double> dashes = dashPattern(curve);
  cairo_set_dash(cr, dashes.data(), static_cast<int>(dashes.size()), 0);
}

// Points this close to the line through their neighbours kept are left out of a curve (of 5000
// steps, 8 per pixel column, jittering by about half a pixel): a quarter of a pixel keeps a fifth
// of the points, and at four times the figure's size the curves differ only in the tips of
// sub-pixel zigzags (cairo's time grows with the points: 5000 took 30 ms).
constexpr double thinning = 0.25;

// A curve as solid pieces: the dashes laid along all its points, as cairo would lay them (its
// jitter below a pixel adds to the length the dashes follow), then each dash thinned.
void addCurve(cairo_t* cr, const Polyline& curve, const std::vector<double>& pattern,
              bool eachDash) {
  for (const Polyline& dash : dashes(curve, pattern)) {
    const Polyline kept = simplified(dash, thinning);
    cairo_move_to(cr, kept.front().x, kept.front().y);
    for (std::size_t k = 1; k < kept.size(); ++k) cairo_line_to(cr, kept[k].x, kept[k].y);
    // On an image, each dash its own stroke: dashes do not overlap, and cairo's scan converter
    // slows with the edges of one polygon (all the dashes of a curve at once: 20% more time for
    // the PNG). In an SVG that would be a path element per dash (twice the file).
    if (eachDash) cairo_stroke(cr);
  }
  cairo_stroke(cr);
}

// `ink`: an alpha-only surface, where the page is what is left transparent.
void draw(cairo_t* cr, const SeparationResult& result, double dt, bool ink) {
  if (!ink) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
  }
  const double plotWidth = width - left - right, plotHeight = height - top - bottom;
  auto x = [&](double seconds) { return left + seconds / 0.5 * plotWidth; };
  auto y = [&](double value) { return top + plotHeight - value / 2.5 * plotHeight; };
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_select_font_face(cr, figureFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  // Axes and ticks.
  cairo_set_line_width(cr, 1.6);
  cairo_rectangle(cr, left, top, plotWidth, plotHeight);
  cairo_stroke(cr);
  cairo_set_font_size(cr, labelSize);
  auto centredText = [&](double cx, double cy, const std::string& text) {
    cairo_text_extents_t extents;
    cairo_text_extents(cr, text.c_str(), &extents);
    cairo_move_to(cr, cx - extents.width / 2 - extents.x_bearing, cy);
    cairo_show_text(cr, text.c_str());
  };
  for (int k = 0; k <= 5; ++k) {
    double t = 0.1 * k;
    cairo_move_to(cr, x(t), top + plotHeight);
    cairo_line_to(cr, x(t), top + plotHeight + 7);
    cairo_stroke(cr);
    centredText(x(t), top + plotHeight + 32, fmt::format("{:.1f}", t));
  }
  for (int k = 0; k <= 5; ++k) {
    double v = 0.5 * k;
    cairo_move_to(cr, left, y(v));
    cairo_line_to(cr, left - 7, y(v));
    cairo_stroke(cr);
    std::string label = fmt::format("{:.1f}", v);
    cairo_text_extents_t extents;
    cairo_text_extents(cr, label.c_str(), &extents);
    cairo_move_to(cr, left - 12 - extents.width - extents.x_bearing, y(v) + extents.height / 2);
    cairo_show_text(cr, label.c_str());
  }
  centredText(left + plotWidth / 2, height - 30, "time [sec]");
  cairo_save(cr);
  cairo_translate(cr, 35, top + plotHeight / 2);
  cairo_rotate(cr, -M_PI / 2);
  centredText(0, 0, "state distance");
  cairo_restore(cr);
  // Curves, clipped to the axes.
  cairo_save(cr);
  cairo_rectangle(cr, left, top, plotWidth, plotHeight);
  cairo_clip(cr);
  cairo_set_line_width(cr, 2.2);
  for (std::size_t c = 0; c < result.curves.size(); ++c) {
    const auto& mean = result.curves[c].mean;
    Polyline curve(mean.size());
    for (std::size_t k = 0; k < mean.size(); ++k)
      curve[k] = {x(static_cast<double>(k) * dt), y(mean[k])};
    if (curve.empty()) continue;
    addCurve(cr, curve, dashPattern(c), ink);
  }
  cairo_restore(cr);
  // Legend: upper centre, no frame, x-large.
  cairo_set_font_size(cr, legendSize);
  cairo_set_line_width(cr, 2.2);
  for (std::size_t c = 0; c < result.curves.size(); ++c) {
    double ly = top + 45 + 42 * static_cast<double>(c);
    double lx = left + plotWidth / 2 - 150;
    dashFor(cr, c);
    cairo_move_to(cr, lx, ly - 10);
    cairo_line_to(cr, lx + 60, ly - 10);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    cairo_move_to(cr, lx + 75, ly);
    cairo_show_text(cr, fmt::format("d(u,v)={}", result.curves[c].target).c_str());
  }
}

}  // namespace

void drawFigure2(const SeparationResult& result, double dt, const std::string& path) {
  bool svg = path.size() > 4 && path.substr(path.size() - 4) == ".svg";
  // The PNG drawn as ink alone (alpha), written as grey.
  cairo_surface_t* surface =
      svg ? cairo_svg_surface_create(path.c_str(), width, height)
          : cairo_image_surface_create(CAIRO_FORMAT_A8, static_cast<int>(width),
                                       static_cast<int>(height));
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> owner(surface,
                                                                           cairo_surface_destroy);
  cairo_t* cr = cairo_create(surface);
  draw(cr, result, dt, !svg);
  cairo_destroy(cr);
  if (svg) {
    // The SVG surface writes as it goes and flushes at finish: only then is its status final.
    cairo_surface_finish(surface);
    cairo_status_t status = cairo_surface_status(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
      throw std::runtime_error(fmt::format("cairo: {}", cairo_status_to_string(status)));
    }
  } else {
    cairo_status_t status = cairo_surface_status(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
      throw std::runtime_error(fmt::format("cairo: {}", cairo_status_to_string(status)));
    }
    writeInkPng(surface, path);
  }
}

}  // namespace lsm::cli
