#include "ui/screenshot.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

namespace runform::ui {

void save_png(const RgbImage& image, const std::filesystem::path& file) {
  if (image.width <= 0 || image.height <= 0) {
    throw std::runtime_error("no pixels to save for " + file.string() + " (a headless run has no screen)");
  }
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  const cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.rgb.data()));
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  if (!cv::imwrite(file.string(), bgr)) {
    throw std::runtime_error("cannot write screenshot " + file.string() + ": check the folder is writable");
  }
}

}  // namespace runform::ui
