#include "form/metric_catalog.h"

namespace runform::form {

const std::array<MetricInfo, kMetricCount>& metric_catalog() {
  static const std::array<MetricInfo, kMetricCount> kCatalog{{
      {MetricId::kHeadTilt, "head.tilt_deg", "deg", "head tilt", MetricView::kFront, Area::kHead},
      {MetricId::kHeadForwardAngle, "head.forward_angle_deg", "deg", "forward head angle", MetricView::kSide, Area::kHead},
      {MetricId::kShouldersElevation, "shoulders.elevation_pct", "%", "shoulder elevation", MetricView::kFront, Area::kShoulders},
      {MetricId::kShouldersLevel, "shoulders.level_deg", "deg", "shoulder tilt", MetricView::kFront, Area::kShoulders},
      {MetricId::kShouldersRounding, "shoulders.rounding", "torso", "shoulder rounding", MetricView::kSide, Area::kShoulders},
      {MetricId::kShouldersBreathRise, "shoulders.breath_rise", "torso", "breathing shoulder rise", MetricView::kFront, Area::kShoulders},
      {MetricId::kArmsMidlineCrossing, "arms.midline_crossing", "shoulder_width", "arm crossing", MetricView::kFront, Area::kArms},
      {MetricId::kArmsLateralExcursion, "arms.lateral_excursion", "shoulder_width", "sideways arm swing", MetricView::kFront, Area::kArms},
      {MetricId::kArmsAsymmetry, "arms.asymmetry_pct", "%", "arm asymmetry", MetricView::kBoth, Area::kArms},
      {MetricId::kArmsElbowAngle, "arms.elbow_angle_deg", "deg", "elbow angle", MetricView::kSide, Area::kArms},
      {MetricId::kArmsDrive, "arms.drive", "torso", "arm drive", MetricView::kSide, Area::kArms},
      {MetricId::kTrunkLean, "trunk.lean_deg", "deg", "trunk lean", MetricView::kSide, Area::kNone},
      {MetricId::kTrunkLateralSway, "trunk.lateral_sway_deg", "deg", "trunk sway", MetricView::kFront, Area::kNone},
      {MetricId::kCadence, "cadence_spm", "spm", "cadence", MetricView::kBoth, Area::kNone},
      {MetricId::kVerticalOscillation, "vertical_oscillation", "torso", "bounce", MetricView::kBoth, Area::kNone},
  }};
  return kCatalog;
}

const MetricInfo& info(MetricId id) { return metric_catalog()[index(id)]; }

std::optional<MetricId> metric_from_key(std::string_view key) {
  for (const MetricInfo& m : metric_catalog()) {
    if (m.key == key) return m.id;
  }
  return std::nullopt;
}

std::string_view to_string(Area area) {
  switch (area) {
    case Area::kHead: return "head";
    case Area::kShoulders: return "shoulders";
    case Area::kArms: return "arms";
    case Area::kNone: return "none";
  }
  return "none";
}

}  // namespace runform::form
