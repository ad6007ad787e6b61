#include "tools/model_cache.h"

#include <cstdlib>

namespace runform::tools {

std::filesystem::path default_models_dir() {
  const auto env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v != nullptr ? v : "";
  };
  if (const std::string models = env("RUNFORM_MODELS"); !models.empty()) return models;
  if (const std::string cache = env("XDG_CACHE_HOME"); !cache.empty()) return std::filesystem::path(cache) / "runform" / "models";
  if (const std::string home = env("HOME"); !home.empty()) return std::filesystem::path(home) / ".cache" / "runform" / "models";
  // No home at all (a bare service account): the system's temporary folder, still not the cwd.
  return std::filesystem::temp_directory_path() / "runform" / "models";
}

}  // namespace runform::tools
