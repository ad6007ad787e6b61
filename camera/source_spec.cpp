#include "camera/source_spec.h"

#include <algorithm>
#include <filesystem>

#include "camera/image_folder_source.h"
#include "camera/reconnecting_source.h"
#include "camera/synthetic_source.h"

namespace runform::camera {
namespace {

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

SourceKind classify_source(const std::string& spec) {
  if (starts_with(spec, "synthetic")) return SourceKind::kSynthetic;
  if (starts_with(spec, "rtsp://") || starts_with(spec, "rtsps://") || starts_with(spec, "http://") ||
      starts_with(spec, "https://")) {
    return SourceKind::kStream;
  }
  if (is_device_index(spec) || starts_with(spec, "/dev/video")) return SourceKind::kCamera;
  std::error_code ec;
  if (std::filesystem::is_directory(spec, ec)) return SourceKind::kImageFolder;
  return SourceKind::kVideoFile;
}

std::unique_ptr<FrameSource> open_frame_source(const std::string& spec, const SourceOptions& options) {
  switch (classify_source(spec)) {
    case SourceKind::kSynthetic: {
      sim::SimulationSpec sim_spec;
      const std::string view = spec.size() > 10 ? spec.substr(10) : "front";
      if (view != "front" && view != "side") throw SourceError("synthetic view must be front or side, got '" + view + "'");
      sim_spec.camera.view = view == "side" ? form::View::kSide : form::View::kFront;
      // At least the standing calibration plus a few strides; somebody walks past half-way.
      const double duration_s = std::max(options.synthetic_duration_s, sim_spec.runner.standing_s + 6.0);
      sim_spec.runner.duration_s = duration_s;
      sim_spec.realism.passerby = {{duration_s * 0.5, duration_s * 0.5 + 4.0}};
      sim::RenderOptions render;
      render.style.markers = options.synthetic_markers;
      return std::make_unique<SyntheticSource>(sim_spec, render, true);
    }
    case SourceKind::kCamera: {
      CameraOptions camera = options.camera;
      camera.device = spec;
      return std::make_unique<ReconnectingSource>("camera " + spec,
                                                  [camera] { return VideoCaptureSource::open_camera(camera); });
    }
    case SourceKind::kStream:
      return std::make_unique<ReconnectingSource>("stream " + spec, [spec] { return VideoCaptureSource::open_stream(spec); });
    case SourceKind::kImageFolder:
      return std::make_unique<ImageFolderSource>(spec, options.image_folder_fps);
    case SourceKind::kVideoFile:
      return VideoCaptureSource::open_file(spec);
  }
  throw SourceError("unrecognised source " + spec);
}

}  // namespace runform::camera
