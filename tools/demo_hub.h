// The demo's second half: the same simulated session goes kiosk → hub → coach, over real gRPC
// on loopback, into a temporary SQLite store, with a live watcher and a coach reading it back.
#pragma once

#include <ostream>
#include <vector>

#include "form/analysis.h"

namespace runform::tools {

/// Uploads the frames through an in-process hub and shows what a coach sees. Returns an exit code.
int run_demo_hub_leg(const form::TrackHeader& header, const std::vector<form::PoseFrame>& frames,
                     const form::CoachingCatalog& catalog, std::ostream& out);

}  // namespace runform::tools
