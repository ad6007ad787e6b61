// The client side's one place where form-engine results become wire records: landmarks are
// quantised (tenths of a pixel, confidence × 255), metrics and scores copied where measurable.
#pragma once

#include <cstddef>
#include <vector>

#include "form/engine.h"
#include "form/session_summary.h"
#include "runform/v1/frames.pb.h"

namespace runform::services {

/// Wire metric id of a form metric (the form order plus one).
v1::MetricId to_wire(form::MetricId id);
/// Form metric of a wire id, or nullopt for an unknown one.
std::optional<form::MetricId> from_wire(v1::MetricId id);

/// A frame's landmarks, packed, at t_us; positions are clamped into the image.
v1::FrameRecord encode_frame(const form::PoseFrame& frame, std::int64_t t_us, int width_px, int height_px);
/// Unpacks a frame's landmarks (t_s from t_us).
form::PoseFrame decode_frame(const v1::FrameRecord& record);
/// Adds the measurable metrics and the scores to a frame (at a stride end).
void attach_metrics(v1::FrameRecord& record, const form::MetricSet& metrics, const form::Scores& scores);
/// Adds a cue event.
void attach_cue(v1::FrameRecord& record, const form::CueEvent& event);
/// Scores on the wire (-1 for not measurable).
v1::Scores encode_scores(const form::Scores& scores);
/// The standing baseline.
v1::Baseline encode_baseline(const form::Baseline& baseline);
/// Spans per list on the wire (wire_limits holds the same bound); more are merged, closest first.
inline constexpr std::size_t kMaxWireSpans = 64;

/// The end-of-session summary, with the verdict (fault_verdicts) and the hands-on-rails spans.
v1::SessionSummary encode_summary(const form::SessionSummary& summary);
/// The verdict of a summary (entries with a metric this build does not know are left out).
std::vector<form::FaultVerdict> decode_fault_verdicts(const v1::SessionSummary& summary);
/// The hands-on-rails spans of a summary.
std::vector<form::TimeSpan> decode_holding_rails_spans(const v1::SessionSummary& summary);

}  // namespace runform::services
