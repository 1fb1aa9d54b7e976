// PNG files of black-on-white drawings, written from an alpha-only (A8) cairo surface as 8-bit
// grey: a third of the pixels' bytes of RGB, and compressed for line art, not for size
// (cairo_surface_write_to_png, zlib's default level and libpng's adaptive filters, took three
// quarters of Fig. 2's PNG time).
#pragma once

#include <cairo.h>

#include <string>

namespace lsm::cli {

// The surface's alpha as ink: 255 - alpha per pixel. Throws std::runtime_error with the reason
// when the file cannot be written.
void writeInkPng(cairo_surface_t* surface, const std::string& path);

}  // namespace lsm::cli
