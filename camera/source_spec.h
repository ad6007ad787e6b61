// Opening a frame source from what a person types after --camera or --video:
//   0, /dev/video2        a V4L2 camera (reconnected with backoff when unplugged)
//   rtsp://…, http(s)://… a network stream (reconnected likewise)
//   a folder              its images in name order
//   synthetic[:front|:side] the rendered synthetic runner, paced like a camera
//   anything else         a video file
#pragma once

#include <memory>
#include <string>

#include "camera/frame_source.h"
#include "camera/video_capture_source.h"

namespace runform::camera {

/// Settings the spec string does not carry.
struct SourceOptions {
  CameraOptions camera;          ///< resolution, fps, exposure (device comes from the spec)
  double image_folder_fps = 30.0;
  double synthetic_duration_s = 60.0;
  /// The synthetic runner wears the marker suit: the model that needs no download
  /// (synthetic-markers) sees only markers.
  bool synthetic_markers = true;
};

/// What kind of source a spec names.
enum class SourceKind { kCamera, kStream, kImageFolder, kSynthetic, kVideoFile };

/// Classifies a spec without opening anything.
SourceKind classify_source(const std::string& spec);

/// Opens the source. Files and folders throw SourceError at once when missing or corrupt;
/// cameras and streams come back as a ReconnectingSource that keeps trying.
std::unique_ptr<FrameSource> open_frame_source(const std::string& spec, const SourceOptions& options = {});

}  // namespace runform::camera
