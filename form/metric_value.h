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
  std::string_view unit;           ///< overrides the catalog unit when set (vertical oscillation in cm)
  std::string_view reason;         ///< why not measurable; empty when measurable

  /// True when a value is present.
  [[nodiscard]] bool measurable() const { return value.has_value(); }
  /// A measurable value.
  static MetricValue of(double v) { return MetricValue{v, std::nullopt, {}, {}}; }
  /// A not-measurable value with its reason.
  static MetricValue missing(std::string_view why) { return MetricValue{std::nullopt, std::nullopt, {}, why}; }
};

/// One value per metric, indexed by index(MetricId).
using MetricSet = std::array<MetricValue, kMetricCount>;

}  // namespace runform::form
