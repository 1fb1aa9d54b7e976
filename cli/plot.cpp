#include "plot.hpp"

#include <cairo-svg.h>
#include <cairo.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

#include "dot_coverage.hpp"
#include "polyline.hpp"

namespace lsm::cli {

namespace {

constexpr double panelHeight = 300;
constexpr double left = 95, right = 30, top = 45, bottom = 60;

struct Range {
  double low = 0, high = 1;
};

Range rangeOf(const Panel& panel, bool xAxis) {
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (const Series& s : panel.series) {
    for (double v : xAxis ? s.x : s.y) {
      if (!std::isfinite(v)) continue;
      low = std::min(low, v);
      high = std::max(high, v);
    }
  }
  if (!(low <= high)) return {0, 1};
  if (low == high)
    return {low - 0.5 * std::max(1.0, std::abs(low)), high + 0.5 * std::max(1.0, std::abs(high))};
  return {low, high};
}

// Ticks at 1, 2 or 5 times a power of ten, about five over the range.
std::vector<double> ticks(Range r) {
  double span = r.high - r.low;
  double step = std::pow(10.0, std::floor(std::log10(span / 5)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (span / (m * step) <= 6) {
      step *= m;
      break;
    }
  }
  std::vector<double> out;
  for (double t = std::ceil(r.low / step) * step; t <= r.high + 1e-9 * span; t += step) {
    out.push_back(std::abs(t) < 1e-12 * span ? 0.0 : t);
  }
  return out;
}

void text(cairo_t* cr, double x, double y, const std::string& s, double alignX) {
  cairo_text_extents_t extents;
  cairo_text_extents(cr, s.c_str(), &extents);
  cairo_move_to(cr, x - alignX * extents.width - extents.x_bearing, y);
  cairo_show_text(cr, s.c_str());
}

// A raster's dots: squares of this side; beyond maxVectorDots, one image of their coverage.
constexpr double dotSide = 1.6;
constexpr std::size_t maxVectorDots = 20000;

// Draws the dots in the current source colour through a mask of their coverage of the plot
// area (origin x0, y0; w x h pixels).
template <typename ToPixelX, typename ToPixelY>
void drawDotsAsImage(cairo_t* cr, const Series& s, ToPixelX px, ToPixelY py, double x0, double y0,
                     double w, double h) {
  const int width = static_cast<int>(std::ceil(w)), height = static_cast<int>(std::ceil(h));
  std::vector<double> x(s.x.size()), y(s.y.size());
  for (std::size_t n = 0; n < x.size(); ++n) x[n] = px(s.x[n]) - x0;
  for (std::size_t n = 0; n < y.size(); ++n) y[n] = py(s.y[n]) - y0;
  std::vector<float> coverage = dotCoverage(x, y, width, height, dotSide);
  cairo_surface_t* mask = cairo_image_surface_create(CAIRO_FORMAT_A8, width, height);
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> owner(mask,
                                                                           cairo_surface_destroy);
  if (cairo_surface_status(mask) != CAIRO_STATUS_SUCCESS) return;  // drawPanels reports it
  cairo_surface_flush(mask);
  unsigned char* data = cairo_image_surface_get_data(mask);
  const int stride = cairo_image_surface_get_stride(mask);
  for (int r = 0; r < height; ++r) {
    for (int c = 0; c < width; ++c) {
      float value = coverage[static_cast<std::size_t>(r) * static_cast<std::size_t>(width) +
                             static_cast<std::size_t>(c)];
      data[static_cast<std::size_t>(r) * static_cast<std::size_t>(stride) +
           static_cast<std::size_t>(c)] = static_cast<unsigned char>(std::lround(value * 255));
    }
  }
  cairo_surface_mark_dirty(mask);
  cairo_mask_surface(cr, mask, x0, y0);
}

void drawPanel(cairo_t* cr, const Panel& panel, double y0, double width) {
  const double plotWidth = width - left - right, plotHeight = panelHeight - top - bottom;
  Range xr = panel.xMin < panel.xMax ? Range{panel.xMin, panel.xMax} : rangeOf(panel, true);
  Range yr = rangeOf(panel, false);
  auto px = [&](double v) { return left + (v - xr.low) / (xr.high - xr.low) * plotWidth; };
  auto py = [&](double v) {
    return y0 + top + plotHeight - (v - yr.low) / (yr.high - yr.low) * plotHeight;
  };
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 1);
  cairo_rectangle(cr, left, y0 + top, plotWidth, plotHeight);
  cairo_stroke(cr);
  cairo_set_font_size(cr, 14);
  for (double t : ticks(xr)) {
    cairo_move_to(cr, px(t), y0 + top + plotHeight);
    cairo_line_to(cr, px(t), y0 + top + plotHeight + 5);
    cairo_stroke(cr);
    text(cr, px(t), y0 + top + plotHeight + 22, fmt::format("{:g}", t), 0.5);
  }
  for (double t : ticks(yr)) {
    cairo_move_to(cr, left, py(t));
    cairo_line_to(cr, left - 5, py(t));
    cairo_stroke(cr);
    text(cr, left - 9, py(t) + 5, fmt::format("{:g}", t), 1.0);
  }
  text(cr, left + plotWidth / 2, y0 + panelHeight - 14, panel.xLabel, 0.5);
  cairo_save(cr);
  cairo_translate(cr, 22, y0 + top + plotHeight / 2);
  cairo_rotate(cr, -M_PI / 2);
  text(cr, 0, 0, panel.yLabel, 0.5);
  cairo_restore(cr);
  cairo_set_font_size(cr, 16);
  text(cr, left + plotWidth / 2, y0 + 28, panel.title, 0.5);

  static const double colours[][3] = {{0.12, 0.47, 0.71}, {1.0, 0.5, 0.05},  {0.17, 0.63, 0.17},
                                      {0.84, 0.15, 0.16}, {0.58, 0.4, 0.74}, {0.55, 0.34, 0.29}};
  cairo_save(cr);
  cairo_rectangle(cr, left, y0 + top, plotWidth, plotHeight);
  cairo_clip(cr);
  for (std::size_t k = 0; k < panel.series.size(); ++k) {
    const Series& s = panel.series[k];
    const double* c = colours[k % 6];
    cairo_set_source_rgb(cr, c[0], c[1], c[2]);
    if (s.dots && s.x.size() > maxVectorDots) {
      drawDotsAsImage(cr, s, px, py, left, y0 + top, plotWidth, plotHeight);
      continue;
    }
    if (s.dots) {
      for (std::size_t n = 0; n < s.x.size(); ++n) {
        cairo_rectangle(cr, px(s.x[n]) - dotSide / 2, py(s.y[n]) - dotSide / 2, dotSide, dotSide);
      }
      cairo_fill(cr);
      continue;
    }
    cairo_set_line_width(cr, 1.2);
    // The points a line at this resolution shows (polyline.hpp), then those off the line
    // through their neighbours by more than a quarter pixel (as the Fig. 2 figure thins).
    Polyline line(s.x.size());
    for (std::size_t n = 0; n < s.x.size(); ++n) line[n] = {px(s.x[n]), py(s.y[n])};
    const Polyline kept = simplified(columnExtremes(line), 0.25);
    for (std::size_t n = 0; n < kept.size(); ++n) {
      if (n == 0)
        cairo_move_to(cr, kept[n].x, kept[n].y);
      else
        cairo_line_to(cr, kept[n].x, kept[n].y);
    }
    cairo_stroke(cr);
  }
  cairo_restore(cr);
  // A legend when several series share the panel.
  if (panel.series.size() > 1 && panel.series.size() <= 12) {
    cairo_set_font_size(cr, 12);
    for (std::size_t k = 0; k < panel.series.size(); ++k) {
      const double* c = colours[k % 6];
      double ly = y0 + top + 16 + 15 * static_cast<double>(k);
      cairo_set_source_rgb(cr, c[0], c[1], c[2]);
      cairo_rectangle(cr, left + plotWidth - 110, ly - 8, 14, 3);
      cairo_fill(cr);
      cairo_set_source_rgb(cr, 0, 0, 0);
      text(cr, left + plotWidth - 90, ly, panel.series[k].label, 0);
    }
  }
}

}  // namespace

void drawPanels(const std::vector<Panel>& panels, const std::string& path, double width) {
  bool svg = path.size() > 4 && path.substr(path.size() - 4) == ".svg";
  const double height = panelHeight * static_cast<double>(std::max<std::size_t>(panels.size(), 1));
  const std::string temporary = path + ".partial";
  cairo_surface_t* surface =
      svg ? cairo_svg_surface_create(temporary.c_str(), width, height)
          : cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(width),
                                       static_cast<int>(height));
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> owner(surface,
                                                                           cairo_surface_destroy);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  for (std::size_t k = 0; k < panels.size(); ++k) {
    drawPanel(cr, panels[k], panelHeight * static_cast<double>(k), width);
  }
  cairo_destroy(cr);
  cairo_status_t status = CAIRO_STATUS_SUCCESS;
  if (!svg) status = cairo_surface_write_to_png(surface, temporary.c_str());
  cairo_surface_finish(surface);  // an SVG is written out here
  if (svg) status = cairo_surface_status(surface);
  std::error_code error;
  if (status != CAIRO_STATUS_SUCCESS) {
    std::filesystem::remove(temporary, error);
    throw std::runtime_error(
        fmt::format("cannot write '{}': {}", path, cairo_status_to_string(status)));
  }
  std::filesystem::rename(temporary, path, error);
  if (error) throw std::runtime_error(fmt::format("cannot write '{}': {}", path, error.message()));
}

}  // namespace lsm::cli
