#include "kiosk/plain_words.h"

#include <cmath>
#include <algorithm>
#include <cstdio>

#include "form/plain_units.h"
#include "ui/score_bands.h"

namespace runform::kiosk {
namespace {

using form::MetricId;

struct Words {
  MetricId id;
  const char* name;   // what the value measures
  const char* fault;  // the fault in words
};

// One row per metric, in catalog order.
constexpr Words kWords[] = {
    {MetricId::kHeadTilt, "Head tilt", "Head tilted to one side"},
    {MetricId::kHeadForwardAngle, "Head forward of your trunk", "Head pushed forward"},
    {MetricId::kShouldersElevation, "Shoulders raised", "Shoulders carried high"},
    {MetricId::kShouldersLevel, "Shoulder line tilt", "Uneven shoulders"},
    {MetricId::kShouldersRounding, "Shoulders rounded forward", "Rounded shoulders"},
    {MetricId::kShouldersBreathRise, "Shoulder rise with each breath", "Breathing with the shoulders"},
    {MetricId::kArmsMidlineCrossing, "Wrists crossing your midline", "Arms swinging across the body"},
    {MetricId::kArmsLateralExcursion, "Side-to-side arm swing", "Arms swinging wide"},
    {MetricId::kArmsAsymmetry, "Left–right arm swing difference", "Uneven arm swing"},
    {MetricId::kArmsElbowAngle, "Elbow angle", "Arms too straight"},
    {MetricId::kArmsDrive, "Arm drive (fore–aft wrist swing)", "Weak arm drive"},
    {MetricId::kTrunkLean, "Forward lean", "Leaning back"},
    {MetricId::kTrunkLateralSway, "Side-to-side trunk sway", "Trunk swaying"},
    {MetricId::kCadence, "Cadence", "Low cadence"},
    {MetricId::kVerticalOscillation, "Bounce", "Bouncing high"},
};

const Words& words(MetricId id) { return kWords[form::index(id)]; }

std::string format(double v, int decimals, const char* suffix) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f%s", decimals, v, suffix);
  std::string s = buffer;
  if (s.rfind("-0", 0) == 0 && std::abs(v) < 0.5 * std::pow(10.0, -decimals)) s.erase(0, 1);  // no "-0"
  return s;
}

// The value in the unit a runner reads (the kiosk does not know the runner's height yet, so
// lengths are estimates for the reference runner: "about 23 cm").
std::string in_plain_units(MetricId id, double v, std::string_view unit_override) {
  return form::plain_units(unit_override.empty() ? form::info(id).unit : unit_override, v);
}

}  // namespace

std::string runner_name(MetricId id) { return words(id).name; }

std::string plain_value(MetricId id, const form::MetricValue& value) {
  if (!value.value) return "not measurable";
  return in_plain_units(id, *value.value, value.unit);
}

std::string metric_line(MetricId id, const form::MetricValue& value) {
  if (!value.value) {
    return runner_name(id) + ": not measurable" + (value.reason.empty() ? "" : " — " + std::string(value.reason));
  }
  if (id == MetricId::kArmsMidlineCrossing && *value.value <= 0.0) {
    // Negative: the wrists stop short of the midline, which is what a runner wants.
    return "Wrists stay clear of your midline by " + in_plain_units(id, -*value.value, value.unit);
  }
  std::string line = runner_name(id) + ": " + plain_value(id, value);
  if (value.baseline) line += " (standing: " + in_plain_units(id, *value.baseline, value.unit) + ")";
  return line;
}

std::string score_words(const std::optional<double>& score) {
  if (!score) return "not measurable";
  if (*score >= ui::kGoodScore) return "good";
  if (*score >= ui::kFairScore) return "fair";
  return "needs work";
}

std::string drift_line(const form::Drift& drift, double last_fifth_min) {
  const double change = drift.last - drift.first;
  std::string amount = in_plain_units(drift.metric, std::abs(change), {});
  const std::string span = last_fifth_min < 2.0 ? format(last_fifth_min * 60.0, 0, " s") : format(last_fifth_min, 0, " min");
  return runner_name(drift.metric) + (change >= 0 ? " went up by " : " went down by ") + amount + " in the last " + span;
}

std::string fault_line(MetricId id, const std::vector<form::CueDef>& cues) {
  std::string line = words(id).fault;
  for (const form::CueDef& cue : cues) {
    if (cue.metric == id) return line + " — \"" + cue.text + "\"";
  }
  return line;
}

std::vector<MetricId> key_metrics(form::Area area) {
  switch (area) {
    case form::Area::kHead: return {MetricId::kHeadTilt, MetricId::kHeadForwardAngle};
    case form::Area::kShoulders:
      return {MetricId::kShouldersElevation, MetricId::kShouldersLevel, MetricId::kShouldersRounding,
              MetricId::kShouldersBreathRise};
    case form::Area::kArms:
      return {MetricId::kArmsMidlineCrossing, MetricId::kArmsLateralExcursion, MetricId::kArmsAsymmetry,
              MetricId::kArmsElbowAngle, MetricId::kArmsDrive};
    case form::Area::kNone:
      return {MetricId::kCadence, MetricId::kVerticalOscillation, MetricId::kTrunkLean, MetricId::kTrunkLateralSway};
  }
  return {};
}

std::string clock_text(double seconds) {
  const long total = std::lround(std::max(0.0, seconds));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%ld:%02ld", total / 60, total % 60);
  return buffer;
}

}  // namespace runform::kiosk
