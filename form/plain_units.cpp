#include "form/plain_units.h"

#include <array>
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

// How each catalog unit reads, in one place: a value in `unit` is multiplied by `factor` and
// printed with `decimals` places and `words`. "torso" is not here: it needs the runner's height.
struct UnitWords {
  std::string_view unit;
  double factor;
  int decimals;
  std::string_view words;
};
constexpr std::array kUnitWords{
    UnitWords{"deg", 1.0, 0, "°"},
    UnitWords{"%", 1.0, 0, "%"},
    UnitWords{"spm", 1.0, 0, " steps/min"},
    UnitWords{"cm", 1.0, 1, " cm"},
    UnitWords{"shoulder_width", 100.0, 0, "% of your shoulder width"},
};

}  // namespace

bool plain_units_estimated(std::string_view unit, std::optional<double> height_cm) {
  return unit == "torso" && !height_cm;
}

std::string plain_units(std::string_view unit, double value, std::optional<double> height_cm) {
  for (const UnitWords& u : kUnitWords) {
    if (u.unit == unit) return number(u.factor * value, u.decimals, u.words);
  }
  if (unit == "torso") {
    const double cm = value * height_cm.value_or(kReferenceHeightCm) * kTorsoPerHeight;
    // Small lengths (a breathing rise of a few millimetres) keep a decimal, or they read 0.
    const std::string text = number(cm, std::fabs(cm) < 10.0 ? 1 : 0, " cm");
    return height_cm ? text : "about " + text;
  }
  // A unit the catalog does not have yet: the bare number, never the unit's id.
  return number(value, 2, "");
}

}  // namespace runform::form
