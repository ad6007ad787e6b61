// Field-by-field equality of the coach client's plain structs, for the round-trip tests (the
// structs hold form::PoseFrame, which has no operator==).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "services/client/coach_types.h"

namespace runform::testing {

inline void expect_same(const services::CoachScores& a, const services::CoachScores& b, const std::string& where) {
  EXPECT_EQ(a.head, b.head) << where;
  EXPECT_EQ(a.shoulders, b.shoulders) << where;
  EXPECT_EQ(a.arms, b.arms) << where;
  EXPECT_EQ(a.overall, b.overall) << where;
}

inline void expect_same_metrics(const std::vector<services::CoachMetricValue>& a,
                                const std::vector<services::CoachMetricValue>& b, const std::string& where) {
  std::map<form::MetricId, double> ma, mb;
  for (const auto& m : a) ma[m.metric] = m.value;
  for (const auto& m : b) mb[m.metric] = m.value;
  EXPECT_EQ(ma, mb) << where;
}

inline void expect_same(const services::CoachFrame& a, const services::CoachFrame& b) {
  const std::string where = "frame seq " + std::to_string(a.seq);
  EXPECT_EQ(a.seq, b.seq) << where;
  EXPECT_EQ(a.t_us, b.t_us) << where;
  for (std::size_t k = 0; k < form::kKeypointCount; ++k) {
    EXPECT_EQ(a.pose.keypoints[k].x_px, b.pose.keypoints[k].x_px) << where << " keypoint " << k;
    EXPECT_EQ(a.pose.keypoints[k].y_px, b.pose.keypoints[k].y_px) << where << " keypoint " << k;
    EXPECT_EQ(a.pose.keypoints[k].confidence, b.pose.keypoints[k].confidence) << where << " keypoint " << k;
  }
  expect_same_metrics(a.metrics, b.metrics, where);
  ASSERT_EQ(a.scores.has_value(), b.scores.has_value()) << where;
  if (a.scores) expect_same(*a.scores, *b.scores, where);
  ASSERT_EQ(a.cues.size(), b.cues.size()) << where;
  for (std::size_t i = 0; i < a.cues.size(); ++i) {
    EXPECT_EQ(a.cues[i].kind, b.cues[i].kind) << where;
    EXPECT_EQ(a.cues[i].cue_id, b.cues[i].cue_id) << where;
    EXPECT_EQ(a.cues[i].text, b.cues[i].text) << where;
  }
}

inline void expect_same(const services::CoachSession& a, const services::CoachSession& b) {
  const std::string where = "session " + a.session_id;
  EXPECT_EQ(a.session_id, b.session_id);
  EXPECT_EQ(a.kiosk_id, b.kiosk_id) << where;
  EXPECT_EQ(a.station_id, b.station_id) << where;
  EXPECT_EQ(a.athlete_id, b.athlete_id) << where;
  EXPECT_EQ(a.athlete_name, b.athlete_name) << where;
  EXPECT_EQ(a.view, b.view) << where;
  EXPECT_EQ(a.started_unix_ms, b.started_unix_ms) << where;
  EXPECT_EQ(a.image_width_px, b.image_width_px) << where;
  EXPECT_EQ(a.image_height_px, b.image_height_px) << where;
  EXPECT_EQ(a.fps, b.fps) << where;
  EXPECT_EQ(a.stored_seq, b.stored_seq) << where;
  EXPECT_EQ(a.closed, b.closed) << where;
  EXPECT_EQ(a.ended_unix_ms, b.ended_unix_ms) << where;
  EXPECT_EQ(a.duration_us, b.duration_us) << where;
  ASSERT_EQ(a.summary.has_value(), b.summary.has_value()) << where;
  if (!a.summary) {
    EXPECT_TRUE(a == b) << where;
    return;
  }
  const auto& sa = *a.summary;
  const auto& sb = *b.summary;
  EXPECT_EQ(sa.strides, sb.strides) << where;
  EXPECT_EQ(sa.running_s, sb.running_s) << where;
  EXPECT_EQ(sa.holding_rails_s, sb.holding_rails_s) << where;
  expect_same_metrics(sa.metrics, sb.metrics, where);
  expect_same(sa.scores, sb.scores, where);
  EXPECT_EQ(sa.faults, sb.faults) << where;
  ASSERT_EQ(sa.drift.size(), sb.drift.size()) << where;
  for (std::size_t i = 0; i < sa.drift.size(); ++i) {
    EXPECT_EQ(sa.drift[i].metric, sb.drift[i].metric) << where;
    EXPECT_EQ(sa.drift[i].first, sb.drift[i].first) << where;
    EXPECT_EQ(sa.drift[i].last, sb.drift[i].last) << where;
    EXPECT_EQ(sa.drift[i].flagged, sb.drift[i].flagged) << where;
    EXPECT_EQ(sa.drift[i].message, sb.drift[i].message) << where;
  }
  ASSERT_EQ(sa.worst_moments.size(), sb.worst_moments.size()) << where;
  for (std::size_t i = 0; i < sa.worst_moments.size(); ++i) {
    EXPECT_EQ(sa.worst_moments[i].t_us, sb.worst_moments[i].t_us) << where;
    EXPECT_EQ(sa.worst_moments[i].overall_score, sb.worst_moments[i].overall_score) << where;
    EXPECT_EQ(sa.worst_moments[i].worst_metric, sb.worst_moments[i].worst_metric) << where;
  }
  EXPECT_EQ(sa.drill_ids, sb.drill_ids) << where;
  EXPECT_EQ(sa.interrupted, sb.interrupted) << where;
  EXPECT_EQ(sa.walking_s, sb.walking_s) << where;
  EXPECT_EQ(sa.holding_rails_spans, sb.holding_rails_spans) << where << ": the hands-on-rails spans";
  ASSERT_EQ(sa.fault_verdicts.size(), sb.fault_verdicts.size()) << where;
  for (std::size_t i = 0; i < sa.fault_verdicts.size(); ++i) {
    const auto& va = sa.fault_verdicts[i];
    const auto& vb = sb.fault_verdicts[i];
    EXPECT_EQ(va.metric, vb.metric) << where << " verdict " << i;
    EXPECT_EQ(va.basis, vb.basis) << where << " verdict " << i;
    EXPECT_EQ(va.share, vb.share) << where << " verdict " << i;
    EXPECT_EQ(va.developed_late, vb.developed_late) << where << " verdict " << i;
    EXPECT_EQ(va.spans, vb.spans) << where << " verdict " << i;
  }
  // And the whole struct, so a field added to the summary later and dropped by an export fails here
  // even before the lines above learn its name.
  EXPECT_TRUE(a == b) << where << ": the sessions differ in a field not compared above";
}

inline void expect_same(const std::vector<services::CoachAnnotation>& a,
                        const std::vector<services::CoachAnnotation>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].annotation_id, b[i].annotation_id) << "note " << i;
    EXPECT_EQ(a[i].session_id, b[i].session_id) << "note " << i;
    EXPECT_EQ(a[i].t_us, b[i].t_us) << "note " << i;
    EXPECT_EQ(a[i].kind, b[i].kind) << "note " << i;
    EXPECT_EQ(a[i].author, b[i].author) << "note " << i;
    EXPECT_EQ(a[i].text, b[i].text) << "note " << i;
    EXPECT_EQ(a[i].created_unix_ms, b[i].created_unix_ms) << "note " << i;
  }
  EXPECT_TRUE(a == b);
}

}  // namespace runform::testing
