#include "services/hub/frame_metric_scan.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <cstring>

#include "services/store/session_store.h"

namespace runform::services {
namespace {

using google::protobuf::io::CodedInputStream;
using google::protobuf::internal::WireFormatLite;

// Field numbers of FrameRecord.metrics and of MetricSample's two fields (frames.proto).
constexpr int kMetricsField = v1::FrameRecord::kMetricsFieldNumber;
constexpr int kSampleMetricField = v1::MetricSample::kMetricFieldNumber;
constexpr int kSampleValueField = v1::MetricSample::kValueFieldNumber;

[[noreturn]] void undecodable() { throw StoreError("a stored frame does not decode"); }

struct Sample {
  int metric = 0;  // proto3 default: MetricSample.metric absent reads as 0 (unspecified)
  float value = 0.0f;
};

// One MetricSample, read to its limit. A later occurrence of a field overrides an earlier one,
// as the full parser does.
Sample read_sample(CodedInputStream& in) {
  Sample s;
  while (const std::uint32_t tag = in.ReadTag()) {
    const int field = WireFormatLite::GetTagFieldNumber(tag);
    const auto wire = WireFormatLite::GetTagWireType(tag);
    if (field == kSampleMetricField && wire == WireFormatLite::WIRETYPE_VARINT) {
      std::uint64_t v = 0;
      if (!in.ReadVarint64(&v)) undecodable();
      s.metric = static_cast<int>(static_cast<std::int32_t>(v));
    } else if (field == kSampleValueField && wire == WireFormatLite::WIRETYPE_FIXED32) {
      std::uint32_t bits = 0;
      if (!in.ReadLittleEndian32(&bits)) undecodable();
      std::memcpy(&s.value, &bits, sizeof s.value);
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      undecodable();
    }
  }
  if (!in.ConsumedEntireMessage()) undecodable();
  return s;
}

}  // namespace

std::optional<float> scan_frame_metric(std::string_view payload, v1::MetricId metric) {
  CodedInputStream in(reinterpret_cast<const std::uint8_t*>(payload.data()), static_cast<int>(payload.size()));
  std::optional<float> found;
  while (const std::uint32_t tag = in.ReadTag()) {
    if (WireFormatLite::GetTagFieldNumber(tag) == kMetricsField &&
        WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      std::uint32_t length = 0;
      if (!in.ReadVarint32(&length) || length > payload.size()) undecodable();
      const auto limit = in.PushLimit(static_cast<int>(length));
      const Sample s = read_sample(in);
      in.PopLimit(limit);
      if (!found && s.metric == metric) found = s.value;
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      undecodable();
    }
  }
  if (!in.ConsumedEntireMessage()) undecodable();
  return found;
}

}  // namespace runform::services
