#include "support/sim_harness.h"

#include <algorithm>

namespace runform::testing {

const form::CoachingCatalog& catalog() {
  static const form::CoachingCatalog kCatalog = form::load_coaching_catalog(RUNFORM_ASSETS_DIR);
  return kCatalog;
}

sim::SimulationSpec realistic_spec(form::View view, double duration_s, unsigned seed) {
  sim::SimulationSpec spec;
  spec.camera.view = view;
  spec.runner.duration_s = duration_s;
  spec.realism.noise_torso = 0.015;
  spec.realism.drop_fraction = 0.05;
  spec.realism.seed = seed;
  return spec;
}

std::optional<double> SimRun::value(form::MetricId id) const {
  return analysis.summary.metrics[form::index(id)].value;
}

std::string SimRun::reason(form::MetricId id) const {
  return std::string(analysis.summary.metrics[form::index(id)].reason);
}

bool SimRun::flagged(form::MetricId id) const {
  const auto& f = analysis.summary.faults;
  return std::find(f.begin(), f.end(), id) != f.end();
}

std::string SimRun::faults_text() const {
  std::string out;
  for (form::MetricId id : analysis.summary.faults) out += (out.empty() ? "" : ", ") + std::string(form::info(id).key);
  return out.empty() ? "(none)" : out;
}

SimRun simulate_and_analyze(const sim::SimulationSpec& spec, form::EngineConfig config,
                            std::optional<form::View> header_view) {
  SimRun run;
  run.session = sim::simulate(spec);
  if (header_view) run.session.header.view = *header_view;
  run.analysis = form::analyze_frames(run.session.header, run.session.frames, config, catalog());
  return run;
}

}  // namespace runform::testing
