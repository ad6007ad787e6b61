// Where RunForm keeps pose models: $RUNFORM_MODELS when set, else the user's cache folder
// ($XDG_CACHE_HOME/runform/models, by default ~/.cache/runform/models). Never the folder the
// user happens to be in. deploy/fetch-models.sh uses the same rule.
#pragma once

#include <filesystem>

namespace runform::tools {

/// The models folder by the rule above (not created here).
std::filesystem::path default_models_dir();

}  // namespace runform::tools
