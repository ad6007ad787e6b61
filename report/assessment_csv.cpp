#include "report/assessment_csv.h"

#include <cstdio>

#include "form/metric_catalog.h"

namespace runform::report {

namespace {

std::string quoted(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string out = "\"";
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string number(const std::optional<double>& value, int decimals) {
  if (!value) return {};
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, *value);
  return text;
}

template <typename T, typename Fn>
std::string joined(const std::vector<T>& items, Fn&& text) {
  std::string out;
  for (const T& item : items) {
    if (!out.empty()) out += ';';
    out += text(item);
  }
  return out;
}

}  // namespace

std::string assessment_results_csv(const services::AssessmentResults& results) {
  const int step_count = static_cast<int>(results.assessment.protocol.steps.size());
  std::string csv = "code,name,group,coach,status,steps_done,steps_total,overall,head,shoulders,arms";
  for (const form::MetricInfo& metric : form::metric_catalog()) csv += "," + std::string(metric.key);
  csv += ",faults,sessions\n";
  for (const services::AthleteResultRow& a : results.athletes) {
    std::vector<std::string> fields = {a.athlete.athlete_code, a.athlete.name, a.athlete.squad, a.athlete.coach,
                                       a.complete ? "complete" : "incomplete", std::to_string(a.steps_completed),
                                       std::to_string(step_count)};
    const services::AreaScores scores = a.scores.value_or(services::AreaScores{});
    for (const auto& score : {scores.overall, scores.head, scores.shoulders, scores.arms}) fields.push_back(number(score, 1));
    for (const form::MetricInfo& metric : form::metric_catalog()) {
      const auto it = a.metrics.find(metric.id);
      fields.push_back(number(it == a.metrics.end() ? std::nullopt : std::optional<double>(it->second), 3));
    }
    fields.push_back(joined(a.faults, [](form::MetricId id) { return std::string(form::info(id).key); }));
    std::vector<std::string> sessions;
    for (const auto& step : a.steps) {
      if (!step.session_id.empty()) sessions.push_back(step.session_id);
    }
    fields.push_back(joined(sessions, [](const std::string& s) { return s; }));
    for (std::size_t i = 0; i < fields.size(); ++i) csv += (i == 0 ? "" : ",") + quoted(fields[i]);
    csv += '\n';
  }
  return csv;
}

}  // namespace runform::report
