#include "form/plain_units.h"

#include <cmath>
#include <cstdio>

#include "form/thresholds.h"

namespace runform::form {
namespace {

// `v` with `decimals` places and a suffix; never "-0".
std::string number(double v, int decimals, std::string_view suffix) {
  const double step = std::pow(10.0, -decimals);
  double rounded = std::round(v / step) * step;
  if (rounded == 0.0) rounded = 0.0;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, rounded);
  return std::string(buffer) + std::string(suffix);
}

}  // namespace

bool plain_units_estimated(std::string_view unit, std::optional<double> height_cm) {
  return unit == "torso" && !height_cm;
}

std::string plain_units(std::string_view unit, double value, std::optional<double> height_cm) {
  if (unit == "deg") return number(value, 0, "°");
  if (unit == "%") return number(value, 0, "%");
  if (unit == "spm") return number(value, 0, " steps/min");
  if (unit == "cm") return number(value, 1, " cm");
  if (unit == "shoulder_width") return number(100.0 * value, 0, "% of your shoulder width");
  if (unit == "torso") {
    const double cm = value * height_cm.value_or(kReferenceHeightCm) * kTorsoPerHeight;
    // Small lengths (a breathing rise of a few millimetres) keep a decimal, or they read 0.
    const std::string text = number(cm, std::fabs(cm) < 10.0 ? 1 : 0, " cm");
    return height_cm ? text : "about " + text;
  }
  return number(value, 2, "");
}

}  // namespace runform::form
