// How the dashboard writes times, dates and values (plain, short, units in the text).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "form/metric_catalog.h"

namespace runform::dashboard {

/// "12:34" (minutes:seconds) or "1:02:03" past an hour.
std::string clock_text(double seconds);
/// "2026-11-22 14:05" in local time; "never" for 0.
std::string date_text(std::int64_t unix_ms);
/// "72" or "–" when not measurable.
std::string score_text(std::optional<double> score);
/// A metric value with its catalog unit for a coach ("18.2 %", "0.31 × torso", "172 spm").
std::string metric_text(form::MetricId id, double value);

}  // namespace runform::dashboard
