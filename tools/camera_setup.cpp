#include "tools/camera_setup.h"

#include <sstream>

#include "camera/source_spec.h"
#include "camera/synthetic_source.h"
#include "tools/model_prep/marker_model.h"

namespace runform::tools {
namespace {

std::vector<double> parse_numbers(const std::string& text, std::size_t count, const std::string& what) {
  std::vector<double> values;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    try {
      std::size_t used = 0;
      values.push_back(std::stod(item, &used));
      if (used != item.size()) throw std::invalid_argument(item);
    } catch (const std::exception&) {
      throw std::invalid_argument(what + " expects " + std::to_string(count) + " comma-separated numbers, got '" + text + "'");
    }
  }
  if (values.size() != count) {
    throw std::invalid_argument(what + " expects " + std::to_string(count) + " comma-separated numbers, got '" + text + "'");
  }
  return values;
}

}  // namespace

cv::Rect2d parse_zone(const std::string& text) {
  const auto v = parse_numbers(text, 4, "--zone");
  if (v[2] <= 0 || v[3] <= 0) throw std::invalid_argument("--zone width and height must be positive");
  return {v[0], v[1], v[2], v[3]};
}

camera::RailLine parse_rail(const std::string& text) {
  const auto v = parse_numbers(text, 4, "--rail");
  return {{v[0], v[1]}, {v[2], v[3]}};
}

std::filesystem::path generate_model(const ManifestEntry& entry, const std::filesystem::path& models_dir) {
  if (entry.source != "generated" || entry.spec.name != "synthetic-markers") {
    throw ManifestError("model '" + entry.spec.name + "' is not one RunForm can generate");
  }
  std::filesystem::create_directories(models_dir);
  const std::filesystem::path path = models_dir / entry.file;
  write_marker_model(path);
  return path;
}

camera::ModelSpec resolve_model(const ModelChoice& choice) {
  const std::vector<ManifestEntry> entries = load_model_manifest(choice.manifest);
  const ManifestEntry& entry = find_model(entries, choice.name);
  camera::ModelSpec spec = spec_in(entry, choice.models_dir);
  if (std::filesystem::exists(spec.path)) return spec;
  if (entry.source == "generated") {
    generate_model(entry, choice.models_dir);
    return spec;
  }
  const std::filesystem::path downloaded = choice.models_dir / entry.file;
  if (!entry.prepared_file.empty() && std::filesystem::exists(downloaded)) {
    throw camera::ModelError("model '" + entry.spec.name + "' is downloaded but not prepared for OpenCV: run `runform prepare-model " +
                             entry.spec.name + "`");
  }
  throw camera::ModelError("model '" + entry.spec.name + "' is not installed in " + choice.models_dir.string() +
                           ": run `deploy/fetch-models.sh " + entry.spec.name + "`" +
                           (entry.prepared_file.empty() ? "" : " then `runform prepare-model " + entry.spec.name + "`") +
                           " (or use --model synthetic-markers on synthetic video)");
}

station::ModelSetup station_model(const ModelChoice& choice) {
  const std::vector<ManifestEntry> entries = load_model_manifest(choice.manifest);
  const ManifestEntry& entry = find_model(entries, choice.name);
  station::ModelSetup setup;
  setup.spec = resolve_model(choice);
  setup.trained = entry.source != "generated";
  setup.install_hint = "run deploy/fetch-models.sh movenet-lightning, then `runform prepare-model movenet-lightning`";
  return setup;
}

CameraSetup open_camera_setup(const std::string& source_spec, const ModelChoice& model, const StationChoice& station,
                              double synthetic_duration_s) {
  CameraSetup setup;
  camera::SourceOptions options;
  options.synthetic_duration_s = synthetic_duration_s;
  setup.source = camera::open_frame_source(source_spec, options);
  setup.estimator = std::make_unique<camera::DnnPoseEstimator>(resolve_model(model));
  camera::StationLayout layout;
  if (const auto* synthetic = dynamic_cast<const camera::SyntheticSource*>(setup.source.get())) {
    layout = synthetic->station();
  }
  if (station.zone) layout.treadmill_zone = *station.zone;
  if (!station.rails.empty()) layout.rails = station.rails;
  setup.tracker = std::make_unique<camera::RunnerTracker>(layout, *setup.estimator);
  return setup;
}

}  // namespace runform::tools
