#include "form/session_summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "form/plain_units.h"
#include "form/stats.h"
#include "form/thresholds.h"

namespace runform::form {
namespace {

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::vector<Drift> compute_drift(const std::vector<const StrideRecord*>& running, const SummaryParams& p) {
  std::vector<Drift> out;
  if (running.empty()) return out;
  const double start_s = running.front()->t_start_s + p.settle_s;
  std::vector<const StrideRecord*> stable;
  for (const StrideRecord* s : running) {
    if (s->t_start_s >= start_s) stable.push_back(s);
  }
  if (stable.size() < 5 * p.min_strides_per_fifth) return out;
  const double t0 = stable.front()->t_start_s;
  const double fifth_s = (stable.back()->t_end_s - t0) / 5.0;
  std::vector<const StrideRecord*> first, last;
  for (const StrideRecord* s : stable) {
    if (s->t_start_s < t0 + fifth_s) first.push_back(s);
    if (s->t_start_s >= t0 + 4.0 * fifth_s) last.push_back(s);
  }
  if (first.size() < p.min_strides_per_fifth || last.size() < p.min_strides_per_fifth) return out;
  const MetricSet a = aggregate(first, p.min_measurable_share);
  const MetricSet b = aggregate(last, p.min_measurable_share);
  for (const MetricInfo& mi : metric_catalog()) {
    const MetricValue& fa = a[index(mi.id)];
    const MetricValue& fb = b[index(mi.id)];
    const auto qa = judged_quantity(mi.id, fa);
    const auto qb = judged_quantity(mi.id, fb);
    if (!qa || !qb) continue;
    const MetricRule& rule = rule_for(mi.id, fb.unit == "cm");
    const double worsening = rule.higher_is_worse ? *qb - *qa : *qa - *qb;
    Drift d{mi.id, *fa.value, *fb.value, worsening > std::abs(rule.fault - rule.good), {}};
    d.message = drift_message(mi.id, *fa.value, *fb.value, fb.unit.empty() ? mi.unit : std::string_view(fb.unit),
                              fifth_s / 60.0);
    out.push_back(std::move(d));
  }
  return out;
}

// A stride touching a hands-on-rails episode (on the rails, or just before or after one, when
// the hands are half on) is never a worst moment: its arm metrics describe the rail.
std::vector<const StrideRecord*> clear_of_rails(const std::vector<StrideRecord>& strides) {
  std::vector<const StrideRecord*> out;
  for (std::size_t i = 0; i < strides.size(); ++i) {
    const bool touches = strides[i].holding_rails || (i > 0 && strides[i - 1].holding_rails) ||
                         (i + 1 < strides.size() && strides[i + 1].holding_rails);
    if (!touches && !strides[i].walking) out.push_back(&strides[i]);
  }
  return out;
}

std::vector<WorstMoment> worst_moments(const std::vector<const StrideRecord*>& candidates, const SummaryParams& p) {
  std::vector<const StrideRecord*> scored;
  for (const StrideRecord* s : candidates) {
    if (s->scores.overall) scored.push_back(s);
  }
  std::sort(scored.begin(), scored.end(),
            [](const StrideRecord* a, const StrideRecord* b) { return *a->scores.overall < *b->scores.overall; });
  std::vector<WorstMoment> out;
  for (const StrideRecord* s : scored) {
    if (out.size() >= p.worst_moment_count) break;
    const bool too_close = std::any_of(out.begin(), out.end(), [&](const WorstMoment& w) {
      return std::abs(w.t_s - s->t_start_s) < p.worst_moment_spacing_s;
    });
    if (too_close) continue;
    WorstMoment w{s->t_start_s, *s->scores.overall, MetricId::kHeadTilt};
    double worst_score = 101.0;
    for (const MetricInfo& mi : metric_catalog()) {
      if (mi.area == Area::kNone) continue;
      const auto ms = metric_score(mi.id, s->metrics[index(mi.id)]);
      if (ms && *ms < worst_score) {
        worst_score = *ms;
        w.worst_metric = mi.id;
      }
    }
    out.push_back(w);
  }
  std::sort(out.begin(), out.end(), [](const WorstMoment& a, const WorstMoment& b) { return a.t_s < b.t_s; });
  return out;
}

}  // namespace

std::string drift_words(MetricId id, double first, double last, std::string_view unit) {
  const double change = last - first;
  return "Your " + std::string(info(id).label) + (change >= 0 ? " rose " : " fell ") + plain_units(unit, std::abs(change));
}

std::string drift_message(MetricId id, double first, double last, std::string_view unit, double minutes) {
  const std::string span = minutes < 2.0 ? std::to_string(static_cast<int>(minutes * 60.0 + 0.5)) + " s"
                                         : format_number(minutes) + " min";
  return drift_words(id, first, last, unit) + " in the last " + span;
}

MetricSet aggregate(const std::vector<const StrideRecord*>& strides, double min_measurable_share) {
  MetricSet out;
  for (const MetricInfo& mi : metric_catalog()) {
    std::vector<double> values;
    std::vector<double> plus_minus;
    std::map<std::string_view, std::size_t> reasons;
    const MetricValue* sample = nullptr;
    for (const StrideRecord* s : strides) {
      const MetricValue& v = s->metrics[index(mi.id)];
      if (v.value) {
        values.push_back(*v.value);
        if (v.plus_minus) plus_minus.push_back(*v.plus_minus);
        sample = &v;
      } else {
        ++reasons[v.reason];
      }
    }
    MetricValue& result = out[index(mi.id)];
    if (!strides.empty() && !values.empty() &&
        static_cast<double>(values.size()) >= min_measurable_share * static_cast<double>(strides.size())) {
      result = *sample;
      result.value = median(std::move(values));
      // The typical stride's uncertainty (each is already a window of strides).
      result.plus_minus = median(std::move(plus_minus));
    } else {
      std::string_view why = reason::kTooShort;
      std::size_t most = 0;
      for (const auto& [r, n] : reasons) {
        if (n > most) {
          most = n;
          why = r;
        }
      }
      result = MetricValue::missing(why);
    }
  }
  return out;
}

SessionSummary summarize(const FormEngine& engine, const CoachingCatalog& catalog, const SummaryParams& p) {
  SessionSummary s;
  s.view = engine.view();
  // Walking (a warm-up) is not running form: it is timed, never measured or scored.
  std::vector<const StrideRecord*> all;
  for (const StrideRecord& r : engine.strides()) {
    if (r.walking) {
      s.walking_s += r.t_end_s - r.t_start_s;
      continue;
    }
    all.push_back(&r);
    s.running_s += r.t_end_s - r.t_start_s;
    if (r.holding_rails) s.holding_rails_s += r.t_end_s - r.t_start_s;
  }
  s.holding_rails_spans = holding_rails_spans(engine.strides());
  s.strides = all.size();
  s.metrics = aggregate(all, p.min_measurable_share);

  // Breathing: the median of the window estimates is steadier than any single one.
  std::vector<double> rises, rates;
  for (const BreathRecord& b : engine.breath_log()) {
    rises.push_back(b.estimate.rise);
    rates.push_back(b.estimate.rate_bpm);
  }
  if (!rises.empty()) {
    BreathingSummary br{*median(rises), *median(rates), false};
    MetricValue& v = s.metrics[index(MetricId::kShouldersBreathRise)];
    v = MetricValue::of(br.rise);
    br.flagged = is_fault(MetricId::kShouldersBreathRise, v);
    s.breathing = br;
  }

  s.scores = mean_running_scores(engine.strides(), p.min_measurable_share);
  s.fault_verdicts = judge_faults(engine.strides(), engine.cue_log(), catalog.cues);
  for (const FaultVerdict& v : s.fault_verdicts) s.faults.push_back(v.metric);
  // Breathing is judged over the whole session from its own long windows.
  if (s.breathing && s.breathing->flagged &&
      std::find(s.faults.begin(), s.faults.end(), MetricId::kShouldersBreathRise) == s.faults.end()) {
    s.faults.push_back(MetricId::kShouldersBreathRise);
    s.fault_verdicts.push_back({MetricId::kShouldersBreathRise, FaultBasis::kPersistent, 1.0, false, {}});
  }
  s.drift = compute_drift(all, p);
  s.worst_moments = worst_moments(clear_of_rails(engine.strides()), p);

  std::map<int, std::vector<const StrideRecord*>> by_minute;
  for (const StrideRecord* r : all) by_minute[static_cast<int>(std::floor(r->t_start_s / 60.0))].push_back(r);
  for (const auto& [minute, strides] : by_minute) {
    MinuteAggregate m{minute, aggregate(strides, p.min_measurable_share), {}};
    m.scores = score(m.metrics);
    s.per_minute.push_back(std::move(m));
  }

  // Drills for every flagged fault, and for faults that fatigue brought on.
  std::vector<MetricId> needs = s.faults;
  for (const Drift& d : s.drift) {
    if (d.flagged && std::find(needs.begin(), needs.end(), d.metric) == needs.end()) needs.push_back(d.metric);
  }
  for (const DrillDef& drill : catalog.drills) {
    const bool relevant = std::any_of(drill.metrics.begin(), drill.metrics.end(), [&](MetricId m) {
      return std::find(needs.begin(), needs.end(), m) != needs.end();
    });
    if (relevant) s.drills.push_back(drill);
  }
  s.recovery_notes = catalog.recovery_notes;
  return s;
}

}  // namespace runform::form
