#include "tools/text_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "form/plain_units.h"
#include "form/thresholds.h"

namespace runform::tools {
namespace {

std::string format(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

// "-0" reads oddly; rounding decides the sign.
double tidy(double v, double step) {
  const double r = std::round(v / step) * step;
  return r == 0.0 ? 0.0 : r;
}

std::string capitalised(std::string_view text) {
  std::string s(text);
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// One value in the words and units a runner reads (form/plain_units.h).
std::string readable(const form::MetricInfo& mi, std::string_view unit, double v, const ReportOptions& o) {
  // Arm crossing is signed: below zero the wrist stops short of the midline.
  if (mi.id == form::MetricId::kArmsMidlineCrossing) {
    return form::plain_units(unit, std::fabs(v), o.height_cm) + (tidy(100.0 * v, 1.0) < 0 ? " short of the midline" : " across the midline");
  }
  return form::plain_units(unit, v, o.height_cm);
}

// Terminal columns of UTF-8 text: continuation bytes take none.
std::size_t columns_of(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// Text padded with spaces to `width` columns.
std::string padded(const std::string& text, std::size_t width) {
  const std::size_t used = columns_of(text);
  return used >= width ? text : text + std::string(width - used, ' ');
}

std::string_view unit_of(const form::MetricInfo& mi, const form::MetricValue& v) { return v.unit.empty() ? mi.unit : v.unit; }

std::string clock(double t_s) {
  const int whole = static_cast<int>(std::floor(t_s));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d:%02d", whole / 60, whole % 60);
  return buf;
}

std::string duration(double s) {
  const int whole = static_cast<int>(std::lround(s));
  if (whole < 60) return std::to_string(whole) + " s";
  return std::to_string(whole / 60) + " min " + std::to_string(whole % 60) + " s";
}

std::string score_line(std::string_view name, const std::optional<double>& score) {
  char buf[128];
  if (!score) {
    std::snprintf(buf, sizeof buf, "  %-10s  —   not measurable in this view\n", std::string(name).c_str());
    return buf;
  }
  constexpr int kBarCells = 20;
  const int filled = std::clamp(static_cast<int>(std::lround(*score / 100.0 * kBarCells)), 0, kBarCells);
  std::snprintf(buf, sizeof buf, "  %-10s %3.0f  ", std::string(name).c_str(), *score);
  return buf + std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(kBarCells - filled), '.') +
         "\n";
}

bool is_session_fault(const form::SessionSummary& s, form::MetricId id) {
  return std::find(s.faults.begin(), s.faults.end(), id) != s.faults.end();
}

const form::Drift* flagged_drift(const form::SessionSummary& s, form::MetricId id) {
  for (const form::Drift& d : s.drift) {
    if (d.flagged && d.metric == id) return &d;
  }
  return nullptr;
}

// What the runner should work on: the session's faults, and what worsened as they tired (a
// fault that developed late is part of the verdict too, PRODUCT.md).
bool needs_work(const form::SessionSummary& s, form::MetricId id) { return is_session_fault(s, id) || flagged_drift(s, id); }

// Wraps text to the report's width, indenting continuation lines under the first.
std::string wrapped(const std::string& first_prefix, const std::string& text) {
  const std::string indent(first_prefix.size(), ' ');
  std::string out;
  std::string line = first_prefix;
  std::size_t visible = indent.size();
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t space = text.find(' ', pos);
    const std::string word = text.substr(pos, space == std::string::npos ? std::string::npos : space - pos);
    pos = space == std::string::npos ? text.size() : space + 1;
    const std::size_t columns = columns_of(word);
    if (visible > indent.size() && visible + 1 + columns > static_cast<std::size_t>(kReportColumns)) {
      out += line + "\n";
      line = indent;
      visible = indent.size();
    }
    if (visible > indent.size()) {
      line += ' ';
      ++visible;
    }
    line += word;
    visible += columns;
  }
  return out + line + "\n";
}

// The target a runner aims for, from the metric's fault threshold (form/thresholds.h).
std::string aim(const form::MetricInfo& mi, std::string_view unit, const ReportOptions& o) {
  if (mi.id == form::MetricId::kArmsMidlineCrossing) return "aim to keep your wrists from crossing the midline";
  const form::MetricRule& rule = form::rule_for(mi.id, unit == "cm");
  const std::string limit = readable(mi, unit, rule.fault, o);
  std::string text = rule.absolute ? "aim for within ±" + limit : rule.higher_is_worse ? "aim for under " + limit : "aim for over " + limit;
  if (rule.relative_to_baseline) text += " more than standing";
  return text;
}

void write_faults(const form::SessionSummary& s, const ReportOptions& o, std::ostream& out) {
  out << "What to work on\n";
  bool any = !s.faults.empty();
  for (const form::MetricId id : s.faults) {
    const form::MetricInfo& mi = form::info(id);
    const form::MetricValue& v = s.metrics[form::index(id)];
    std::string text = capitalised(mi.label);
    const std::string_view unit = unit_of(mi, v);
    if (v.value) text += ": " + readable(mi, unit, *v.value, o);
    if (v.value && v.plus_minus) text += " (± " + readable(mi, unit, *v.plus_minus, o) + ")";
    if (v.value && v.baseline) text += " (standing: " + readable(mi, unit, *v.baseline, o) + ")";
    out << wrapped("  ! ", text + "; " + aim(mi, unit, o) + ".");
  }
  for (const form::Drift& d : s.drift) {
    if (!d.flagged || is_session_fault(s, d.metric)) continue;
    any = true;
    const form::MetricInfo& mi = form::info(d.metric);
    const std::string_view unit = unit_of(mi, s.metrics[form::index(d.metric)]);
    out << wrapped("  ! ", capitalised(mi.label) + " as you tired: " + readable(mi, unit, d.last, o) + " by the end; " +
                               aim(mi, unit, o) + ".");
  }
  if (!any) out << "  Nothing stood out: your form held up well.\n";
  out << "\n";
}

void write_drift(const form::SessionSummary& s, const ReportOptions& o, std::ostream& out) {
  out << "As you tired (first fifth of the run -> last fifth)\n";
  bool any = false;
  for (const form::Drift& d : s.drift) {
    if (!d.flagged) continue;
    any = true;
    const form::MetricInfo& mi = form::info(d.metric);
    const std::string_view unit = unit_of(mi, s.metrics[form::index(d.metric)]);
    out << wrapped("  ! ", capitalised(mi.label) + " went from " + readable(mi, unit, d.first, o) + " to " +
                               readable(mi, unit, d.last, o) + ".");
  }
  if (!any) out << "  Your form held steady.\n";
  out << "\n";
}

void write_cues(const form::AnalysisResult& r, std::ostream& out) {
  out << "Cues you saw\n";
  bool any = false;
  for (const form::CueEvent& c : r.cues) {
    if (c.kind == form::CueEventKind::kClear || c.text.empty()) continue;
    any = true;
    out << wrapped("  " + clock(c.t_s) + (c.kind == form::CueEventKind::kPositive ? "  + " : "    "), c.text);
  }
  if (!any) out << "  None.\n";
  out << "\n";
}

void write_measurements(const form::SessionSummary& s, const ReportOptions& o, std::ostream& out) {
  out << "Your measurements (! = work on this)\n";
  std::map<std::string, std::vector<std::string>> unmeasurable;  // reason -> labels
  bool estimated = false;  // a length given for the reference runner
  for (const form::MetricInfo& mi : form::metric_catalog()) {
    const form::MetricValue& v = s.metrics[form::index(mi.id)];
    if (!v.value) {
      unmeasurable[std::string(v.reason.empty() ? "not enough data" : v.reason)].push_back(std::string(mi.label));
      continue;
    }
    out << (needs_work(s, mi.id) ? "  ! " : "    ") << padded(capitalised(mi.label), 26)
        << readable(mi, unit_of(mi, v), *v.value, o) << "\n";
    estimated = estimated || form::plain_units_estimated(unit_of(mi, v), o.height_cm);
  }
  if (estimated) {
    out << wrapped("  ", "Lengths marked \"about\" are for a " + format("%.0f", form::kReferenceHeightCm) +
                             " cm runner; give your height (--height-cm) for your own.");
  }
  if (!unmeasurable.empty()) {
    out << "\nNot measured\n";
    for (const auto& [reason, labels] : unmeasurable) {
      std::string list;
      for (const std::string& l : labels) list += (list.empty() ? "" : ", ") + l;
      out << wrapped("  - ", capitalised(reason) + ": " + list + ".");
    }
  }
  out << "\n";
}

}  // namespace

void write_text_report(const form::AnalysisResult& r, const ReportOptions& o, std::ostream& out) {
  const form::SessionSummary& s = r.summary;
  out << "RunForm: your run\n";
  out << wrapped("  ", capitalised(form::to_string(s.view)) + " view, " + duration(s.running_s) + " running, " +
                           std::to_string(s.strides) + " strides.");
  if (s.holding_rails_s > 0.0) {
    out << wrapped("  ", "Hands on the rails for " + duration(s.holding_rails_s) + ": that time is not scored.");
  }
  out << "\nScores (0-100)\n";
  out << score_line("Head", s.scores.head) << score_line("Shoulders", s.scores.shoulders) << score_line("Arms", s.scores.arms)
      << score_line("Overall", s.scores.overall) << "\n";
  write_faults(s, o, out);
  write_drift(s, o, out);
  write_cues(r, out);
  write_measurements(s, o, out);
  out << "Drills\n";
  for (const form::DrillDef& d : s.drills) out << wrapped("  - ", d.title + " (" + d.dose + ")");
  if (s.drills.empty()) out << "  None needed: keep it up.\n";
  if (!s.recovery_notes.empty()) {
    out << "\nRecovery\n";
    for (const std::string& n : s.recovery_notes) out << wrapped("  - ", n);
  }
  out << "\nCoaching guidance, not a diagnosis.\n";
  if (s.recovery_notes.empty()) out << "Persistent or severe pain needs a professional.\n";
}

}  // namespace runform::tools
