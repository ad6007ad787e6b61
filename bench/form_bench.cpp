// Form engine benchmarks (issue 2, acceptance 6):
//  - BM_EnginePerFrame: whole-engine cost per frame, target ≤ 20 µs.
//  - BM_EnginePerFrameSideViewOccluded: the same from the side with the far side occluded
//    (issue 9: the arm window fits both wrists over 12 strides at every stride).
//  - BM_AnalyzeSixtyMinuteTrack: `runform analyze` work on a 60-minute, 108,000-frame track
//    file (parse + engine + summary), target ≤ 2 s.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <fstream>
#include <sstream>
#include <vector>

#include "form/analysis.h"
#include "sim/track_simulator.h"

namespace {

using namespace runform;

const sim::SimulatedSession& session(double duration_s) {
  static std::map<double, sim::SimulatedSession> cache;
  auto it = cache.find(duration_s);
  if (it == cache.end()) {
    sim::SimulationSpec spec;
    spec.runner.duration_s = duration_s;
    spec.runner.fatigue = {{"shoulder_elevation_pct", 25.0, 0.3}};
    it = cache.emplace(duration_s, sim::simulate(spec)).first;
  }
  return it->second;
}

const sim::SimulatedSession& occluded_side_session() {
  static const sim::SimulatedSession kSession = [] {
    sim::SimulationSpec spec;
    spec.runner.duration_s = 120.0;
    spec.camera.view = form::View::kSide;
    spec.realism.far_confidence_min = 0.05;
    spec.realism.far_confidence_max = 0.4;
    return sim::simulate(spec);
  }();
  return kSession;
}

const form::CoachingCatalog& catalog() {
  static const form::CoachingCatalog kCatalog = form::load_coaching_catalog(RUNFORM_ASSETS_DIR);
  return kCatalog;
}

// Runs a fresh engine over the frames once per iteration.
void run_engine(benchmark::State& state, const std::vector<form::PoseFrame>& frames) {
  for (auto _ : state) {
    form::FormEngine engine({}, catalog().cues);
    for (const form::PoseFrame& f : frames) benchmark::DoNotOptimize(engine.process(f));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * frames.size()));
  // Per-frame cost = 1 / items_per_second; the frames counter makes the division easy to check.
  state.counters["frames_per_iteration"] = static_cast<double>(frames.size());
}

void BM_EnginePerFrame(benchmark::State& state) { run_engine(state, session(120.0).frames); }
BENCHMARK(BM_EnginePerFrame)->Unit(benchmark::kMillisecond);

void BM_EnginePerFrameSideViewOccluded(benchmark::State& state) { run_engine(state, occluded_side_session().frames); }
BENCHMARK(BM_EnginePerFrameSideViewOccluded)->Unit(benchmark::kMillisecond);

const std::string& sixty_minute_track() {
  static const std::string kText = [] {
    sim::SimulationSpec spec;
    spec.runner.duration_s = 3600.0;
    spec.realism.drop_fraction = 0.0;  // exactly 108,000 frames
    std::ostringstream out;
    form::write_header(out, sim::header_for(spec));
    sim::simulate(spec, [&](const form::PoseFrame& f) { form::write_frame(out, f); });
    return out.str();
  }();
  return kText;
}

void BM_AnalyzeSixtyMinuteTrack(benchmark::State& state) {
  const std::string& text = sixty_minute_track();
  std::size_t frames = 0;
  for (auto _ : state) {
    std::istringstream in(text);
    form::TrackReader reader(in);
    const form::AnalysisResult r = form::analyze_track(reader, {}, catalog());
    frames = r.frames;
    benchmark::DoNotOptimize(r.summary.scores.overall);
  }
  state.counters["frames"] = static_cast<double>(frames);
  state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
}
BENCHMARK(BM_AnalyzeSixtyMinuteTrack)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
