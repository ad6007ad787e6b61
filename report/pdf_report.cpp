#include "report/pdf_report.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>

#include "form/plain_units.h"
#include "form/session_summary.h"
#include "report/normal_range.h"
#include "report/session_spans.h"
#include "ui/score_bands.h"

namespace runform::report {
namespace {

using form::MetricId;

// A4 in points (1/72 inch), with 50 pt margins.
constexpr double kPageWidthPt = 595.0;
constexpr double kPageHeightPt = 842.0;
constexpr double kMarginPt = 50.0;
// Points drawn per chart line (a chart is about 500 pt wide).
constexpr std::size_t kChartPoints = 500;
// Fault spans listed per fault before "and N more".
constexpr std::size_t kSpansListed = 4;

struct Rgb {
  double r, g, b;
};
constexpr Rgb kInk{0.12, 0.14, 0.17};
constexpr Rgb kDim{0.40, 0.44, 0.50};
constexpr Rgb kGood{0.25, 0.62, 0.35};
constexpr Rgb kFair{0.85, 0.60, 0.10};
constexpr Rgb kPoor{0.85, 0.35, 0.30};
constexpr Rgb kAccent{0.10, 0.55, 0.55};

Rgb score_rgb(std::optional<double> s) {
  if (!s) return kDim;
  if (*s >= ui::kGoodScore) return kGood;
  if (*s >= ui::kFairScore) return kFair;
  return kPoor;
}

std::string score_words(std::optional<double> s) {
  if (!s) return "not measured";
  if (*s >= ui::kGoodScore) return "good";
  if (*s >= ui::kFairScore) return "fair";
  return "needs work";
}

std::string clock(double seconds) {
  const auto total = static_cast<long long>(std::max(0.0, std::floor(seconds)));
  char buffer[32];
  if (total >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld", total / 60, total % 60);
  }
  return buffer;
}

std::string duration_words(double seconds) {
  const auto minutes = static_cast<long long>(seconds / 60.0);
  const auto rest = static_cast<long long>(seconds) % 60;
  if (minutes == 0) return std::to_string(rest) + " s";
  return std::to_string(minutes) + " min " + std::to_string(rest) + " s";
}

std::string date_words(std::int64_t unix_ms) {
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%A %e %B %Y, %H:%M", &tm);
  return buffer;
}

std::optional<double> median_of(const services::CoachSummary& s, MetricId id) {
  for (const auto& m : s.metrics) {
    if (m.metric == id) return m.value;
  }
  return std::nullopt;
}

std::string capitalised(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// What the report says, section by section: (heading, lines).
struct Section {
  std::string heading;
  std::vector<std::string> lines;
};

std::vector<Section> sections(const SessionExport& data, const form::CoachingCatalog& catalog) {
  const services::CoachSession& s = data.session;
  std::vector<Section> out;
  if (!s.summary) {
    out.push_back({"Not finished yet", {"This run has not ended, so there is no summary yet. The charts show what was recorded so far."}});
    return out;
  }
  const services::CoachSummary& m = *s.summary;
  SpanBuilder builder(catalog.cues);
  for (const auto& f : data.frames) builder.add(f);
  const std::vector<SessionSpan> cue_spans = builder.cue_spans();

  Section work{"What to work on", {}};
  for (MetricId fault : m.faults) {
    const form::MetricInfo& info = form::info(fault);
    std::string line = capitalised(std::string(info.label));
    for (const form::CueDef& cue : catalog.cues) {
      if (cue.metric == fault) {
        line += ": \"" + cue.text + "\"";
        break;
      }
    }
    if (const auto v = median_of(m, fault)) line += ". Typical during your run: " + form::plain_units(info.unit, *v) + ".";
    std::vector<std::string> when;
    std::size_t total = 0;
    for (const SessionSpan& span : cue_spans) {
      if (span.metric != fault || span.positive) continue;
      if (++total <= kSpansListed) {
        when.push_back(clock(static_cast<double>(span.begin_us) / 1e6) + " to " + clock(static_cast<double>(span.end_us) / 1e6));
      }
    }
    if (!when.empty()) {
      line += " It showed from ";
      for (std::size_t i = 0; i < when.size(); ++i) line += (i == 0 ? "" : ", ") + when[i];
      if (total > when.size()) line += " and " + std::to_string(total - when.size()) + " more times";
      line += ".";
    }
    work.lines.push_back(line);
  }
  if (work.lines.empty()) work.lines.push_back("Nothing stood out: your form held up well through this run.");
  out.push_back(work);

  Section tired{"As you got tired", {}};
  for (const auto& d : m.drift) {
    // Worded here from the numbers (values in the catalog unit), not the stored message: a
    // session stored by an older kiosk may carry a message with a unit id in it.
    if (d.flagged) tired.lines.push_back(form::drift_words(d.metric, d.first, d.last, form::info(d.metric).unit) + " from the start of your run to the end.");
  }
  if (tired.lines.empty()) tired.lines.push_back("Your form stayed about the same from the start of the run to the end.");
  out.push_back(tired);

  Section drills{"Drills for you", {}};
  for (const std::string& id : m.drill_ids) {
    for (const form::DrillDef& d : catalog.drills) {
      if (d.id == id) drills.lines.push_back(d.title + " (" + d.dose + ")");
    }
  }
  if (!drills.lines.empty()) out.push_back(drills);

  Section notes{"Notes from your coach", {}};
  for (const auto& n : data.notes) {
    notes.lines.push_back(clock(static_cast<double>(n.t_us) / 1e6) + "  " + n.text);
  }
  if (!notes.lines.empty()) out.push_back(notes);

  Section facts{"About this run", {}};
  facts.lines.push_back("You ran for " + duration_words(m.running_s) + " and took about " + std::to_string(m.strides * 2) + " steps.");
  if (m.holding_rails_s >= 1.0) {
    facts.lines.push_back("You held the handrails for " + duration_words(m.holding_rails_s) + "; that time is not scored.");
  }
  if (m.interrupted) facts.lines.push_back("The run ended early (the station restarted), so this report covers the part that was recorded.");
  out.push_back(facts);
  return out;
}

class Page {
 public:
  explicit Page(cairo_t* cr) : cr_(cr) {}
  void colour(Rgb c) { cairo_set_source_rgb(cr_, c.r, c.g, c.b); }
  void font(double size, bool bold) {
    cairo_select_font_face(cr_, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size);
  }
  double text_width(const std::string& text) {
    cairo_text_extents_t e;
    cairo_text_extents(cr_, text.c_str(), &e);
    return e.x_advance;
  }
  void text(double x, double y, const std::string& text) {
    cairo_move_to(cr_, x, y);
    cairo_show_text(cr_, text.c_str());
  }
  // Wraps text to `width`; returns the y below the last line.
  double wrapped(double x, double y, double width, const std::string& text, double line_pt) {
    std::string line;
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t space = text.find(' ', start);
      const std::string word = text.substr(start, space == std::string::npos ? std::string::npos : space - start);
      const std::string candidate = line.empty() ? word : line + " " + word;
      if (!line.empty() && text_width(candidate) > width) {
        this->text(x, y, line);
        y += line_pt;
        line = word;
      } else {
        line = candidate;
      }
      if (space == std::string::npos) break;
      start = space + 1;
    }
    if (!line.empty()) {
      this->text(x, y, line);
      y += line_pt;
    }
    return y;
  }
  cairo_t* cr() { return cr_; }

 private:
  cairo_t* cr_;
};

void draw_chart(Page& page, double x, double y, double w, double h, MetricId metric, const SessionExport& data,
                const std::vector<SessionSpan>& spans) {
  cairo_t* cr = page.cr();
  const form::MetricInfo& info = form::info(metric);
  std::vector<std::pair<double, double>> points;
  for (const auto& f : data.frames) {
    for (const auto& m : f.metrics) {
      if (m.metric == metric) points.emplace_back(static_cast<double>(f.t_us) / 1e6, m.value);
    }
  }
  if (points.size() > kChartPoints) {  // every n-th point keeps the shape for a printed chart
    std::vector<std::pair<double, double>> thinned;
    const double step = static_cast<double>(points.size()) / static_cast<double>(kChartPoints);
    for (std::size_t i = 0; i < kChartPoints; ++i) thinned.push_back(points[static_cast<std::size_t>(static_cast<double>(i) * step)]);
    points = std::move(thinned);
  }
  const double duration_s = std::max(static_cast<double>(data.session.duration_us) / 1e6, 1.0);
  page.colour(kInk);
  page.font(10.5, true);
  std::string title = capitalised(std::string(info.label));
  if (data.session.summary) {
    if (const auto v = median_of(*data.session.summary, metric)) title += " - typical " + form::plain_units(info.unit, *v);
  }
  page.text(x, y, title);
  const double top = y + 6.0;
  cairo_set_source_rgb(cr, 0.96, 0.97, 0.98);
  cairo_rectangle(cr, x, top, w, h);
  cairo_fill(cr);
  if (points.empty()) {
    page.colour(kDim);
    page.font(9, false);
    page.text(x + 8, top + h / 2, "Not measured in this run (this view cannot see it, or it was never clear enough).");
    return;
  }
  double lo = points[0].second;
  double hi = lo;
  for (const auto& [t, v] : points) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  const NormalRange range = normal_range(metric);
  if (!range.relative_to_baseline) {
    if (range.low) lo = std::min(lo, *range.low);
    if (range.high) hi = std::max(hi, *range.high);
  }
  if (hi - lo < 1e-9) {
    lo -= 1.0;
    hi += 1.0;
  }
  const double pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  auto px = [&](double t) { return x + t / duration_s * w; };
  auto py = [&](double v) { return top + h - (v - lo) / (hi - lo) * h; };
  if (!range.relative_to_baseline && (range.low || range.high)) {
    cairo_set_source_rgba(cr, kGood.r, kGood.g, kGood.b, 0.15);
    const double y0 = range.high ? py(*range.high) : top;
    const double y1 = range.low ? py(*range.low) : top + h;
    cairo_rectangle(cr, x, y0, w, y1 - y0);
    cairo_fill(cr);
  }
  for (const SessionSpan& span : spans) {
    if (span.metric != metric || span.positive) continue;
    cairo_set_source_rgba(cr, kPoor.r, kPoor.g, kPoor.b, 0.25);
    const double x0 = px(static_cast<double>(span.begin_us) / 1e6);
    cairo_rectangle(cr, x0, top, std::max(px(static_cast<double>(span.end_us) / 1e6) - x0, 0.8), h);
    cairo_fill(cr);
  }
  cairo_set_source_rgb(cr, kAccent.r, kAccent.g, kAccent.b);
  cairo_set_line_width(cr, 1.0);
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i == 0) cairo_move_to(cr, px(points[i].first), py(points[i].second));
    else cairo_line_to(cr, px(points[i].first), py(points[i].second));
  }
  cairo_stroke(cr);
  page.colour(kDim);
  page.font(8, false);
  page.text(x, top + h + 10, "0:00");
  const std::string end = clock(duration_s);
  page.text(x + w - page.text_width(end), top + h + 10, end);
}

