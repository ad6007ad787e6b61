// A metric's value, or the reason it could not be measured.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "form/metric_catalog.h"

namespace runform::form {

/// Why a metric is not measurable (static strings, shown to users as-is).
namespace reason {
inline constexpr std::string_view kNeedsFrontView = "needs the front view";
inline constexpr std::string_view kNeedsSideView = "needs the side view";
inline constexpr std::string_view kLowConfidence = "landmarks not confident enough";
/// Asymmetry compares both arms; one of them was hidden (the far arm of a side view, an arm
/// behind a handrail) or too faint to measure its swing.
inline constexpr std::string_view kOneArmHidden = "one arm hidden from the camera; asymmetry compares both";
/// Side view: a wrist below the arm window's confidence floor in every frame of the last strides.
inline constexpr std::string_view kArmNotReported =
    "one wrist not reported by the pose model in the last strides (confidence under 0.1); asymmetry compares both arms";
/// Side view: the far arm's faint track leaves the asymmetry uncertain by more than ±5 points.
inline constexpr std::string_view kArmSwingUncertain =
    "one arm's track too faint to measure its swing (uncertain by more than 5 points)";
/// Front view from a yawed camera: the level lines' perspective is learnt over the first seconds
/// of running (camera_yaw.h).
inline constexpr std::string_view kCameraAngleSettling = "camera angle still being measured (first seconds of running)";
inline constexpr std::string_view kHandsOnRails = "hands on the rails";
inline constexpr std::string_view kNoBaseline = "no standing baseline";
inline constexpr std::string_view kNotStriding = "runner not striding";
inline constexpr std::string_view kWalking = "runner walking, not running";
inline constexpr std::string_view kTooShort = "not enough data yet";
}  // namespace reason

/// One metric: a value, or no value and the reason.
struct MetricValue {
  std::optional<double> value;
  std::optional<double> baseline;  ///< the runner's standing value, for baseline-relative metrics
  /// Standard error of the value, where the metric knows it (side-view arm asymmetry, whose far
  /// arm may come from low-confidence landmarks).
  std::optional<double> plus_minus;
  std::string_view unit;           ///< overrides the catalog unit when set (vertical oscillation in cm)
  std::string_view reason;         ///< why not measurable; empty when measurable

  /// True when a value is present.
  [[nodiscard]] bool measurable() const { return value.has_value(); }
  /// A measurable value.
  static MetricValue of(double v) { return MetricValue{v, std::nullopt, std::nullopt, {}, {}}; }
  /// A not-measurable value with its reason.
  static MetricValue missing(std::string_view why) { return MetricValue{std::nullopt, std::nullopt, std::nullopt, {}, why}; }
};

/// One value per metric, indexed by index(MetricId).
using MetricSet = std::array<MetricValue, kMetricCount>;

}  // namespace runform::form
