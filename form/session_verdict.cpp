#include "form/session_verdict.h"

#include <algorithm>
#include <map>

namespace runform::form {
namespace {

bool has_fault(const StrideRecord& s, MetricId id) {
  return std::find(s.live_faults.begin(), s.live_faults.end(), id) != s.live_faults.end();
}

std::vector<TimeSpan> merge(const std::vector<TimeSpan>& pieces, double gap_s) {
  std::vector<TimeSpan> out;
  for (const TimeSpan& p : pieces) {
    if (!out.empty() && p.start_s - out.back().end_s <= gap_s) out.back().end_s = std::max(out.back().end_s, p.end_s);
    else out.push_back(p);
  }
  return out;
}

}  // namespace

std::string_view to_string(FaultBasis basis) {
  switch (basis) {
    case FaultBasis::kPersistent: return "persistent";
    case FaultBasis::kDevelopedLate: return "developed_late";
    case FaultBasis::kCued: return "cued";
  }
  return "persistent";
}

bool is_running_stride(const StrideRecord& s) { return !s.walking && !s.holding_rails; }

std::vector<FaultVerdict> judge_faults(const std::vector<StrideRecord>& strides, const std::vector<CueEvent>& cue_log,
                                       const std::vector<CueDef>& cues, const VerdictParams& params) {
  std::vector<const StrideRecord*> running;
  for (const StrideRecord& s : strides) {
    if (is_running_stride(s)) running.push_back(&s);
  }
  std::vector<FaultVerdict> out;
  if (running.empty() && cue_log.empty()) return out;

  // The last fifth of the running time.
  std::vector<const StrideRecord*> last_fifth;
  if (!running.empty()) {
    const double t0 = running.front()->t_start_s;
    const double cut_s = t0 + 0.8 * (running.back()->t_end_s - t0);
    for (const StrideRecord* s : running) {
      if (s->t_start_s >= cut_s) last_fifth.push_back(s);
    }
  }
  std::map<MetricId, bool> cued;
  for (const CueEvent& e : cue_log) {
    if (e.kind != CueEventKind::kShow) continue;
    for (const CueDef& c : cues) {
      if (c.id == e.id) cued[c.metric] = true;
    }
  }
  for (const MetricInfo& mi : metric_catalog()) {
    std::size_t live = 0;
    std::vector<TimeSpan> pieces;
    for (const StrideRecord* s : running) {
      if (!has_fault(*s, mi.id)) continue;
      ++live;
      pieces.push_back({s->t_start_s, s->t_end_s});
    }
    const std::size_t late_live = static_cast<std::size_t>(
        std::count_if(last_fifth.begin(), last_fifth.end(), [&](const StrideRecord* s) { return has_fault(*s, mi.id); }));
    FaultVerdict v;
    v.metric = mi.id;
    v.share = running.empty() ? 0.0 : static_cast<double>(live) / static_cast<double>(running.size());
    v.developed_late = last_fifth.size() >= params.min_strides_in_last_fifth &&
                       static_cast<double>(late_live) >= kLateFaultShare * static_cast<double>(last_fifth.size());
    v.spans = merge(pieces, params.merge_gap_s);
    if (v.share >= kPersistentFaultShare) v.basis = FaultBasis::kPersistent;
    else if (v.developed_late) v.basis = FaultBasis::kDevelopedLate;
    else if (cued.count(mi.id)) v.basis = FaultBasis::kCued;
    else continue;
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<TimeSpan> holding_rails_spans(const std::vector<StrideRecord>& strides, double merge_gap_s) {
  std::vector<TimeSpan> pieces;
  for (const StrideRecord& s : strides) {
    if (s.holding_rails) pieces.push_back({s.t_start_s, s.t_end_s});
  }
  return merge(pieces, merge_gap_s);
}

Scores mean_running_scores(const std::vector<StrideRecord>& strides, double min_measurable_share) {
  struct Mean {
    double sum = 0.0;
    int n = 0;
    void add(const std::optional<double>& v) {
      if (!v) return;
      sum += *v;
      ++n;
    }
    [[nodiscard]] std::optional<double> value() const {
      if (n == 0) return std::nullopt;
      return sum / n;
    }
  };
  Mean head, shoulders, arms;
  std::size_t not_walking = 0;
  for (const StrideRecord& s : strides) {
    if (!s.walking) ++not_walking;
    if (!is_running_stride(s)) continue;
    head.add(s.scores.head);
    shoulders.add(s.scores.shoulders);
    arms.add(s.scores.arms);
  }
  // As for the session metrics: an area scored in too few strides (the rest on the rails, say)
  // has no session score.
  auto enough = [&](const Mean& m) {
    return static_cast<double>(m.n) >= min_measurable_share * static_cast<double>(not_walking) ? m.value() : std::nullopt;
  };
  Scores out{enough(head), enough(shoulders), enough(arms), std::nullopt};
  double sum = 0.0;
  int count = 0;
  for (const auto& a : {out.head, out.shoulders, out.arms}) {
    if (a) {
      sum += *a;
      ++count;
    }
  }
  if (count > 0) out.overall = sum / count;
  return out;
}

}  // namespace runform::form
