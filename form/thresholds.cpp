#include "form/thresholds.h"
#include "form/plain_units.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace runform::form {
namespace {

constexpr bool kHigherWorse = true;
constexpr bool kLowerWorse = false;

// Garmin running-dynamics colour bands for vertical oscillation, cm: < 6.4 best, 8.1, 9.7, > 11.5 worst.
constexpr double kVoGoodCm = 8.1;
constexpr double kVoFaultCm = 9.7;
constexpr double kVoPoorCm = 11.5;
// The same bands as a fraction of torso, for a 175 cm reference runner (torso 0.288 × 175 cm).
constexpr double kReferenceTorsoCm = kTorsoPerHeight * kReferenceHeightCm;

const std::array<MetricRule, kMetricCount> kRules{{
    // head.tilt_deg: PRODUCT.md "> 5° sustained = tilted".
    {2.0, 5.0, 10.0, kHigherWorse, true, false, "PRODUCT.md: > 5 deg sustained = tilted"},
    // head.forward_angle_deg: Lau et al. 2009, CVA 50° normal vs 44° neck pain: flag ≥ 6° over baseline.
    {2.0, 6.0, 12.0, kHigherWorse, false, true, "Lau et al. 2009: 6-7 deg CVA difference"},
    // shoulders.elevation_pct: PRODUCT.md "≥ 15% = shoulders carried high".
    {5.0, 15.0, 30.0, kHigherWorse, false, false, "PRODUCT.md: >= 15% = carried high"},
    // shoulders.level_deg: PRODUCT.md "> 4° = uneven".
    {2.0, 4.0, 8.0, kHigherWorse, true, false, "PRODUCT.md: > 4 deg = uneven"},
    // shoulders.rounding: compared to baseline; 0.06 torso ≈ 3 cm protraction. RunForm working value.
    {0.02, 0.06, 0.12, kHigherWorse, false, true, "RunForm working value (vs baseline)"},
    // shoulders.breath_rise: amplitude ÷ torso; 0.025 ≈ 1.3 cm rise per breath. RunForm working value.
    {0.01, 0.025, 0.05, kHigherWorse, false, false, "RunForm working value"},
    // arms.midline_crossing: PRODUCT.md "> 0 = crossing".
    {-0.05, 0.0, 0.15, kHigherWorse, false, false, "PRODUCT.md: > 0 = crossing"},
    // arms.lateral_excursion: ÷ shoulder width. RunForm working value.
    {0.35, 0.5, 0.8, kHigherWorse, false, false, "RunForm working value"},
    // arms.asymmetry_pct: PRODUCT.md "> 15% = asymmetric".
    {8.0, 15.0, 30.0, kHigherWorse, false, false, "PRODUCT.md: > 15% = asymmetric"},
    // arms.elbow_angle_deg: Mwangi 2012, 90° ± 20° typical; > 120° too straight.
    {110.0, 120.0, 150.0, kHigherWorse, false, false, "Mwangi 2012: 90 +/- 20 deg typical, > 120 too straight"},
    // arms.drive: fore-aft wrist range ÷ torso. RunForm working value.
    {0.45, 0.3, 0.15, kLowerWorse, false, false, "RunForm working value"},
    // trunk.lean_deg: typical 5–15° forward; < 0 = leaning back.
    {3.0, 0.0, -5.0, kLowerWorse, false, false, "PRODUCT.md: typical 5-15 deg, < 0 = leaning back"},
    // trunk.lateral_sway_deg: RunForm working value.
    {3.0, 6.0, 10.0, kHigherWorse, false, false, "RunForm working value"},
    // cadence_spm: Garmin typical 164–183.
    {170.0, 164.0, 150.0, kLowerWorse, false, false, "Garmin: 164-183 spm typical"},
    // vertical_oscillation (÷ torso): Garmin bands for a 175 cm reference runner.
    {kVoGoodCm / kReferenceTorsoCm, kVoFaultCm / kReferenceTorsoCm, kVoPoorCm / kReferenceTorsoCm, kHigherWorse, false,
     false, "Garmin: < 6.4 cm best, > 11.5 cm worst (175 cm reference runner)"},
}};

const MetricRule kVerticalOscillationCmRule{kVoGoodCm, kVoFaultCm, kVoPoorCm, kHigherWorse, false, false,
                                            "Garmin: < 6.4 cm best, > 11.5 cm worst"};

// Piecewise-linear map: good → 100, fault → kScoreAtFault, poor → 0.
double piecewise_score(const MetricRule& r, double q) {
  const double sign = r.higher_is_worse ? 1.0 : -1.0;
  const double x = sign * q;
  const double good = sign * r.good;
  const double fault = sign * r.fault;
  const double poor = sign * r.poor;
  if (x <= good) return 100.0;
  if (x >= poor) return 0.0;
  if (x <= fault) return 100.0 - (100.0 - kScoreAtFault) * (x - good) / (fault - good);
  return kScoreAtFault * (poor - x) / (poor - fault);
}

}  // namespace

const MetricRule& rule_for(MetricId id, bool value_in_cm) {
  if (id == MetricId::kVerticalOscillation && value_in_cm) return kVerticalOscillationCmRule;
  return kRules[index(id)];
}

std::optional<double> judged_quantity(MetricId id, const MetricValue& v) {
  if (!v.value) return std::nullopt;
  const MetricRule& r = rule_for(id, v.unit == "cm");
  double q = *v.value;
  if (r.relative_to_baseline) {
    if (!v.baseline) return std::nullopt;
    q -= *v.baseline;
  }
  return r.absolute ? std::abs(q) : q;
}

bool is_fault(MetricId id, const MetricValue& v) {
  const std::optional<double> q = judged_quantity(id, v);
  if (!q) return false;
  const MetricRule& r = rule_for(id, v.unit == "cm");
  return r.higher_is_worse ? *q > r.fault : *q < r.fault;
}

std::optional<double> metric_score(MetricId id, const MetricValue& v) {
  const std::optional<double> q = judged_quantity(id, v);
  if (!q) return std::nullopt;
  return std::clamp(piecewise_score(rule_for(id, v.unit == "cm"), *q), 0.0, 100.0);
}

}  // namespace runform::form
