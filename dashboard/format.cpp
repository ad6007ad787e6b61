#include "dashboard/format.h"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace runform::dashboard {

std::string clock_text(double seconds) {
  const auto total = static_cast<long long>(std::max(0.0, std::floor(seconds)));
  char buffer[32];
  if (total >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld", total / 60, total % 60);
  }
  return buffer;
}

std::string date_text(std::int64_t unix_ms) {
  if (unix_ms <= 0) return "never";
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M", &tm);
  return buffer;
}

std::string score_text(std::optional<double> score) {
  if (!score) return "-";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.0f", *score);
  return buffer;
}

std::string metric_text(form::MetricId id, double value) {
  const std::string_view unit = form::info(id).unit;
  char buffer[48];
  if (unit == "torso" || unit == "shoulder_width") {
    std::snprintf(buffer, sizeof buffer, "%.2f x %s", value, unit == "torso" ? "torso" : "shoulder width");
  } else if (unit == "deg") {
    std::snprintf(buffer, sizeof buffer, "%.1f deg", value);
  } else if (unit == "%") {
    std::snprintf(buffer, sizeof buffer, "%.1f %%", value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.0f %.*s", value, static_cast<int>(unit.size()), unit.data());
  }
  return buffer;
}

}  // namespace runform::dashboard
