#include "tools/demo_report.h"

#include "tools/demo_camera.h"
#include "tools/demo_hub.h"

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "form/cue_catalog.h"
#include "sim/track_simulator.h"
#include "tools/analysis_json.h"

namespace runform::tools {
namespace {

std::string score_bar(const std::optional<double>& score) {
  if (!score) return "  —   (not measurable in this view)";
  const auto filled = static_cast<int>(*score / 5.0 + 0.5);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%5.1f ", *score);
  return buf + std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(20 - filled), '.');
}

std::string clock(double t_s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%2d:%04.1f", static_cast<int>(t_s) / 60, t_s - 60.0 * (static_cast<int>(t_s) / 60));
  return buf;
}

}  // namespace

void write_report(const form::AnalysisResult& r, std::ostream& out) {
  const form::SessionSummary& s = r.summary;
  char line[256];
  out << "RunForm session — " << form::to_string(s.view) << " view, " << s.strides << " strides, "
      << static_cast<int>(s.running_s) << " s running\n\n";
  out << "Scores\n";
  out << "  head       " << score_bar(s.scores.head) << "\n";
  out << "  shoulders  " << score_bar(s.scores.shoulders) << "\n";
  out << "  arms       " << score_bar(s.scores.arms) << "\n";
  out << "  overall    " << score_bar(s.scores.overall) << "\n\n";
  out << "Metrics\n";
  for (const form::MetricInfo& mi : form::metric_catalog()) {
    const form::MetricValue& v = s.metrics[form::index(mi.id)];
    const bool fault = std::find(s.faults.begin(), s.faults.end(), mi.id) != s.faults.end();
    if (v.value) {
      std::snprintf(line, sizeof line, "  %-26s %9.3f %-14s %s\n", std::string(mi.key).c_str(), *v.value,
                    std::string(v.unit.empty() ? mi.unit : v.unit).c_str(), fault ? "<- fault" : "");
    } else {
      std::snprintf(line, sizeof line, "  %-26s %9s (%s)\n", std::string(mi.key).c_str(), "—", std::string(v.reason).c_str());
    }
    out << line;
  }
  // The verdict: every fault with when it happened; every cue below is explained by one.
  out << "\nFaults\n";
  for (const form::FaultVerdict& v : s.fault_verdicts) {
    std::string spans;
    for (const form::TimeSpan& span : v.spans) spans += (spans.empty() ? "" : ", ") + clock(span.start_s) + "–" + clock(span.end_s);
    std::snprintf(line, sizeof line, "  %-26s %-15s %3.0f%% of running strides  %s\n", std::string(form::info(v.metric).key).c_str(),
                  std::string(form::to_string(v.basis)).c_str(), 100.0 * v.share, spans.c_str());
    out << line;
  }
  if (s.fault_verdicts.empty()) out << "  none\n";
  if (!s.holding_rails_spans.empty()) {
    std::string spans;
    for (const form::TimeSpan& span : s.holding_rails_spans) spans += (spans.empty() ? "" : ", ") + clock(span.start_s) + "–" + clock(span.end_s);
    std::snprintf(line, sizeof line, "  Hands on the rails for %.0f s (%s): not scored\n", s.holding_rails_s, spans.c_str());
    out << line;
  }
  out << "\nFatigue drift (first fifth → last fifth)\n";
  bool any_drift = false;
  for (const form::Drift& d : s.drift) {
    if (!d.flagged) continue;
    any_drift = true;
    out << "  ! " << d.message << "\n";
  }
  if (!any_drift) out << "  none beyond thresholds\n";
  out << "\nCues shown\n";
  for (const form::CueEvent& c : r.cues) out << "  " << clock(c.t_s) << "  " << c.text << "\n";
  if (r.cues.empty()) out << "  none\n";
  out << "\nWorst moments\n";
  for (const form::WorstMoment& w : s.worst_moments) {
    std::snprintf(line, sizeof line, "  %s  overall %5.1f  (%s)\n", clock(w.t_s).c_str(), w.overall_score,
                  std::string(form::info(w.worst_metric).key).c_str());
    out << line;
  }
  out << "\nDrills\n";
  for (const form::DrillDef& d : s.drills) out << "  - " << d.title << " (" << d.dose << ")\n";
  if (s.drills.empty()) out << "  none needed — keep it up\n";
  out << "\nRecovery\n";
  for (const std::string& n : s.recovery_notes) out << "  - " << n << "\n";
  out << "\nCoaching guidance, not a diagnosis.\n";
}

sim::SimulationSpec demo_spec(const std::string& view) {
  // The embedded default: a 3-minute run by a runner whose shoulders creep up and whose
  // arms start to cross as they tire, with a hands-on-rails episode and a passer-by.
  sim::SimulationSpec spec;
  spec.camera.view = view == "side" ? form::View::kSide : form::View::kFront;
  spec.runner.duration_s = 180.0;
  spec.runner.fatigue = {{"shoulder_elevation_pct", 28.0, 0.3}, {"midline_crossing", 0.3, 0.4},
                         {"forward_head_deg", 12.0, 0.3}, {"elbow_angle_deg", 40.0, 0.4}};
  spec.realism.hands_on_rails = {{70.0, 76.0}};
  spec.realism.passerby = {{100.0, 100.8}};
  return spec;
}

int run_demo(const DemoOptions& o, std::ostream& out) {
  const sim::SimulationSpec spec = demo_spec(o.view);
  if (o.with_camera && run_demo_camera_leg(o.view, out) != 0) return 1;
  out << "Simulating a 180 s " << o.view << "-view run (no camera or model needed)…\n\n";
  const sim::SimulatedSession session = sim::simulate(spec);
  const form::CoachingCatalog catalog = form::load_coaching_catalog(o.assets);
  form::EngineConfig config;
  const form::AnalysisResult result = form::analyze_frames(session.header, session.frames, config, catalog);
  write_report(result, out);
  if (!o.json_out.empty()) {
    std::ofstream json_file(o.json_out);
    json_file << analysis_json(result).dump(2) << "\n";
    out << "\nFull analysis JSON: " << o.json_out << "\n";
  }
  if (!o.with_hub) return 0;
  return run_demo_hub_leg(session.header, session.frames, catalog, out);
}

}  // namespace runform::tools