std::vector<MetricId> chart_metrics(form::View view) {
  if (view == form::View::kSide) {
    return {MetricId::kHeadForwardAngle, MetricId::kArmsElbowAngle, MetricId::kTrunkLean, MetricId::kCadence,
            MetricId::kVerticalOscillation};
  }
  return {MetricId::kShouldersElevation, MetricId::kArmsMidlineCrossing, MetricId::kHeadTilt, MetricId::kCadence,
          MetricId::kVerticalOscillation};
}

}  // namespace

std::vector<std::string> session_report_lines(const SessionExport& data, const form::CoachingCatalog& catalog) {
  std::vector<std::string> lines;
  for (const Section& s : sections(data, catalog)) {
    lines.push_back(s.heading);
    lines.insert(lines.end(), s.lines.begin(), s.lines.end());
  }
  return lines;
}

void write_session_pdf(const std::filesystem::path& file, const SessionExport& data, const form::CoachingCatalog& catalog) {
  cairo_surface_t* surface = cairo_pdf_surface_create(file.c_str(), kPageWidthPt, kPageHeightPt);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    throw PdfError("cannot write " + file.string() + ": check the folder exists and is writable");
  }
  cairo_t* cr = cairo_create(surface);
  Page page(cr);
  const services::CoachSession& s = data.session;
  const double width = kPageWidthPt - 2 * kMarginPt;
  double y = kMarginPt + 10;

  page.colour(kAccent);
  page.font(22, true);
  page.text(kMarginPt, y, "Your run");
  y += 22;
  page.colour(kDim);
  page.font(11, false);
  const std::string who = s.athlete_name.empty() ? (s.athlete_id.empty() ? "Guest" : s.athlete_id) : s.athlete_name;
  page.text(kMarginPt, y, who + "  -  " + date_words(s.started_unix_ms) + "  -  " +
                              duration_words(static_cast<double>(s.duration_us) / 1e6));
  y += 30;

  // The four scores as boxes with a word each.
  const std::optional<services::CoachScores> scores =
      s.summary ? std::optional(s.summary->scores) : std::nullopt;
  const std::pair<const char*, std::optional<double>> boxes[] = {
      {"Overall", scores ? scores->overall : std::nullopt}, {"Head", scores ? scores->head : std::nullopt},
      {"Shoulders", scores ? scores->shoulders : std::nullopt}, {"Arms", scores ? scores->arms : std::nullopt}};
  const double box_w = (width - 3 * 10) / 4;
  for (int i = 0; i < 4; ++i) {
    const double bx = kMarginPt + i * (box_w + 10);
    const Rgb c = score_rgb(boxes[i].second);
    cairo_set_source_rgba(cr, c.r, c.g, c.b, 0.15);
    cairo_rectangle(cr, bx, y, box_w, 70);
    cairo_fill(cr);
    page.colour(kInk);
    page.font(10, false);
    page.text(bx + 8, y + 16, boxes[i].first);
    page.colour(c);
    page.font(26, true);
    page.text(bx + 8, y + 46, boxes[i].second ? std::to_string(static_cast<int>(std::lround(*boxes[i].second))) : "-");
    page.font(9, false);
    page.text(bx + 8, y + 62, score_words(boxes[i].second));
  }
  y += 70 + 26;
  page.colour(kDim);
  page.font(8.5, false);
  y = page.wrapped(kMarginPt, y, width, "Scores run from 0 to 100: 80 and above is good, 60 to 79 is fair.", 11) + 10;

  for (const Section& section : sections(data, catalog)) {
    if (y > kPageHeightPt - kMarginPt - 60) {
      cairo_show_page(cr);
      y = kMarginPt + 10;
    }
    page.colour(kInk);
    page.font(13, true);
    page.text(kMarginPt, y, section.heading);
    y += 18;
    page.font(10, false);
    for (const std::string& line : section.lines) {
      page.text(kMarginPt, y, "\xE2\x80\xA2");  // a bullet
      y = page.wrapped(kMarginPt + 12, y, width - 12, line, 13.5) + 3;
    }
    y += 10;
  }

  // Page 2: the charts.
  cairo_show_page(cr);
  y = kMarginPt + 10;
  page.colour(kAccent);
  page.font(16, true);
  page.text(kMarginPt, y, "Through your run");
  y += 16;
  page.colour(kDim);
  page.font(9, false);
  y = page.wrapped(kMarginPt, y, width,
                   "Green bands: the usual range. Red shading: when the station asked you to correct this.", 12) + 14;
  SpanBuilder builder(catalog.cues);
  for (const auto& f : data.frames) builder.add(f);
  const std::vector<SessionSpan> spans = builder.cue_spans();
  const std::vector<MetricId> metrics = chart_metrics(s.view);
  const double chart_h = (kPageHeightPt - y - kMarginPt) / static_cast<double>(metrics.size()) - 34;
  for (MetricId m : metrics) {
    draw_chart(page, kMarginPt, y + 10, width, chart_h, m, data, spans);
    y += chart_h + 34;
  }
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw PdfError("cannot write " + file.string() + ": " + cairo_status_to_string(status));
  }
}

}  // namespace runform::report
