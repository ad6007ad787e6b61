#include "support/fault_cases.h"

namespace runform::testing {

const std::vector<FaultCase>& fault_cases() {
  using form::MetricId;
  using form::View;
  static const std::vector<FaultCase> kCases{
      {"head_tilted", MetricId::kHeadTilt, View::kFront, [](auto& r) { r.head_tilt_deg = 9.0; }},
      {"forward_head", MetricId::kHeadForwardAngle, View::kSide, [](auto& r) { r.forward_head_deg = 12.0; }},
      {"shoulders_high", MetricId::kShouldersElevation, View::kFront, [](auto& r) { r.shoulder_elevation_pct = 25.0; }},
      {"shoulders_uneven", MetricId::kShouldersLevel, View::kFront, [](auto& r) { r.shoulder_tilt_deg = 7.0; }},
      {"shoulders_rounded", MetricId::kShouldersRounding, View::kSide, [](auto& r) { r.shoulder_rounding = 0.12; }},
      {"accessory_breathing", MetricId::kShouldersBreathRise, View::kFront, [](auto& r) { r.breath_rise = 0.04; }},
      {"arms_crossing", MetricId::kArmsMidlineCrossing, View::kFront, [](auto& r) { r.midline_crossing = 0.12; }},
      {"arms_wide", MetricId::kArmsLateralExcursion, View::kFront, [](auto& r) { r.lateral_excursion = 0.75; }},
      {"arms_asymmetric_front", MetricId::kArmsAsymmetry, View::kFront, [](auto& r) { r.arm_asymmetry_pct = 45.0; }},
      {"arms_asymmetric_side", MetricId::kArmsAsymmetry, View::kSide, [](auto& r) { r.arm_asymmetry_pct = 45.0; }},
      {"elbows_straight", MetricId::kArmsElbowAngle, View::kSide, [](auto& r) { r.elbow_angle_deg = 140.0; }},
      {"weak_drive", MetricId::kArmsDrive, View::kSide, [](auto& r) { r.arm_swing_deg = 9.0; }},
      {"leaning_back", MetricId::kTrunkLean, View::kSide, [](auto& r) { r.trunk_lean_deg = -6.0; }},
      {"torso_sway", MetricId::kTrunkLateralSway, View::kFront, [](auto& r) { r.lateral_sway_deg = 9.0; }},
      {"low_cadence_front", MetricId::kCadence, View::kFront, [](auto& r) { r.cadence_spm = 150.0; }},
      {"low_cadence_side", MetricId::kCadence, View::kSide, [](auto& r) { r.cadence_spm = 150.0; }},
      {"high_bounce_front", MetricId::kVerticalOscillation, View::kFront, [](auto& r) { r.vertical_oscillation_cm = 13.0; }},
      {"high_bounce_side", MetricId::kVerticalOscillation, View::kSide, [](auto& r) { r.vertical_oscillation_cm = 13.0; }},
  };
  return kCases;
}

}  // namespace runform::testing
