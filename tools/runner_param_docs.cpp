#include "tools/runner_param_docs.h"

#include <array>
#include <cstdio>
#include <utility>

#include "common/cli_conventions.h"
#include "sim/runner_params.h"

namespace runform::tools {
namespace {

// Mirrors the field comments of sim/runner_params.h.
constexpr std::array<std::pair<std::string_view, RunnerParamDoc>, 22> kDocs{{
    {"height_cm", {"cm", "runner's standing height"}},
    {"cadence_spm", {"steps/min", "step rate"}},
    {"speed_mps", {"m/s", "belt speed: sets step length and so leg swing"}},
    {"arm_swing_deg", {"deg", "peak shoulder flexion/extension from neutral"}},
    {"elbow_angle_deg", {"deg", "mean shoulder-elbow-wrist angle while running"}},
    {"elbow_range_deg", {"deg", "elbow angle change within a stride"}},
    {"midline_crossing", {"shoulder widths", "how far the wrist passes the body midline (> 0 crosses)"}},
    {"lateral_excursion", {"shoulder widths", "wrist side-to-side range"}},
    {"shoulder_elevation_pct", {"%", "drop of the ear-shoulder gap while running (shoulders high)"}},
    {"shoulder_tilt_deg", {"deg", "left shoulder higher when positive"}},
    {"forward_head_deg", {"deg", "extra forward neck angle while running"}},
    {"head_tilt_deg", {"deg", "head roll, left ear up when positive"}},
    {"shoulder_rounding", {"torso lengths", "shoulders forward of the spine while running"}},
    {"trunk_lean_deg", {"deg", "forward lean from vertical"}},
    {"trunk_rotation_deg", {"deg", "shoulder-girdle yaw amplitude per stride"}},
    {"lateral_sway_deg", {"deg", "trunk roll amplitude per stride"}},
    {"breathing_rate_bpm", {"breaths/min", "breathing rate"}},
    {"breath_rise", {"torso lengths", "shoulder rise amplitude per breath"}},
    {"arm_asymmetry_pct", {"%", "left swing larger by half this, right smaller by half"}},
    {"vertical_oscillation_cm", {"cm", "mid-hip peak-to-peak bounce"}},
    {"standing_s", {"s", "standing calibration phase at the start"}},
    {"duration_s", {"s", "whole session, standing included (also --duration)"}},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kSuffixUnits{{
    {"_deg", "deg"}, {"_pct", "%"}, {"_cm", "cm"}, {"_spm", "steps/min"}, {"_mps", "m/s"}, {"_bpm", "breaths/min"}, {"_s", "s"},
}};

}  // namespace

RunnerParamDoc runner_param_doc(std::string_view name) {
  for (const auto& [n, doc] : kDocs) {
    if (n == name) return doc;
  }
  for (const auto& [suffix, unit] : kSuffixUnits) {
    if (name.ends_with(suffix)) return {unit, ""};
  }
  return {"", ""};
}

void write_runner_params(std::ostream& out) {
  const sim::RunnerParams defaults;
  char line[256];
  std::snprintf(line, sizeof line, "%-24s %9s  %-16s %s\n", "NAME", "DEFAULT", "UNIT", "MEANING");
  out << line;
  for (const std::string_view name : sim::runner_param_names()) {
    const RunnerParamDoc doc = runner_param_doc(name);
    std::snprintf(line, sizeof line, "%-24s %9s  %-16s %s\n", std::string(name).c_str(),
                  common::plain_number(sim::runner_param(defaults, name).value_or(0.0)).c_str(), std::string(doc.unit).c_str(),
                  std::string(doc.meaning).c_str());
    out << line;
  }
  out << "\nUse: runform simulate --out t.jsonl --set NAME=VALUE  (repeatable)\n"
         "     runform simulate --out t.jsonl --fatigue NAME:DELTA[:START_FRACTION]\n";
}

}  // namespace runform::tools
