#include "camera/image_folder_source.h"

#include <algorithm>
#include <cctype>
#include <opencv2/imgcodecs.hpp>

namespace runform::camera {
namespace {

bool is_image(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp";
}

}  // namespace

ImageFolderSource::ImageFolderSource(const std::filesystem::path& folder, double fps) : folder_(folder), fps_(fps) {
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) throw SourceError("image folder " + folder.string() + " does not exist");
  if (!(fps > 0.0)) throw SourceError("image folder " + folder.string() + ": the frame rate must be positive");
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (entry.is_regular_file() && is_image(entry.path())) files_.push_back(entry.path());
  }
  if (files_.empty()) throw SourceError("image folder " + folder.string() + " holds no .png, .jpg or .bmp images");
  std::sort(files_.begin(), files_.end());
}

std::string ImageFolderSource::describe() const {
  return "images " + folder_.string() + " (" + std::to_string(files_.size()) + " frames)";
}

ReadStatus ImageFolderSource::read(CapturedFrame& out) {
  if (next_ >= files_.size()) return ReadStatus::kEnd;
  out.bgr = cv::imread(files_[next_].string(), cv::IMREAD_COLOR);
  if (out.bgr.empty()) throw SourceError("image " + files_[next_].string() + " could not be decoded (corrupt?)");
  out.index = next_;
  out.t_s = static_cast<double>(next_) / fps_;
  out.truth.reset();
  ++next_;
  return ReadStatus::kFrame;
}

}  // namespace runform::camera
