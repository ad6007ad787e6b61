// What `runform analyze --video` and `runform record` share: a frame source, the chosen pose
// model from the manifest, and a runner tracker for the station.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "camera/dnn_pose_estimator.h"
#include "camera/frame_source.h"
#include "camera/runner_tracker.h"
#include "station/station.h"
#include "tools/model_manifest.h"

namespace runform::tools {

/// Where models live and which one to run.
struct ModelChoice {
  std::string name = "synthetic-markers";
  std::filesystem::path manifest;    ///< assets/models/manifest.toml
  std::filesystem::path models_dir;  ///< $RUNFORM_MODELS or ./models
};

/// The station, when the source does not know it (a synthetic source does).
struct StationChoice {
  std::optional<cv::Rect2d> zone;       ///< image px; default: the whole frame
  std::vector<camera::RailLine> rails;
};

/// A ready camera chain.
struct CameraSetup {
  std::unique_ptr<camera::FrameSource> source;
  std::unique_ptr<camera::DnnPoseEstimator> estimator;
  std::unique_ptr<camera::RunnerTracker> tracker;
};

/// Writes a generated manifest model (source = "generated") into `models_dir`; returns its path.
/// Throws ManifestError for an entry RunForm does not know how to generate.
std::filesystem::path generate_model(const ManifestEntry& entry, const std::filesystem::path& models_dir);

/// Loads the model: a generated model missing from the models folder is generated there first;
/// a downloadable one that is missing names the fetch and prepare commands to run.
camera::ModelSpec resolve_model(const ModelChoice& choice);
/// The model as a station takes it: resolved (generated when needed), whether it is a trained
/// model that sees people, and what to run to install one. Throws like resolve_model.
station::ModelSetup station_model(const ModelChoice& choice);
/// Opens the source (see camera/source_spec.h), the model and the tracker. Throws
/// camera::SourceError, camera::ModelError or ManifestError with a user-facing message.
CameraSetup open_camera_setup(const std::string& source_spec, const ModelChoice& model, const StationChoice& station,
                              double synthetic_duration_s = 60.0);
/// Parses "X,Y,W,H" (image px).
cv::Rect2d parse_zone(const std::string& text);
/// Parses "X1,Y1,X2,Y2" (image px).
camera::RailLine parse_rail(const std::string& text);

}  // namespace runform::tools
