#include "services/client/form_encoding.h"

#include <algorithm>
#include <cmath>

namespace runform::services {

namespace {

std::uint32_t quantise_position(double px, int size_px) {
  const double clamped = std::clamp(std::isfinite(px) ? px : 0.0, 0.0, static_cast<double>(size_px));
  return static_cast<std::uint32_t>(std::lround(clamped * 10.0));
}

void add_metrics(google::protobuf::RepeatedPtrField<v1::MetricSample>& out, const form::MetricSet& metrics) {
  for (const auto& info : form::metric_catalog()) {
    const auto& m = metrics[form::index(info.id)];
    if (!m.value || !std::isfinite(*m.value)) continue;
    auto* sample = out.Add();
    sample->set_metric(to_wire(info.id));
    sample->set_value(static_cast<float>(*m.value));
  }
}

// Merges the two closest neighbours until at most max_spans are left: the wire bounds the
// count (wire_limits), and a flickering fault over an hour would exceed it. Spans are in order.
std::vector<form::TimeSpan> at_most(std::vector<form::TimeSpan> spans, std::size_t max_spans) {
  while (spans.size() > max_spans) {
    std::size_t closest = 0;
    for (std::size_t i = 1; i + 1 < spans.size(); ++i) {
      if (spans[i + 1].start_s - spans[i].end_s < spans[closest + 1].start_s - spans[closest].end_s) closest = i;
    }
    spans[closest].end_s = std::max(spans[closest].end_s, spans[closest + 1].end_s);
    spans.erase(spans.begin() + static_cast<std::ptrdiff_t>(closest) + 1);
  }
  return spans;
}

std::int64_t to_us(double t_s) { return std::llround(t_s * 1e6); }

void add_spans(google::protobuf::RepeatedPtrField<v1::TimeSpan>& out, const std::vector<form::TimeSpan>& spans) {
  for (const form::TimeSpan& span : at_most(spans, kMaxWireSpans)) {
    auto* wire = out.Add();
    wire->set_start_us(to_us(span.start_s));
    wire->set_end_us(std::max(to_us(span.end_s), to_us(span.start_s)));
  }
}

std::vector<form::TimeSpan> decode_spans(const google::protobuf::RepeatedPtrField<v1::TimeSpan>& wire) {
  std::vector<form::TimeSpan> spans;
  spans.reserve(static_cast<std::size_t>(wire.size()));
  for (const v1::TimeSpan& span : wire) {
    spans.push_back({static_cast<double>(span.start_us()) * 1e-6, static_cast<double>(span.end_us()) * 1e-6});
  }
  return spans;
}

v1::FaultVerdict::Basis to_wire(form::FaultBasis basis) {
  switch (basis) {
    case form::FaultBasis::kPersistent: return v1::FaultVerdict::BASIS_PERSISTENT;
    case form::FaultBasis::kDevelopedLate: return v1::FaultVerdict::BASIS_DEVELOPED_LATE;
    case form::FaultBasis::kCued: return v1::FaultVerdict::BASIS_CUED;
  }
  return v1::FaultVerdict::BASIS_UNSPECIFIED;
}

}  // namespace

v1::MetricId to_wire(form::MetricId id) { return static_cast<v1::MetricId>(form::index(id) + 1); }

std::optional<form::MetricId> from_wire(v1::MetricId id) {
  const int n = static_cast<int>(id);
  if (n < 1 || n > static_cast<int>(form::kMetricCount)) return std::nullopt;
  return static_cast<form::MetricId>(n - 1);
}

v1::FrameRecord encode_frame(const form::PoseFrame& frame, std::int64_t t_us, int width_px, int height_px) {
  v1::FrameRecord record;
  record.set_t_us(t_us);
  std::string confidence(frame.keypoints.size(), '\0');
  for (std::size_t i = 0; i < frame.keypoints.size(); ++i) {
    const auto& k = frame.keypoints[i];
    record.add_xy_decipx(quantise_position(k.x_px, width_px));
    record.add_xy_decipx(quantise_position(k.y_px, height_px));
    const double c = std::clamp(std::isfinite(k.confidence) ? k.confidence : 0.0, 0.0, 1.0);
    confidence[i] = static_cast<char>(static_cast<unsigned char>(std::lround(c * 255.0)));
  }
  record.set_confidence_q8(confidence);
  return record;
}

form::PoseFrame decode_frame(const v1::FrameRecord& record) {
  form::PoseFrame frame;
  frame.t_s = static_cast<double>(record.t_us()) * 1e-6;
  for (std::size_t i = 0; i < frame.keypoints.size(); ++i) {
    const int xi = static_cast<int>(2 * i);
    if (xi + 1 >= record.xy_decipx_size() || i >= record.confidence_q8().size()) break;
    frame.keypoints[i].x_px = record.xy_decipx(xi) / 10.0;
    frame.keypoints[i].y_px = record.xy_decipx(xi + 1) / 10.0;
    frame.keypoints[i].confidence = static_cast<unsigned char>(record.confidence_q8()[i]) / 255.0;
  }
  return frame;
}

v1::Scores encode_scores(const form::Scores& scores) {
  v1::Scores out;
  out.set_head(static_cast<float>(scores.head.value_or(-1.0)));
  out.set_shoulders(static_cast<float>(scores.shoulders.value_or(-1.0)));
  out.set_arms(static_cast<float>(scores.arms.value_or(-1.0)));
  out.set_overall(static_cast<float>(scores.overall.value_or(-1.0)));
  return out;
}

void attach_metrics(v1::FrameRecord& record, const form::MetricSet& metrics, const form::Scores& scores) {
  add_metrics(*record.mutable_metrics(), metrics);
  *record.mutable_scores() = encode_scores(scores);
}

void attach_cue(v1::FrameRecord& record, const form::CueEvent& event) {
  auto* cue = record.add_cues();
  switch (event.kind) {
    case form::CueEventKind::kShow:
      cue->set_kind(v1::CueEvent::KIND_SHOW);
      break;
    case form::CueEventKind::kPositive:
      cue->set_kind(v1::CueEvent::KIND_POSITIVE);
      break;
    case form::CueEventKind::kClear:
      cue->set_kind(v1::CueEvent::KIND_CLEAR);
      break;
  }
  cue->set_cue_id(event.id);
  cue->set_text(event.text);
}

v1::Baseline encode_baseline(const form::Baseline& baseline) {
  v1::Baseline out;
  if (baseline.ear_shoulder_gap) out.set_ear_shoulder_gap(*baseline.ear_shoulder_gap);
  if (baseline.forward_head_deg) out.set_forward_head_deg(*baseline.forward_head_deg);
  if (baseline.rounding) out.set_rounding(*baseline.rounding);
  return out;
}

v1::SessionSummary encode_summary(const form::SessionSummary& summary) {
  v1::SessionSummary out;
  out.set_strides(static_cast<std::uint32_t>(summary.strides));
  out.set_running_s(summary.running_s);
  out.set_holding_rails_s(summary.holding_rails_s);
  add_metrics(*out.mutable_metrics(), summary.metrics);
  *out.mutable_scores() = encode_scores(summary.scores);
  for (const auto f : summary.faults) out.add_faults(to_wire(f));
  for (const auto& d : summary.drift) {
    auto* drift = out.add_drift();
    drift->set_metric(to_wire(d.metric));
    drift->set_first(d.first);
    drift->set_last(d.last);
    drift->set_flagged(d.flagged);
    drift->set_message(d.message);
  }
  for (const auto& w : summary.worst_moments) {
    auto* moment = out.add_worst_moments();
    moment->set_t_us(std::llround(w.t_s * 1e6));
    moment->set_overall_score(static_cast<float>(w.overall_score));
    moment->set_worst_metric(to_wire(w.worst_metric));
  }
  for (const auto& drill : summary.drills) out.add_drill_ids(drill.id);
  for (const form::FaultVerdict& v : summary.fault_verdicts) {
    auto* verdict = out.add_fault_verdicts();
    verdict->set_metric(to_wire(v.metric));
    verdict->set_basis(to_wire(v.basis));
    verdict->set_share(static_cast<float>(std::clamp(v.share, 0.0, 1.0)));
    verdict->set_developed_late(v.developed_late);
    add_spans(*verdict->mutable_spans(), v.spans);
  }
  add_spans(*out.mutable_holding_rails_spans(), summary.holding_rails_spans);
  out.set_walking_s(summary.walking_s);
  return out;
}

std::vector<form::FaultVerdict> decode_fault_verdicts(const v1::SessionSummary& summary) {
  std::vector<form::FaultVerdict> verdicts;
  for (const v1::FaultVerdict& wire : summary.fault_verdicts()) {
    const std::optional<form::MetricId> metric = from_wire(wire.metric());
    if (!metric) continue;  // a metric this build does not know (a newer kiosk)
    form::FaultVerdict v;
    v.metric = *metric;
    switch (wire.basis()) {
      case v1::FaultVerdict::BASIS_DEVELOPED_LATE: v.basis = form::FaultBasis::kDevelopedLate; break;
      case v1::FaultVerdict::BASIS_CUED: v.basis = form::FaultBasis::kCued; break;
      default: v.basis = form::FaultBasis::kPersistent; break;
    }
    v.share = wire.share();
    v.developed_late = wire.developed_late();
    v.spans = decode_spans(wire.spans());
    verdicts.push_back(std::move(v));
  }
  return verdicts;
}

std::vector<form::TimeSpan> decode_holding_rails_spans(const v1::SessionSummary& summary) {
  return decode_spans(summary.holding_rails_spans());
}

}  // namespace runform::services
