// Screenshots: the backend's last frame written as a PNG (OpenCV's imwrite).
#pragma once

#include <filesystem>

#include "ui/backend.h"

namespace runform::ui {

/// Writes the image as a PNG, creating the folder. Throws std::runtime_error saying what failed.
void save_png(const RgbImage& image, const std::filesystem::path& file);

}  // namespace runform::ui
