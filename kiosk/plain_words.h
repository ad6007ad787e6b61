// What a runner reads: metrics, drift and faults in plain words and units (cm, °, %, steps per
// minute), sensibly rounded; never metric ids and never "torso" units (PRODUCT.md): ratios to
// body lengths read as a share of the runner's trunk (shoulders to hips) or shoulder width. UI-free, so
// it is tested on its own and could serve a printed report too.
#pragma once

#include <string>
#include <vector>

#include "form/metric_catalog.h"
#include "form/metric_value.h"
#include "form/scores.h"
#include "form/session_summary.h"

namespace runform::kiosk {

/// A metric's name as a runner reads it ("Shoulders raised").
std::string runner_name(form::MetricId id);

/// A value in plain units: "12%", "8°", "172 steps/min", "6.1 cm", "35% of your trunk length".
std::string plain_value(form::MetricId id, const form::MetricValue& value);

/// One line of the summary: "Shoulders raised: 12% (standing: 0%)" or
/// "Head forward: not measurable — needs the side view".
std::string metric_line(form::MetricId id, const form::MetricValue& value);

/// A score in words: "good" (≥ 80), "fair" (≥ 60), "needs work", or "not measurable".
std::string score_words(const std::optional<double>& score);

/// The drift of one metric: "Shoulders raised went up by 12% in the last 4 min".
std::string drift_line(const form::Drift& drift, double last_fifth_min);

/// A fault as the runner reads it, with its cue: "Shoulders carried high — Drop your shoulders".
std::string fault_line(form::MetricId id, const std::vector<form::CueDef>& cues);

/// The key metrics shown for an area in the summary, in display order.
std::vector<form::MetricId> key_metrics(form::Area area);

/// Duration as m:ss ("12:05").
std::string clock_text(double seconds);

}  // namespace runform::kiosk
