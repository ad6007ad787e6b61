// A folder of still images (PNG, JPEG, BMP) played as video in file-name order.
#pragma once

#include <filesystem>
#include <vector>

#include "camera/frame_source.h"

namespace runform::camera {

class ImageFolderSource final : public FrameSource {
 public:
  /// Lists the folder. Throws SourceError when it is missing or holds no images.
  ImageFolderSource(const std::filesystem::path& folder, double fps);

  /// Reads the next image; throws SourceError naming an image that will not decode.
  ReadStatus read(CapturedFrame& out) override;
  [[nodiscard]] std::string describe() const override;
  [[nodiscard]] double fps() const override { return fps_; }
  [[nodiscard]] bool live() const override { return false; }
  [[nodiscard]] std::optional<long> frame_count() const override { return static_cast<long>(files_.size()); }

 private:
  std::filesystem::path folder_;
  double fps_;
  std::vector<std::filesystem::path> files_;
  std::size_t next_ = 0;
};

}  // namespace runform::camera
