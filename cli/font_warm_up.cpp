#include "font_warm_up.hpp"

#include <cairo.h>

#include <system_error>

#include "figure.hpp"

namespace lsm::cli {

namespace {

// The figure's font at its sizes, with the characters its labels and legend use, drawn once on
// a small surface: cairo keeps the scaled fonts and their glyphs for the figure.
void warmUp() {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 64, 64);
  cairo_t* cr = cairo_create(surface);
  cairo_select_font_face(cr, figureFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  for (double size : {labelSize, legendSize}) {
    cairo_set_font_size(cr, size);
    cairo_move_to(cr, 0, 32);
    cairo_show_text(cr, "0123456789.,=()[] timesecstaedinuvd");
  }
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
}

}  // namespace

FontWarmUp::FontWarmUp() {
  try {
    thread_ = std::thread(warmUp);
  } catch (const std::system_error&) {
  }
}

}  // namespace lsm::cli
