#include "report/assessment_pack.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>
#include <stdexcept>
#include <system_error>

#include "form/metric_catalog.h"

namespace runform::report {

namespace {

using services::AreaScores;
using services::AssessmentResults;
using services::AthleteResultRow;

constexpr double kPageWidthPt = 595.0;   // A4
constexpr double kPageHeightPt = 842.0;
constexpr double kMarginPt = 48.0;
constexpr double kLinePt = 16.0;
constexpr double kFaultRed[3] = {0.78, 0.1, 0.1};
constexpr double kGrey[3] = {0.4, 0.4, 0.4};
constexpr double kBlack[3] = {0, 0, 0};
constexpr double kGood[3] = {0.1, 0.5, 0.2};

std::string score_text(const std::optional<double>& value) {
  if (!value) return "—";
  char text[16];
  std::snprintf(text, sizeof text, "%.0f", *value);
  return text;
}

std::string change_text(const std::optional<double>& now, const std::optional<double>& before) {
  if (!now || !before) return "";
  char text[32];
  std::snprintf(text, sizeof text, "%+.0f", *now - *before);
  return text;
}

std::string status_text(const AthleteResultRow& a, int step_count) {
  if (a.complete) return "complete";
  return "incomplete (" + std::to_string(a.steps_completed) + " of " + std::to_string(step_count) + " steps)";
}

const AthleteResultRow* previous_of(const AthleteResultRow& a, const std::optional<AssessmentResults>& previous) {
  if (!previous) return nullptr;
  for (const auto& p : previous->athletes) {
    if (p.athlete.athlete_code == a.athlete.athlete_code) return &p;
  }
  for (const auto& p : previous->athletes) {
    if (p.athlete.name == a.athlete.name) return &p;
  }
  return nullptr;
}

std::string cue_for(form::MetricId metric, const form::CoachingCatalog& catalog) {
  for (const auto& cue : catalog.cues) {
    if (cue.metric == metric) return cue.text;
  }
  return {};
}

/// Drills of the athlete's run steps, each once, in the order the summaries gave them.
std::vector<const form::DrillDef*> drills_of(const AthleteResultRow& a, const form::CoachingCatalog& catalog) {
  std::vector<const form::DrillDef*> out;
  std::set<std::string> seen;
  for (const auto& step : a.steps) {
    if (!step.summary) continue;
    for (const std::string& id : step.summary->drill_ids) {
      if (!seen.insert(id).second) continue;
      for (const auto& drill : catalog.drills) {
        if (drill.id == id) out.push_back(&drill);
      }
    }
  }
  return out;
}

/// Writes text on a PDF page, top to bottom.
class Page {
 public:
  explicit Page(cairo_t* cr) : cr_(cr) {}
  /// Draws a line at x, shortened with an ellipsis where it would pass the right margin.
  void text(const std::string& line, double x, double size_pt, bool bold, const double (&rgb)[3]) {
    cairo_select_font_face(cr_, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size_pt);
    cairo_set_source_rgb(cr_, rgb[0], rgb[1], rgb[2]);
    std::string shown = line;
    cairo_text_extents_t extents;
    const double width = kPageWidthPt - kMarginPt - x;
    for (cairo_text_extents(cr_, shown.c_str(), &extents); extents.x_advance > width && !shown.empty();
         cairo_text_extents(cr_, (shown + "…").c_str(), &extents)) {
      shown.pop_back();
      while (!shown.empty() && (static_cast<unsigned char>(shown.back()) & 0xC0) == 0x80) shown.pop_back();
    }
    if (shown != line) shown += "…";
    cairo_move_to(cr_, x, y_);
    cairo_show_text(cr_, shown.c_str());
  }
  void next_line(double factor = 1.0) { y_ += kLinePt * factor; }
  void rule() {
    cairo_set_source_rgb(cr_, 0.75, 0.75, 0.75);
    cairo_set_line_width(cr_, 0.6);
    cairo_move_to(cr_, kMarginPt, y_ - 11);
    cairo_line_to(cr_, kPageWidthPt - kMarginPt, y_ - 11);
    cairo_stroke(cr_);
  }
  [[nodiscard]] bool full() const { return y_ > kPageHeightPt - kMarginPt; }
  void new_page() {
    cairo_show_page(cr_);
    y_ = kMarginPt;
  }
  [[nodiscard]] double y() const { return y_; }

