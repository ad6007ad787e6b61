// How a metric value reads to a runner: words and units (cm, °, %, steps/min), sensibly rounded,
// never metric ids or body-proportion units such as "torso". The kiosk's summary and the
// command line's readable report both use it, so they always say the same thing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace runform::form {

/// Standing height (cm) of the reference runner whose proportions turn a torso ratio into an
/// estimate in cm when the runner's own height is unknown (the runner behind the
/// vertical-oscillation bands in thresholds.cpp).
inline constexpr double kReferenceHeightCm = 175.0;

/// `value` (in the catalog `unit`: "deg", "%", "spm", "cm", "torso" or "shoulder_width") in plain
/// units. A torso ratio becomes cm: exact with `height_cm`, else "about N cm" for the reference
/// runner. A shoulder-width ratio becomes "N% of your shoulder width".
std::string plain_units(std::string_view unit, double value, std::optional<double> height_cm = std::nullopt);

/// True when `plain_units` had to estimate: a torso ratio without the runner's height.
bool plain_units_estimated(std::string_view unit, std::optional<double> height_cm);

}  // namespace runform::form
