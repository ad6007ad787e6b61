// The model manifest (assets/models/manifest.toml): which pose models RunForm knows, where
// they come from and how to run them. Turns an entry into the camera's ModelSpec.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "camera/dnn_pose_estimator.h"

namespace runform::tools {

/// A manifest that cannot be read; the message names the file, the model and the key.
class ManifestError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One [[model]] table.
struct ManifestEntry {
  camera::ModelSpec spec;          ///< how to run it (path not yet resolved)
  std::string source;              ///< "download" or "generated"
  std::string file;                ///< the downloaded or generated file name
  std::string prepared_file;       ///< what OpenCV loads after preparation (empty: `file` itself)
  std::string url;
  std::string sha256;
  std::string licence;
  std::vector<std::string> heads;  ///< MoveNet export tensors to cut at
};

/// Where the manifest lives in an assets folder.
std::filesystem::path manifest_path(const std::filesystem::path& assets_dir);

/// Parses manifest text; `origin` names it in errors.
std::vector<ManifestEntry> parse_model_manifest(std::string_view toml_text, const std::string& origin);
/// Reads a manifest file.
std::vector<ManifestEntry> load_model_manifest(const std::filesystem::path& path);
/// The entry called `name`; the error lists the names there are.
const ManifestEntry& find_model(const std::vector<ManifestEntry>& entries, const std::string& name);
/// The spec with its path in `models_dir`: the prepared file when the model needs preparation.
camera::ModelSpec spec_in(const ManifestEntry& entry, const std::filesystem::path& models_dir);

}  // namespace runform::tools
