// JSON form of an analysis, as `runform analyze` prints it.
#pragma once

#include <nlohmann/json.hpp>

#include "form/analysis.h"

namespace runform::tools {

/// The metric set keyed by PRODUCT.md ids: {value, unit, measurable, reason?, baseline?}.
nlohmann::json metrics_json(const form::MetricSet& metrics);
/// Scores: {head, shoulders, arms, overall}, null where unmeasurable.
nlohmann::json scores_json(const form::Scores& scores);
/// The whole document: summary, cues, per_minute and input facts.
nlohmann::json analysis_json(const form::AnalysisResult& result);

}  // namespace runform::tools
