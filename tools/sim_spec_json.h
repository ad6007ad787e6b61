// Simulation specs and ground truth as JSON files, for `runform simulate`.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/ground_truth.h"
#include "sim/runner_params.h"

namespace runform::tools {

/// Applies a JSON spec ({"runner":{…},"camera":{…},"realism":{…}}) on top of `spec`.
/// Throws std::invalid_argument naming the offending key.
void apply_spec_json(const nlohmann::json& doc, sim::SimulationSpec& spec);
/// The ground truth document written next to a simulated track.
nlohmann::json truth_json(const sim::SimulationSpec& spec, const sim::GroundTruth& truth);
/// Parses "START-END" seconds into an interval; throws std::invalid_argument.
sim::Interval parse_interval(const std::string& text);

}  // namespace runform::tools
