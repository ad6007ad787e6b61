#include "form/scores.h"

#include <algorithm>

#include "form/thresholds.h"

namespace runform::form {
namespace {

std::optional<double> area_score(const MetricSet& metrics, Area area) {
  double sum = 0.0;
  double worst = 100.0;
  int count = 0;
  for (const MetricInfo& m : metric_catalog()) {
    if (m.area != area) continue;
    if (const auto s = metric_score(m.id, metrics[index(m.id)])) {
      sum += *s;
      worst = std::min(worst, *s);
      ++count;
    }
  }
  if (count == 0) return std::nullopt;
  return (1.0 - kWorstMetricWeight) * sum / count + kWorstMetricWeight * worst;
}

}  // namespace

Scores score(const MetricSet& metrics) {
  Scores s;
  s.head = area_score(metrics, Area::kHead);
  s.shoulders = area_score(metrics, Area::kShoulders);
  s.arms = area_score(metrics, Area::kArms);
  double sum = 0.0;
  int count = 0;
  for (const auto& a : {s.head, s.shoulders, s.arms}) {
    if (a) {
      sum += *a;
      ++count;
    }
  }
  if (count > 0) s.overall = sum / count;
  return s;
}

}  // namespace runform::form
