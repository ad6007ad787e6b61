#include "dashboard/assessment_drafts.h"

#include <charconv>
#include <cstdio>
#include <optional>
#include <set>

namespace runform::dashboard {
namespace {

constexpr std::size_t kMaxCodeChars = 32;  // docs/assessments.md: codes are 1–32 characters

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

template <typename T>
std::optional<T> number(const std::string& text) {
  const std::string t = trimmed(text);
  T value{};
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec != std::errc() || end != t.data() + t.size() || t.empty()) return std::nullopt;
  return value;
}

std::string range_text(double lo, double hi) {
  char text[48];
  std::snprintf(text, sizeof text, "%g–%g", lo, hi);
  return text;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool valid_date(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  const auto y = number<int>(d.substr(0, 4)), m = number<int>(d.substr(5, 2)), day = number<int>(d.substr(8, 2));
  if (!y || !m || !day || *m < 1 || *m > 12 || *day < 1) return false;
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return *day <= kDays[*m - 1] + (*m == 2 && leap(*y) ? 1 : 0);
}

}  // namespace

std::string step_field(std::size_t index, const char* field) {
  return "step-" + std::to_string(index + 1) + "-" + field;
}

FieldErrors check_protocol(const ProtocolDraft& draft) {
  FieldErrors errors;
  if (trimmed(draft.name).empty()) errors["protocol-name"] = "give the protocol a name";
  if (draft.steps.empty()) errors["protocol-steps"] = "add at least one step";
  if (draft.steps.size() > static_cast<std::size_t>(kMaxProtocolSteps)) {
    errors["protocol-steps"] = "at most " + std::to_string(kMaxProtocolSteps) + " steps; remove some";
  }
  for (std::size_t i = 0; i < draft.steps.size(); ++i) {
    const StepDraft& s = draft.steps[i];
    if (trimmed(s.label).empty()) errors[step_field(i, "label")] = "name the step (shown to the runner)";
    const std::string range = range_text(kMinStepSeconds, kMaxStepSeconds) + " s";
    if (trimmed(s.duration_s).empty()) {
      errors[step_field(i, "duration")] = "a duration is needed: " + range;
    } else if (const auto d = number<int>(s.duration_s); !d || *d < kMinStepSeconds || *d > kMaxStepSeconds) {
      errors[step_field(i, "duration")] = "whole seconds, " + range;
    }
    if (!trimmed(s.speed_kmh).empty()) {
      if (const auto v = number<double>(s.speed_kmh); !v || *v < kMinSpeedKmh || *v > kMaxSpeedKmh) {
        errors[step_field(i, "speed")] = "speed " + range_text(kMinSpeedKmh, kMaxSpeedKmh) + " km/h, or empty";
      }
    }
    if (!trimmed(s.incline_pct).empty()) {
      if (const auto v = number<double>(s.incline_pct); !v || *v < kMinInclinePct || *v > kMaxInclinePct) {
        errors[step_field(i, "incline")] = "incline " + range_text(kMinInclinePct, kMaxInclinePct) + " %, or empty";
      }
    }
  }
  return errors;
}

services::ProtocolSpec to_protocol(const ProtocolDraft& draft) {
  services::ProtocolSpec spec;
  spec.name = trimmed(draft.name);
  for (const StepDraft& s : draft.steps) {
    services::ProtocolStepSpec step;
    step.label = trimmed(s.label);
    step.kind = s.calibration ? services::StepKind::kCalibration : services::StepKind::kRun;
    step.duration_s = number<int>(s.duration_s).value_or(0);
    step.view = s.side_view ? form::View::kSide : form::View::kFront;
    step.speed_kmh = number<double>(s.speed_kmh);
    step.incline_pct = number<double>(s.incline_pct);
    step.instructions = s.instructions;
    spec.steps.push_back(step);
  }
  return spec;
}

ProtocolDraft draft_from(const services::ProtocolSpec& saved) {
  // "%g": 11 km/h reads "11", 10.5 reads "10.5", as staff would type them.
  const auto text = [](std::optional<double> v) {
    if (!v) return std::string();
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", *v);
    return std::string(buffer);
  };
  ProtocolDraft draft;
  draft.name = saved.name + " (copy)";
  for (const auto& step : saved.steps) {
    draft.steps.push_back({step.label, step.kind == services::StepKind::kCalibration, step.view == form::View::kSide,
                           std::to_string(step.duration_s), text(step.speed_kmh), text(step.incline_pct),
                           step.instructions});
  }
  return draft;
}

std::vector<std::string> station_list(const std::string& typed) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  std::string current;
  const auto flush = [&] {
    if (!current.empty() && seen.insert(current).second) ids.push_back(current);
    current.clear();
  };
  for (const char c : typed) {
    if (c == ',' || c == ' ' || c == '\t') {
      flush();
    } else {
      current += c;
    }
  }
  flush();
  return ids;
}

std::string toggle_station(const std::string& typed, const std::string& id) {
  std::vector<std::string> ids = station_list(typed);
  if (std::erase(ids, id) == 0) ids.push_back(id);
  std::string out;
  for (const auto& s : ids) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::vector<std::string> known_stations(const std::vector<services::AssessmentInfo>& assessments) {
  std::set<std::string> ids;
  for (const auto& a : assessments) ids.insert(a.station_ids.begin(), a.station_ids.end());
  return {ids.begin(), ids.end()};
}

FieldErrors check_assessment(const AssessmentDraft& draft) {
  FieldErrors errors;
  if (trimmed(draft.name).empty()) errors["assessment-name"] = "give the day a name";
  if (!valid_date(trimmed(draft.date))) errors["assessment-date"] = "a date like 2026-04-18 (YYYY-MM-DD)";
  if (station_list(draft.stations).empty()) errors["assessment-stations"] = "at least one station id, e.g. st-1, st-2";
  return errors;
}

FieldErrors check_athlete(const services::RosterAthlete& athlete) {
  FieldErrors errors;
  if (trimmed(athlete.name).empty()) errors["athlete-name"] = "the athlete's name";
  const std::string code = trimmed(athlete.athlete_code);
  if (code.empty() || code.size() > kMaxCodeChars || code.find_first_of(" \t:") != std::string::npos) {
    errors["athlete-code"] = "1–32 characters, no spaces or colons (it is on the badge)";
  }
  return errors;
}

}  // namespace runform::dashboard
