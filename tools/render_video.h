// `runform simulate --render OUT.mp4`: the synthetic runner drawn as a video clip, so the
// video path (`analyze --video`) can be tried and tested without a camera.
#pragma once

#include <functional>
#include <string>

#include "sim/runner_params.h"

namespace runform::tools {

/// Renders the spec to an mp4 (markers on unless `plain`); `progress(done, total)` as it goes.
/// Throws std::runtime_error when the file cannot be written.
void render_video(const sim::SimulationSpec& spec, bool plain, const std::string& path,
                  const std::function<void(long, long)>& progress = {});

}  // namespace runform::tools
