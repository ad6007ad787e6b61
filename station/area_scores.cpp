#include "station/area_scores.h"

#include "form/metric_catalog.h"
#include "form/metric_value.h"

namespace runform::station {

namespace {

bool view_measures(form::MetricView metric_view, form::View view) {
  return metric_view == form::MetricView::kBoth || (metric_view == form::MetricView::kFront && view == form::View::kFront) ||
         (metric_view == form::MetricView::kSide && view == form::View::kSide);
}

// Why an area has no score: the reason of its first metric this view can measure, or the
// view it needs when this view measures none of them.
std::string reason_for(form::Area area, const form::MetricSet& metrics, form::View view, bool any_stride) {
  if (!any_stride) return std::string(form::reason::kTooShort);
  std::string_view wrong_view;
  for (const form::MetricInfo& m : form::metric_catalog()) {
    if (m.area != area) continue;
    if (!view_measures(m.view, view)) {
      if (wrong_view.empty()) wrong_view = m.view == form::MetricView::kFront ? form::reason::kNeedsFrontView : form::reason::kNeedsSideView;
      continue;
    }
    const form::MetricValue& v = metrics[form::index(m.id)];
    if (!v.measurable() && !v.reason.empty()) return std::string(v.reason);
  }
  return std::string(wrong_view.empty() ? form::reason::kTooShort : wrong_view);
}

AreaScore area(form::Area which, const std::optional<double>& score, const form::MetricSet& metrics, form::View view,
               bool any_stride) {
  AreaScore out;
  out.score = score;
  if (!score) out.not_measurable = reason_for(which, metrics, view, any_stride);
  return out;
}

}  // namespace

AreaScores area_scores(const form::Scores& scores, const form::MetricSet& metrics, form::View view, bool any_stride) {
  return {area(form::Area::kHead, scores.head, metrics, view, any_stride),
          area(form::Area::kShoulders, scores.shoulders, metrics, view, any_stride),
          area(form::Area::kArms, scores.arms, metrics, view, any_stride)};
}

RunnerActivity activity_of(form::RunnerState state) {
  switch (state) {
    case form::RunnerState::kNoRunner: return RunnerActivity::kNone;
    case form::RunnerState::kCalibrating:
    case form::RunnerState::kWaitingForStride: return RunnerActivity::kStanding;
    case form::RunnerState::kHoldingRails: return RunnerActivity::kHoldingRails;
    case form::RunnerState::kWalking: return RunnerActivity::kWalking;
    case form::RunnerState::kRunning: return RunnerActivity::kRunning;
  }
  return RunnerActivity::kNone;
}

}  // namespace runform::station
