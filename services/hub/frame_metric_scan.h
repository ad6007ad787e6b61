// One metric's value read straight from a stored frame's bytes (a serialised v1::FrameRecord),
// without decoding the rest. A chart of an hour-long session scans 108,000 frames, and decoding
// each whole record (34 packed landmark values, confidences, cues) was half of GetMetricSeries'
// time; the metrics ride on a few frames only (stride ends), so nearly every frame is skipped.
#pragma once

#include <optional>
#include <string_view>

#include "runform/v1/frames.pb.h"

namespace runform::services {

/// The first sample of `metric` in the frame, as FrameRecord::ParseFromString would read it, or
/// nullopt when the frame carries none. Throws StoreError when the bytes are not a FrameRecord
/// (truncated, or a field that cannot be skipped).
std::optional<float> scan_frame_metric(std::string_view payload, v1::MetricId metric);

}  // namespace runform::services
