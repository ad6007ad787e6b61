#include "tools/analysis_json.h"

namespace runform::tools {
namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

std::string_view kind_name(form::CueEventKind kind) {
  switch (kind) {
    case form::CueEventKind::kShow: return "cue";
    case form::CueEventKind::kPositive: return "positive";
    case form::CueEventKind::kClear: return "clear";
  }
  return "cue";
}

}  // namespace

json metrics_json(const form::MetricSet& metrics) {
  json out = json::object();
  for (const form::MetricInfo& mi : form::metric_catalog()) {
    const form::MetricValue& v = metrics[form::index(mi.id)];
    json m{{"value", optional_number(v.value)},
           {"unit", std::string(v.unit.empty() ? mi.unit : v.unit)},
           {"measurable", v.measurable()}};
    if (!v.measurable()) m["reason"] = std::string(v.reason);
    if (v.baseline) m["baseline"] = *v.baseline;
    if (v.plus_minus) m["plus_minus"] = *v.plus_minus;  // standard error, in the metric's unit
    out[std::string(mi.key)] = std::move(m);
  }
  return out;
}

json scores_json(const form::Scores& s) {
  return {{"head", optional_number(s.head)},
          {"shoulders", optional_number(s.shoulders)},
          {"arms", optional_number(s.arms)},
          {"overall", optional_number(s.overall)}};
}

json analysis_json(const form::AnalysisResult& r) {
  const form::SessionSummary& s = r.summary;
  json faults = json::array();
  for (form::MetricId id : s.faults) faults.push_back(std::string(form::info(id).key));
  auto spans_json = [](const std::vector<form::TimeSpan>& spans) {
    json out = json::array();
    for (const form::TimeSpan& span : spans) out.push_back({{"start_s", span.start_s}, {"end_s", span.end_s}});
    return out;
  };
  json fault_verdicts = json::array();
  for (const form::FaultVerdict& v : s.fault_verdicts) {
    fault_verdicts.push_back({{"metric", std::string(form::info(v.metric).key)},
                              {"basis", std::string(form::to_string(v.basis))},
                              {"share_of_running_strides", v.share},
                              {"developed_late", v.developed_late},
                              {"spans", spans_json(v.spans)}});
  }
  json drift = json::array();
  for (const form::Drift& d : s.drift) {
    drift.push_back({{"metric", std::string(form::info(d.metric).key)},
                     {"first", d.first},
                     {"last", d.last},
                     {"change", d.last - d.first},
                     {"flagged", d.flagged},
                     {"message", d.message}});
  }
  json worst = json::array();
  for (const form::WorstMoment& w : s.worst_moments) {
    worst.push_back(
        {{"t", w.t_s}, {"overall_score", w.overall_score}, {"worst_metric", std::string(form::info(w.worst_metric).key)}});
  }
  json drills = json::array();
  for (const form::DrillDef& d : s.drills) {
    json addresses = json::array();
    for (form::MetricId id : d.metrics) addresses.push_back(std::string(form::info(id).key));
    drills.push_back({{"id", d.id}, {"title", d.title}, {"dose", d.dose}, {"addresses", addresses}});
  }
  json breathing = nullptr;
  if (s.breathing) {
    breathing = {{"rise", s.breathing->rise}, {"rate_bpm", s.breathing->rate_bpm}, {"flagged", s.breathing->flagged}};
  }
  json cues = json::array();
  for (const form::CueEvent& c : r.cues) {
    cues.push_back({{"t", c.t_s}, {"id", c.id}, {"text", c.text}, {"kind", std::string(kind_name(c.kind))}});
  }
  json per_minute = json::array();
  for (const form::MinuteAggregate& m : s.per_minute) {
    per_minute.push_back({{"minute", m.minute}, {"metrics", metrics_json(m.metrics)}, {"scores", scores_json(m.scores)}});
  }
  return {
      {"input",
       {{"frames", r.frames},
        {"frames_rejected", r.frames_rejected},
        {"width", r.header.width_px},
        {"height", r.header.height_px},
        {"fps", r.header.fps}}},
      {"summary",
       {{"view", std::string(form::to_string(s.view))},
        {"strides", s.strides},
        {"running_s", s.running_s},
        {"walking_s", s.walking_s},
        {"holding_rails_s", s.holding_rails_s},
        {"holding_rails_spans", spans_json(s.holding_rails_spans)},
        {"metrics", metrics_json(s.metrics)},
        {"scores", scores_json(s.scores)},
        {"faults", faults},
        {"fault_verdicts", fault_verdicts},
        {"drift", drift},
        {"breathing", breathing},
        {"worst_moments", worst},
        {"drills", drills},
        {"recovery_notes", s.recovery_notes},
        {"disclaimer", "Coaching guidance, not a diagnosis. Persistent or severe pain needs a professional."}}},
      {"cues", cues},
      {"per_minute", per_minute},
  };
}

}  // namespace runform::tools
