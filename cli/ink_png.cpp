#include "ink_png.hpp"

#include <fmt/format.h>
#include <png.h>
#include <zlib.h>

#include <cerrno>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

namespace lsm::cli {

namespace {

// libpng reports errors through a longjmp back to writeInkPng; the message waits here.
struct Failure {
  char message[256] = "";
};

void onError(png_structp png, png_const_charp message) {
  auto* failure = static_cast<Failure*>(png_get_error_ptr(png));
  std::snprintf(failure->message, sizeof failure->message, "%s", message);
  png_longjmp(png, 1);
}

void onWarning(png_structp, png_const_charp) {}

}  // namespace

void writeInkPng(cairo_surface_t* surface, const std::string& path) {
  cairo_surface_flush(surface);
  const int width = cairo_image_surface_get_width(surface);
  const int height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* alpha = cairo_image_surface_get_data(surface);
  std::unique_ptr<std::FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "wb"),
                                                          std::fclose);
  if (!file) throw std::runtime_error(std::strerror(errno));
  Failure failure;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &failure, onError, onWarning);
  png_infop info = png != nullptr ? png_create_info_struct(png) : nullptr;
  if (info == nullptr) {
    png_destroy_write_struct(&png, nullptr);
    throw std::runtime_error("libpng: out of memory");
  }
  std::vector<png_byte> row(static_cast<std::size_t>(width));
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    throw std::runtime_error(fmt::format("libpng: {}", failure.message));
  }
  png_init_io(png, file.get());
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8,
               PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  // Rows of white with a few lines: the previous row predicts most of a row, and zlib's run
  // lengths at its fastest level compress what is left about as well as its default level.
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
  png_set_compression_level(png, 1);
  png_set_compression_strategy(png, Z_RLE);
  png_write_info(png, info);
  for (int y = 0; y < height; ++y) {
    const unsigned char* line = alpha + static_cast<std::ptrdiff_t>(y) * stride;
    for (int x = 0; x < width; ++x) row[static_cast<std::size_t>(x)] = 255 - line[x];
    png_write_row(png, row.data());
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  std::FILE* written = file.release();
  if (std::ferror(written) != 0 || std::fclose(written) != 0)
    throw std::runtime_error(fmt::format("error while writing: {}", std::strerror(errno)));
}

}  // namespace lsm::cli
