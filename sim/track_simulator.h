// Runs the synthetic runner through a camera and a realistic estimator: the observed track
// (noise, drops, occlusion, rails, a passer-by) plus the ground truth.
#pragma once

#include <functional>
#include <vector>

#include "form/track_io.h"
#include "sim/ground_truth.h"
#include "sim/runner_params.h"

namespace runform::sim {

/// A finished simulation.
struct SimulatedSession {
  form::TrackHeader header;
  std::vector<form::PoseFrame> frames;  ///< observed frames (dropped ones are absent)
  GroundTruth truth;
};

/// Receives each observed frame as it is produced (to stream a long track to disk).
using FrameSink = std::function<void(const form::PoseFrame&)>;

/// Simulates a session, keeping every frame in memory. Throws std::invalid_argument on a bad spec.
SimulatedSession simulate(const SimulationSpec& spec);
/// Simulates a session, streaming observed frames to `sink`; returns the ground truth.
GroundTruth simulate(const SimulationSpec& spec, const FrameSink& sink);
/// The track header for a spec.
form::TrackHeader header_for(const SimulationSpec& spec);

}  // namespace runform::sim
