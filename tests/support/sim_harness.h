// Test helpers: simulate a runner, analyse the track in memory, compare with ground truth.
#pragma once

#include <string>

#include "form/analysis.h"
#include "sim/track_simulator.h"

namespace runform::testing {

/// The coaching catalog from the source tree's assets/.
const form::CoachingCatalog& catalog();

/// A spec with the acceptance realism: noise σ = 1.5% torso, 5% dropped frames.
sim::SimulationSpec realistic_spec(form::View view, double duration_s = 60.0, unsigned seed = 7);

/// A simulation and its analysis.
struct SimRun {
  sim::SimulatedSession session;
  form::AnalysisResult analysis;
  /// The session value of a metric (nullopt when not measurable).
  [[nodiscard]] std::optional<double> value(form::MetricId id) const;
  /// The not-measurable reason of a metric (empty when measurable).
  [[nodiscard]] std::string reason(form::MetricId id) const;
  /// True when the session flags the metric as a fault.
  [[nodiscard]] bool flagged(form::MetricId id) const;
  /// Faults as a comma-separated list of ids, for messages.
  [[nodiscard]] std::string faults_text() const;
};

/// Simulates and analyses. The header carries the true view unless header_view overrides it
/// (kAuto: the engine must detect the view).
SimRun simulate_and_analyze(const sim::SimulationSpec& spec, form::EngineConfig config = {},
                            std::optional<form::View> header_view = std::nullopt);

}  // namespace runform::testing
