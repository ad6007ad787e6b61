// The metrics of PRODUCT.md: stable ids, units, the view that can measure each, and its area.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace runform::form {

/// Every metric, in PRODUCT.md's table order.
enum class MetricId : std::size_t {
  kHeadTilt, kHeadForwardAngle, kShouldersElevation, kShouldersLevel, kShouldersRounding, kShouldersBreathRise,
  kArmsMidlineCrossing, kArmsLateralExcursion, kArmsAsymmetry, kArmsElbowAngle, kArmsDrive,
  kTrunkLean, kTrunkLateralSway, kCadence, kVerticalOscillation,
};

/// Number of metrics.
inline constexpr std::size_t kMetricCount = 15;

/// Which camera view can measure a metric.
enum class MetricView { kFront, kSide, kBoth };

/// Score area a metric contributes to; kNone metrics are reported and cued but not scored.
enum class Area { kHead, kShoulders, kArms, kNone };

/// Static description of one metric.
struct MetricInfo {
  MetricId id;
  std::string_view key;   ///< stable id used in JSON, on the wire and in the dashboard
  std::string_view unit;  ///< "deg", "%", "torso" (÷ torso length), "shoulder_width", "spm"
  std::string_view label; ///< plain words for messages: "shoulder elevation"
  MetricView view;
  Area area;
};

/// The catalog, indexed by MetricId.
const std::array<MetricInfo, kMetricCount>& metric_catalog();
/// Info for one metric.
const MetricInfo& info(MetricId id);
/// Looks up a metric by its stable key ("head.tilt_deg").
std::optional<MetricId> metric_from_key(std::string_view key);
/// Index of a metric in arrays sized kMetricCount.
constexpr std::size_t index(MetricId id) { return static_cast<std::size_t>(id); }
/// Area name: "head", "shoulders", "arms".
std::string_view to_string(Area area);

}  // namespace runform::form