 private:
  cairo_t* cr_;
  double y_ = kMarginPt;
};

/// Mean of the athletes' values that exist.
std::optional<double> group_mean(const AssessmentResults& results, std::optional<double> AreaScores::*area) {
  double sum = 0;
  int count = 0;
  for (const auto& a : results.athletes) {
    if (a.scores && (*a.scores).*area) {
      sum += *((*a.scores).*area);
      ++count;
    }
  }
  if (count == 0) return std::nullopt;
  return sum / count;
}

void summary_page(Page& page, const AssessmentResults& results) {
  const auto& info = results.assessment;
  page.text(info.name + " — " + info.date, kMarginPt, 18, true, kBlack);
  page.next_line(1.4);
  std::string steps;
  for (const auto& step : info.protocol.steps) steps += (steps.empty() ? "" : ", ") + step.label;
  page.text("Protocol: " + info.protocol.name + " (" + steps + ")", kMarginPt, 10, false, kGrey);
  page.next_line(2);
  const double columns[] = {kMarginPt, kMarginPt + 135, kMarginPt + 190, kMarginPt + 238, kMarginPt + 276, kMarginPt + 336,
                            kMarginPt + 372};
  const char* headers[] = {"Athlete", "Group", "Overall", "Head", "Shoulders", "Arms", "Faults / status"};
  for (int i = 0; i < 7; ++i) page.text(headers[i], columns[i], 9.5, true, kBlack);
  page.next_line();
  page.rule();
  const int step_count = static_cast<int>(info.protocol.steps.size());
  for (const auto& a : results.athletes) {
    const AreaScores s = a.scores.value_or(AreaScores{});
    page.text(a.athlete.name, columns[0], 9.5, false, kBlack);
    page.text(a.athlete.squad, columns[1], 9.5, false, kGrey);
    page.text(score_text(s.overall), columns[2], 9.5, true, kBlack);
    page.text(score_text(s.head), columns[3], 9.5, false, kBlack);
    page.text(score_text(s.shoulders), columns[4], 9.5, false, kBlack);
    page.text(score_text(s.arms), columns[5], 9.5, false, kBlack);
    if (!a.complete) {
      page.text(status_text(a, step_count), columns[6], 9, false, kGrey);
    } else if (a.faults.empty()) {
      page.text("no faults", columns[6], 9, false, kGood);
    } else {
      std::string faults;
      for (const auto id : a.faults) faults += (faults.empty() ? "" : ", ") + std::string(form::info(id).label);
      page.text(faults, columns[6], 8, false, kFaultRed);
    }
    page.next_line();
    if (page.full()) page.new_page();
  }
  page.rule();
  page.text("Group average", columns[0], 9.5, true, kBlack);
  page.text(score_text(group_mean(results, &AreaScores::overall)), columns[2], 9.5, true, kBlack);
  page.text(score_text(group_mean(results, &AreaScores::head)), columns[3], 9.5, true, kBlack);
  page.text(score_text(group_mean(results, &AreaScores::shoulders)), columns[4], 9.5, true, kBlack);
  page.text(score_text(group_mean(results, &AreaScores::arms)), columns[5], 9.5, true, kBlack);
  page.next_line(1.6);
  page.text("Scores 0–100 (higher is better), the mean of the run steps. — means not measured, never a zero.",
            kMarginPt, 8.5, false, kGrey);
}

}  // namespace

std::vector<std::string> athlete_page_lines(const AssessmentResults& results, std::size_t index,
                                            const std::optional<AssessmentResults>& previous,
                                            const form::CoachingCatalog& catalog) {
  const AthleteResultRow& a = results.athletes.at(index);
  const auto& protocol = results.assessment.protocol;
  std::vector<std::string> lines;
  lines.push_back(a.athlete.name + (a.athlete.squad.empty() ? "" : " · " + a.athlete.squad) +
                  (a.athlete.coach.empty() ? "" : " · coach: " + a.athlete.coach));
  lines.push_back(results.assessment.name + " — " + results.assessment.date + " — " +
                  status_text(a, static_cast<int>(protocol.steps.size())));
  const AthleteResultRow* before = previous_of(a, previous);
  const AreaScores now = a.scores.value_or(AreaScores{});
  const AreaScores then = before != nullptr ? before->scores.value_or(AreaScores{}) : AreaScores{};
  const std::pair<const char*, std::optional<double> AreaScores::*> areas[] = {
      {"Overall", &AreaScores::overall}, {"Head", &AreaScores::head}, {"Shoulders", &AreaScores::shoulders}, {"Arms", &AreaScores::arms}};
  lines.push_back("SCORES");
  for (const auto& [label, area] : areas) {
    std::string line = std::string(label) + ": " + score_text(now.*area);
    if (before != nullptr) {
      const std::string change = change_text(now.*area, then.*area);
      line += before->scores && (then.*area) ? "   (last time " + score_text(then.*area) + (change.empty() ? "" : ", " + change) + ")"
                                             : "   (last time not measured)";
    }
    lines.push_back(line);
  }
  if (previous && before == nullptr) lines.push_back("No previous assessment to compare with.");
  if (previous && before != nullptr) lines.push_back("Compared with " + previous->assessment.name + " (" + previous->assessment.date + ")");
  lines.push_back("STEPS");
  for (std::size_t i = 0; i < protocol.steps.size(); ++i) {
    const auto& step = i < a.steps.size() ? a.steps[i] : services::StepResultRow{};
    std::string line = protocol.steps[i].label + ": ";
    if (!step.completed) {
      line += "not done";
    } else if (!step.summary) {
      line += "done, upload pending";
    } else if (protocol.steps[i].kind == services::StepKind::kCalibration) {
      line += "done";
    } else {
      line += "overall " + score_text(step.summary->scores.overall);
    }
    if (step.attempts > 1) line += " (" + std::to_string(step.attempts) + " attempts)";
    lines.push_back(line);
  }
  lines.push_back("WHAT TO WORK ON");
  if (a.faults.empty()) lines.push_back(a.steps_completed > 0 ? "No faults found — keep it up." : "Nothing measured yet.");
  for (const auto id : a.faults) {
    const std::string cue = cue_for(id, catalog);
    std::string label(form::info(id).label);
    if (!label.empty()) label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
    lines.push_back(label + (cue.empty() ? "" : ": “" + cue + "”"));
  }
  const auto drills = drills_of(a, catalog);
  if (!drills.empty()) {
    lines.push_back("DRILLS");
    for (const auto* drill : drills) lines.push_back(drill->title + " — " + drill->dose);
  }
  return lines;
}

void write_assessment_pack(const std::filesystem::path& file, const AssessmentResults& results,
                           const std::optional<AssessmentResults>& previous, const form::CoachingCatalog& catalog,
                           const PackProgress& progress) {
  if (results.athletes.empty()) throw std::runtime_error("no athletes to report: import the roster first (or check the coach filter)");
  const std::filesystem::path partial = file.string() + ".partial";
  const int pages_total = 1 + static_cast<int>(results.athletes.size());
  {
    std::unique_ptr<cairo_surface_t, void (*)(cairo_surface_t*)> surface(
        cairo_pdf_surface_create(partial.c_str(), kPageWidthPt, kPageHeightPt), cairo_surface_destroy);
    std::unique_ptr<cairo_t, void (*)(cairo_t*)> cr(cairo_create(surface.get()), cairo_destroy);
    Page page(cr.get());
    summary_page(page, results);
    if (progress) progress(1, pages_total);
    for (std::size_t i = 0; i < results.athletes.size(); ++i) {
      page.new_page();
      bool first = true;
      for (const std::string& line : athlete_page_lines(results, i, previous, catalog)) {
        const bool heading = line == "SCORES" || line == "STEPS" || line == "WHAT TO WORK ON" || line == "DRILLS";
        if (heading) page.next_line(0.6);
        const bool fault_line = !heading && !results.athletes[i].faults.empty() && line.find("“") != std::string::npos;
        page.text(line, kMarginPt + (heading || first ? 0 : 12), first ? 18 : heading ? 12 : 10.5, first || heading,
                  fault_line ? kFaultRed : kBlack);
        page.next_line(first ? 1.6 : 1.0);
        first = false;
        if (page.full()) page.new_page();
      }
      if (progress) progress(static_cast<int>(i) + 2, pages_total);
    }
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
      std::error_code ignored;
      std::filesystem::remove(partial, ignored);
      throw std::runtime_error("cannot write " + file.string() + ": " +
                               cairo_status_to_string(cairo_surface_status(surface.get())) + " (check the folder and the disk)");
    }
  }
  std::error_code error;
  std::filesystem::rename(partial, file, error);
  if (error) throw std::runtime_error("cannot write " + file.string() + ": " + error.message());
}

}  // namespace runform::report
