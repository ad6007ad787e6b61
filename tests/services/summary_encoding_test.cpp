// The session verdict on the wire (issue 9): fault verdicts with their spans, the hands-on-rails
// spans and the walking time survive encode → bytes → the hub's validation → decode, so coaches
// and the dashboard see what the runner was told.
#include <gtest/gtest.h>

#include <algorithm>

#include "services/client/form_encoding.h"
#include "services/hub/wire_codec.h"
#include "support/sim_harness.h"

namespace runform::services {
namespace {

using form::MetricId;

// A front-view run whose arms start crossing late (fatigue) and who holds the rails for a while.
form::SessionSummary late_crossing_with_rails() {
  sim::SimulationSpec spec = testing::realistic_spec(form::View::kFront, 70.0, 31);
  spec.runner.fatigue = {{"midline_crossing", 0.3, 0.5}};
  spec.realism.hands_on_rails = {{20.0, 28.0}};
  return testing::simulate_and_analyze(spec).analysis.summary;
}

v1::SessionSummary through_bytes(const v1::SessionSummary& summary) {
  v1::SessionSummary back;
  EXPECT_TRUE(back.ParseFromString(summary.SerializeAsString()));
  return back;
}

void expect_same_spans(const std::vector<form::TimeSpan>& got, const std::vector<form::TimeSpan>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_NEAR(got[i].start_s, want[i].start_s, 1e-6);
    EXPECT_NEAR(got[i].end_s, want[i].end_s, 1e-6);
  }
}

TEST(SummaryEncoding, VerdictAndRailsSpansRoundTripAndPassTheHubsValidation) {
  const form::SessionSummary summary = late_crossing_with_rails();
  ASSERT_FALSE(summary.fault_verdicts.empty()) << "the late crossing must be in the verdict";
  ASSERT_FALSE(summary.holding_rails_spans.empty());

  const v1::SessionSummary wire = through_bytes(encode_summary(summary));
  const grpc::Status valid = validate_summary(wire);
  EXPECT_TRUE(valid.ok()) << valid.error_message();
  ASSERT_EQ(wire.fault_verdicts_size(), static_cast<int>(summary.fault_verdicts.size()));
  EXPECT_EQ(wire.faults_size(), wire.fault_verdicts_size()) << "one verdict per fault, same order";
  EXPECT_NEAR(wire.walking_s(), summary.walking_s, 1e-9);

  const std::vector<form::FaultVerdict> verdicts = decode_fault_verdicts(wire);
  ASSERT_EQ(verdicts.size(), summary.fault_verdicts.size());
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    const form::FaultVerdict& want = summary.fault_verdicts[i];
    EXPECT_EQ(verdicts[i].metric, want.metric);
    EXPECT_EQ(verdicts[i].basis, want.basis);
    EXPECT_EQ(verdicts[i].developed_late, want.developed_late);
    EXPECT_NEAR(verdicts[i].share, want.share, 1e-6);
    EXPECT_EQ(wire.faults(static_cast<int>(i)), to_wire(want.metric));
    expect_same_spans(verdicts[i].spans, want.spans);
  }
  const auto crossing = std::find_if(verdicts.begin(), verdicts.end(),
                                     [](const form::FaultVerdict& v) { return v.metric == MetricId::kArmsMidlineCrossing; });
  ASSERT_NE(crossing, verdicts.end()) << "the crossing that grew through the run is in the verdict";
  EXPECT_FALSE(crossing->spans.empty());
  expect_same_spans(decode_holding_rails_spans(wire), summary.holding_rails_spans);
  EXPECT_NEAR(decode_holding_rails_spans(wire).front().start_s, 20.0, 2.0);
}

TEST(SummaryEncoding, AFlickeringFaultIsMergedToTheWireBoundAndStillCoversItsEpisodes) {
  form::SessionSummary summary;
  form::FaultVerdict v{MetricId::kShouldersLevel, form::FaultBasis::kPersistent, 0.4, false, {}};
  for (int i = 0; i < 200; ++i) v.spans.push_back({10.0 * i, 10.0 * i + 3.0 + (i % 7)});
  summary.faults = {v.metric};
  summary.fault_verdicts = {v};
  for (int i = 0; i < 100; ++i) summary.holding_rails_spans.push_back({5.0 * i, 5.0 * i + 1.0});

  const v1::SessionSummary wire = through_bytes(encode_summary(summary));
  EXPECT_TRUE(validate_summary(wire).ok()) << validate_summary(wire).error_message();
  const std::vector<form::TimeSpan> spans = decode_fault_verdicts(wire).at(0).spans;
  ASSERT_EQ(spans.size(), kMaxWireSpans);
  EXPECT_NEAR(spans.front().start_s, 0.0, 1e-6);
  EXPECT_NEAR(spans.back().end_s, v.spans.back().end_s, 1e-6);
  for (std::size_t i = 1; i < spans.size(); ++i) EXPECT_GT(spans[i].start_s, spans[i - 1].end_s);
  // Every original span lies inside a merged one: nothing of the episode is lost.
  for (const form::TimeSpan& original : v.spans) {
    EXPECT_TRUE(std::any_of(spans.begin(), spans.end(), [&](const form::TimeSpan& s) {
      return s.start_s <= original.start_s + 1e-6 && s.end_s >= original.end_s - 1e-6;
    })) << original.start_s;
  }
  EXPECT_EQ(decode_holding_rails_spans(wire).size(), kMaxWireSpans);
}

TEST(SummaryEncoding, TheHubRefusesVerdictsThatMakeNoSense) {
  v1::SessionSummary base;
  auto* verdict = base.add_fault_verdicts();
  verdict->set_metric(v1::METRIC_ARMS_DRIVE);
  verdict->set_basis(v1::FaultVerdict::BASIS_CUED);
  verdict->set_share(0.1F);
  auto* span = verdict->add_spans();
  span->set_start_us(1'000'000);
  span->set_end_us(2'000'000);
  ASSERT_TRUE(validate_summary(base).ok()) << validate_summary(base).error_message();

  auto refused = [](const v1::SessionSummary& s) {
    const grpc::Status status = validate_summary(s);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    return status.error_message();
  };
  v1::SessionSummary backwards = base;
  backwards.mutable_fault_verdicts(0)->mutable_spans(0)->set_end_us(500'000);
  EXPECT_NE(refused(backwards).find("span"), std::string::npos);
  v1::SessionSummary share = base;
  share.mutable_fault_verdicts(0)->set_share(1.5F);
  EXPECT_NE(refused(share).find("share"), std::string::npos);
  v1::SessionSummary metric = base;
  metric.mutable_fault_verdicts(0)->set_metric(v1::METRIC_UNSPECIFIED);
  EXPECT_NE(refused(metric).find("metric"), std::string::npos);
  v1::SessionSummary rails = base;
  auto* rails_span = rails.add_holding_rails_spans();
  rails_span->set_start_us(-5);
  rails_span->set_end_us(10);
  EXPECT_NE(refused(rails).find("holding_rails_spans"), std::string::npos);
  v1::SessionSummary too_many = base;
  for (int i = 0; i < 65; ++i) too_many.add_holding_rails_spans()->set_end_us(i);
  refused(too_many);
}

}  // namespace
}  // namespace runform::services
