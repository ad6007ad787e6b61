#include "dashboard/session_review_panel.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "dashboard/controls.h"
#include "dashboard/format.h"
#include "report/normal_range.h"
#include "ui/band_chart.h"
#include "ui/skeleton_view.h"
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/timeline.h"

namespace runform::dashboard {
namespace {

using form::MetricId;

ImVec4 colour(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

// A zoomed window shorter than this is refined from the frames themselves (exact points).
constexpr double kRefineWindowS = 10.0 * 60.0;
// The shortest window a zoom reaches.
constexpr double kMinWindowS = 5.0;

}  // namespace

std::vector<MetricId> review_metrics(form::View view) {
  if (view == form::View::kSide) {
    return {MetricId::kHeadForwardAngle, MetricId::kArmsElbowAngle, MetricId::kTrunkLean, MetricId::kCadence};
  }
  return {MetricId::kShouldersElevation, MetricId::kArmsMidlineCrossing, MetricId::kHeadTilt, MetricId::kCadence};
}

void SessionReviewPanel::enter(PanelContext& ctx) {
  if (ctx.place.session_id != loaded_id_) open(ctx);
}

void SessionReviewPanel::open(PanelContext& ctx) {
  // Whatever the previous session still had queued is dropped: the new one's first chart must not
  // wait behind it.
  if (cancel_) cancel_->store(true);
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  loaded_id_ = ctx.place.session_id;
  series_.clear();
  frames_.reset();
  notes_ = {};  // the last session's notes are not this one's
  save_error_.clear();
  first_chart_s_.reset();
  opened_s_ = ctx.now_s;
  playing_ = false;
  worst_index_ = 0;
  if (loaded_id_.empty()) return;
  const std::string id = loaded_id_;
  // The first chart comes first: the session and cadence (measured in both views) are asked at
  // once, the view's other charts only after cadence arrived (each series makes the hub read the
  // whole session: asked together they would share its CPU and all arrive late).
  session_ = ctx.hub.submit([id](services::CoachClient& c) { return c.get_session(id); }, cancel_);
  series_[MetricId::kCadence] = ctx.hub.submit(
      [id](services::CoachClient& c) { return c.metric_series(id, MetricId::kCadence, kSeriesMaxPoints); }, cancel_);
  rest_asked_ = false;
}

void SessionReviewPanel::ask_rest(PanelContext& ctx) {
  if (rest_asked_ || !session_.ok() || !series_.at(MetricId::kCadence).ready()) return;
  rest_asked_ = true;
  const std::string id = loaded_id_;
  const form::View view = session_.value().view == form::View::kSide ? form::View::kSide : form::View::kFront;
  for (MetricId m : review_metrics(view)) {
    if (series_.count(m)) continue;
    series_[m] =
        ctx.hub.submit([id, m](services::CoachClient& c) { return c.metric_series(id, m, kSeriesMaxPoints); }, cancel_);
  }
  notes_ = ctx.hub.submit([id](services::CoachClient& c) { return c.list_annotations(id); }, cancel_);
}

bool SessionReviewPanel::ready() const {
  if (!session_.ready()) return false;
  if (!session_.ok()) return true;
  if (!rest_asked_) return false;
  for (const auto& [m, s] : series_) {
    if (!s.ready()) return false;
  }
  return frames_ && frames_->frame_at(static_cast<std::int64_t>(view_begin_s_ * 1e6)) != nullptr;
}

std::vector<services::CoachWorstMoment> SessionReviewPanel::worst_moments() const {
  if (!session_.ok() || !session_.value().summary) return {};
  const auto& summary = session_.value().summary;
  return report::worst_moments_off_rails(*summary, report::rails_spans(summary, frames_ ? frames_->arms_off_spans()
                                                                                      : std::vector<SessionSpan>{}));
}

std::vector<SessionSpan> SessionReviewPanel::rails_spans() const {
  if (!session_.ok()) return {};
  return report::rails_spans(session_.value().summary, frames_ ? frames_->arms_off_spans() : std::vector<SessionSpan>{});
}

void SessionReviewPanel::handle_keys(PanelContext& ctx, double duration_s) {
  const std::vector<services::CoachWorstMoment> worst = worst_moments();
  std::vector<unsigned> keys = std::move(queued_);  // buttons drawn last frame queue their key
  queued_.clear();
  keys.insert(keys.end(), ctx.shortcuts.begin(), ctx.shortcuts.end());
  for (unsigned c : keys) {
    if (c == ' ') playing_ = !playing_;
    if (c == ']' && speed_index_ + 1 < std::size(kPlaybackSpeeds)) ++speed_index_;
    if (c == '[' && speed_index_ > 0) --speed_index_;
    if ((c == 'w' || c == 'W') && !worst.empty()) {
      ctx.place.cursor_s = static_cast<double>(worst[worst_index_ % worst.size()].t_us) / 1e6;
      ++worst_index_;
      playing_ = false;
    }
    if (c == '.') ctx.place.cursor_s += 1.0 / 30.0;
    if (c == ',') ctx.place.cursor_s -= 1.0 / 30.0;
    if (c == '+' || c == '=' || c == '-') {
      const double span = (view_end_s_ - view_begin_s_) * (c == '-' ? 2.0 : 0.5);
      const double clamped = std::clamp(span, kMinWindowS, std::max(duration_s, kMinWindowS));
      view_begin_s_ = std::clamp(ctx.place.cursor_s - clamped / 2.0, 0.0, std::max(duration_s - clamped, 0.0));
      view_end_s_ = view_begin_s_ + clamped;
    }
    if (c == 'b' || c == 'B') {
      services::CoachAnnotation a;
      a.session_id = loaded_id_;
      a.t_us = static_cast<std::int64_t>(ctx.place.cursor_s * 1e6);
      a.kind = services::CoachAnnotation::Kind::kBookmark;
      a.text = "Bookmark at " + clock_text(ctx.place.cursor_s);
      save_error_.clear();
      saving_ = ctx.hub.submit([a](services::CoachClient& client) { return client.add_annotation(a); });
    }
  }
  ctx.place.cursor_s = std::clamp(ctx.place.cursor_s, 0.0, duration_s);
}

void SessionReviewPanel::draw_header(PanelContext& ctx, const services::CoachSession& s) {
  const ui::Palette& p = ui::palette();
  ImGui::PushFont(ctx.fonts.heading);
  const std::string who = s.athlete_name.empty() ? (s.athlete_id.empty() ? "Guest" : s.athlete_id) : s.athlete_name;
  ImGui::TextUnformatted(("Session review - " + who).c_str());
  ImGui::PopFont();
  std::string line = date_text(s.started_unix_ms) + "   " + clock_text(static_cast<double>(s.duration_us) / 1e6) +
                     "   " + std::to_string(s.stored_seq) + " frames   " + std::string(form::to_string(s.view)) + " view";
  if (s.summary) {
    line += "   head " + score_text(s.summary->scores.head) + "  shoulders " + score_text(s.summary->scores.shoulders) +
            "  arms " + score_text(s.summary->scores.arms) + "  overall " + score_text(s.summary->scores.overall);
  }
  ImGui::TextColored(colour(p.text_dim), "%s", line.c_str());
}

void SessionReviewPanel::draw_notes(PanelContext& ctx, float width) {
  const ui::Palette& p = ui::palette();
  // A finished save is taken in once: a success refreshes the list and clears the box, a failure
  // stays on screen until the next save. (Left pending, it re-asked for the list every frame and
  // the list never arrived, and it wiped whatever the coach typed next.)
  if (saving_.ready()) {
    save_error_ = saving_.error();
    if (save_error_.empty()) {
      const std::string id = loaded_id_;
      notes_ = ctx.hub.submit([id](services::CoachClient& c) { return c.list_annotations(id); });
      std::memset(note_, 0, sizeof note_);
    }
    saving_ = {};
  }
  ImGui::TextUnformatted("Notes and bookmarks");
  ImGui::SetNextItemWidth(width);
  ImGui::InputTextWithHint("##note", "a note at the cursor", note_, sizeof note_);
  record_last_item(ctx.targets, "note");
  const bool saving = saving_.started() && !saving_.ready();
  if (button(ctx.targets, "Add note") && note_[0] != '\0' && !saving) {
    services::CoachAnnotation a;
    a.session_id = loaded_id_;
    a.t_us = static_cast<std::int64_t>(ctx.place.cursor_s * 1e6);
    a.kind = services::CoachAnnotation::Kind::kNote;
    a.text = note_;
    save_error_.clear();
    saving_ = ctx.hub.submit([a](services::CoachClient& client) { return client.add_annotation(a); });
  }
  ImGui::SameLine();
  if (button(ctx.targets, "Bookmark (b)") && !saving) queued_.push_back('b');
  if (!save_error_.empty()) ImGui::TextColored(colour(p.poor), "%s", save_error_.c_str());
  if (!notes_.ok()) return;
  ImGui::BeginChild("##notes", ImVec2(width, 0), false);
  for (const services::CoachAnnotation& a : notes_.value()) {
    const double t = static_cast<double>(a.t_us) / 1e6;
    const std::string text = clock_text(t) + (a.kind == services::CoachAnnotation::Kind::kBookmark ? "  [bookmark] " : "  ") + a.text;
    if (selectable(ctx.targets, "note:" + std::to_string(a.annotation_id), text, false)) ctx.place.cursor_s = t;
  }
  ImGui::EndChild();
}

void SessionReviewPanel::draw(PanelContext& ctx) {
  const ui::Palette& p = ui::palette();
  if (ctx.place.session_id != loaded_id_) open(ctx);
  if (loaded_id_.empty()) {
    ImGui::PushFont(ctx.fonts.heading);
    ImGui::TextUnformatted("Session review");
    ImGui::PopFont();
    ImGui::TextColored(colour(p.text_dim), "Choose a session in Athletes (Review) to play it back here.");
    return;
  }
  if (!session_.ready()) {
    ImGui::TextColored(colour(p.text_dim), "Opening the session...");
    return;
  }
  if (!session_.ok()) {
    ImGui::TextColored(colour(p.poor), "%s", session_.error().c_str());
    if (button(ctx.targets, "Try again")) open(ctx);
    return;
  }
  const services::CoachSession& s = session_.value();
  ask_rest(ctx);
  const double duration_s = std::max(static_cast<double>(s.duration_us) / 1e6, 1.0);
  if (!frames_) {
    frames_ = std::make_unique<SessionFrames>(s, cues_);
    view_begin_s_ = 0.0;
    view_end_s_ = duration_s;
  }
  // Playback advances the cursor by the app clock times the speed.
  if (playing_ && last_frame_s_) ctx.place.cursor_s += (ctx.now_s - *last_frame_s_) * kPlaybackSpeeds[speed_index_];
  last_frame_s_ = ctx.now_s;
  if (ctx.place.cursor_s >= duration_s) playing_ = false;
  handle_keys(ctx, duration_s);
  // Keep the cursor in the window while playing.
  if (ctx.place.cursor_s > view_end_s_ || ctx.place.cursor_s < view_begin_s_) {
    const double span = view_end_s_ - view_begin_s_;
    view_begin_s_ = std::clamp(ctx.place.cursor_s - span * 0.1, 0.0, std::max(duration_s - span, 0.0));
    view_end_s_ = view_begin_s_ + span;
  }
  // Playback frames load once the charts are in: the first chart must not wait behind them.
  if (rest_asked_) frames_->update(ctx.hub, static_cast<std::int64_t>(ctx.place.cursor_s * 1e6), cancel_);

  draw_header(ctx, s);
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const float width = ctx.area_max.x - ctx.area_min.x;
  const float left_w = width * 0.28f;
  const float gap = 12.0f * ctx.scale;
  const float bottom = ctx.area_max.y;

  // Left: the skeleton at the cursor, playback controls, notes.
  const float skeleton_h = std::min(left_w * 0.9f, (bottom - top.y) * 0.5f);
  ui::SkeletonViewSpec spec;
  spec.image_width_px = s.image_width_px > 0 ? s.image_width_px : 640;
  spec.image_height_px = s.image_height_px > 0 ? s.image_height_px : 480;
  const services::CoachFrame* frame = frames_->frame_at(static_cast<std::int64_t>(ctx.place.cursor_s * 1e6));
  ui::draw_skeleton_view(list, ctx.scale, top, ImVec2(top.x + left_w, top.y + skeleton_h),
                         frame != nullptr ? frame->pose : form::PoseFrame{}, spec);
  if (frame == nullptr) {
    ui::draw_fitted(list, ctx.fonts.body, ctx.fonts.body->FontSize, top, ImVec2(top.x + left_w, top.y + skeleton_h),
                    frames_->error().empty() ? "Loading frames..." : frames_->error(), p.text_dim);
  }
  record_rect(ctx.targets, "skeleton", top, ImVec2(top.x + left_w, top.y + skeleton_h));
  ImGui::SetCursorScreenPos(ImVec2(top.x, top.y + skeleton_h + gap));
  ImGui::BeginGroup();
  if (button(ctx.targets, playing_ ? "Pause (space)##play" : "Play (space)##play")) playing_ = !playing_;
  ImGui::SameLine();
  if (button(ctx.targets, "Slower ([)") && speed_index_ > 0) --speed_index_;
  ImGui::SameLine();
  ImGui::Text("%gx", kPlaybackSpeeds[speed_index_]);
  ImGui::SameLine();
  if (button(ctx.targets, "Faster (])") && speed_index_ + 1 < std::size(kPlaybackSpeeds)) ++speed_index_;
  if (button(ctx.targets, "Next worst moment (w)")) queued_.push_back('w');
  ImGui::SameLine();
  ImGui::Text("%s / %s", clock_text(ctx.place.cursor_s).c_str(), clock_text(duration_s).c_str());
  if (frames_->progress() < 1.0) {
    ImGui::ProgressBar(static_cast<float>(frames_->progress()), ImVec2(left_w, 0),
                       ("frames " + std::to_string(static_cast<int>(frames_->progress() * 100)) + "%").c_str());
  }
  draw_notes(ctx, left_w);
  ImGui::EndGroup();

  // Right: charts, cue timeline, scrubber.
  const float chart_x = top.x + left_w + gap;
  const float chart_w = ctx.area_max.x - chart_x;
  std::vector<MetricId> shown;
  for (MetricId m : review_metrics(s.view == form::View::kSide ? form::View::kSide : form::View::kFront)) {
    const auto it = series_.find(m);
    if (it != series_.end() && (!it->second.ready() || !it->second.ok() || !it->second.value().points.empty())) {
      shown.push_back(m);
    }
  }
  const float timeline_h = 34.0f * ctx.scale;
  const float scrub_h = 40.0f * ctx.scale;
  const float charts_h = bottom - top.y - timeline_h - scrub_h - gap * 2.0f;
  const float chart_h = shown.empty() ? 0.0f : charts_h / static_cast<float>(shown.size()) - gap * 0.5f;
  // Hands on the rails, as the hub's summary says (arms-not-measurable for older sessions).
  const std::vector<SessionSpan> rails = report::rails_spans(s.summary, frames_->arms_off_spans());
  std::vector<ui::TimeMarker> markers;
  if (s.summary) {
    for (const auto& w : worst_moments()) markers.push_back({static_cast<double>(w.t_us) / 1e6, p.poor});
  }
  if (notes_.ok()) {
    for (const auto& a : notes_.value()) markers.push_back({static_cast<double>(a.t_us) / 1e6, p.accent});
  }
  const bool refine = view_end_s_ - view_begin_s_ <= kRefineWindowS &&
                      frames_->loaded(static_cast<std::int64_t>(view_begin_s_ * 1e6), static_cast<std::int64_t>(view_end_s_ * 1e6));
  float y = top.y;
  for (MetricId m : shown) {
    const auto& pending = series_.at(m);
    ui::BandChartSpec chart;
    chart.t_begin_s = view_begin_s_;
    chart.t_end_s = view_end_s_;
    chart.cursor_s = ctx.place.cursor_s;
    chart.markers = markers;
    chart.title = std::string(form::info(m).label) + " (" + std::string(form::info(m).key) + ")";
    chart.unit = form::info(m).unit == "torso" ? "x torso" : form::info(m).unit == "shoulder_width" ? "x sh. w." : std::string(form::info(m).unit);
    const report::NormalRange range = report::normal_range(m);
    if (!range.relative_to_baseline) {
      chart.normal_low = range.low;
      chart.normal_high = range.high;
    }
    if (refine) {
      for (const auto& [t, v] : frames_->metric_points(m, static_cast<std::int64_t>(view_begin_s_ * 1e6),
                                                       static_cast<std::int64_t>(view_end_s_ * 1e6))) {
        chart.points.emplace_back(static_cast<float>(static_cast<double>(t) / 1e6), static_cast<float>(v));
      }
      chart.title += "  - every stride";
    } else if (pending.ok()) {
      for (const auto& pt : pending.value().points) {
        chart.points.emplace_back(static_cast<float>(static_cast<double>(pt.t_us) / 1e6), static_cast<float>(pt.value));
      }
      chart.title += "  - " + std::to_string(pending.value().points.size()) + " of " +
                     std::to_string(pending.value().source_points) + " points";
    } else if (pending.ready()) {
      chart.title += "  - " + pending.error();
    } else {
      chart.title += "  - loading...";
    }
    for (const SessionSpan& span : report::fault_spans(s.summary, m, frames_->cue_spans())) {
      chart.spans.push_back({static_cast<double>(span.begin_us) / 1e6, static_cast<double>(span.end_us) / 1e6,
                             ui::with_alpha(p.poor, 0.25f)});
    }
    for (const SessionSpan& span : rails) {
      chart.spans.push_back({static_cast<double>(span.begin_us) / 1e6, static_cast<double>(span.end_us) / 1e6,
                             ui::with_alpha(p.off, 0.35f)});
    }
    const ImVec2 min(chart_x, y);
    const ImVec2 max(chart_x + chart_w, y + chart_h);
    if (const auto t = ui::draw_band_chart(list, ctx.fonts, ctx.scale, min, max, chart)) ctx.place.cursor_s = *t;
    record_rect(ctx.targets, "chart:" + std::string(form::info(m).key), min, max);
    if (!chart.points.empty() && !first_chart_s_) first_chart_s_ = ctx.now_s;
    y += chart_h + gap * 0.5f;
  }
  // The cue timeline under the charts, on the same time axis.
  std::vector<ui::TimelineSegment> segments;
  for (const SessionSpan& span : frames_->cue_spans()) {
    segments.push_back({static_cast<double>(span.begin_us) / 1e6, static_cast<double>(span.end_us) / 1e6, span.label,
                        span.positive ? p.good : p.fair});
  }
  for (const SessionSpan& span : rails) {
    segments.push_back({static_cast<double>(span.begin_us) / 1e6, static_cast<double>(span.end_us) / 1e6, span.label, p.off});
  }
  const ImVec2 tl_min(chart_x, y + gap * 0.5f);
  const ImVec2 tl_max(chart_x + chart_w, tl_min.y + timeline_h);
  if (const auto t = ui::draw_timeline(list, ctx.fonts, ctx.scale, tl_min, tl_max, view_begin_s_, view_end_s_, segments,
                                       ctx.place.cursor_s, 90.0f * ctx.scale)) {
    ctx.place.cursor_s = *t;
  }
  record_rect(ctx.targets, "cue timeline", tl_min, tl_max);
  // The scrubber over the whole session.
  ImGui::SetCursorScreenPos(ImVec2(chart_x, tl_max.y + gap));
  // The zoom button sits beside the scrubber: room for its wider label, so it is never clipped.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float zoom_button_w = std::max(ImGui::CalcTextSize("Zoom (+)").x, ImGui::CalcTextSize("All (-)").x) +
                              style.FramePadding.x * 2.0f + style.ItemSpacing.x;
  ImGui::SetNextItemWidth(chart_w - zoom_button_w);
  float cursor = static_cast<float>(ctx.place.cursor_s);
  if (ImGui::SliderFloat("##scrubber", &cursor, 0.0f, static_cast<float>(duration_s), clock_text(cursor).c_str())) {
    ctx.place.cursor_s = cursor;
  }
  record_last_item(ctx.targets, "scrubber");
  ImGui::SameLine();
  if (button(ctx.targets, view_end_s_ - view_begin_s_ < duration_s ? "All (-)##zoom" : "Zoom (+)##zoom")) {
    queued_.push_back(view_end_s_ - view_begin_s_ < duration_s ? '-' : '+');
  }
  // Mouse wheel over the charts zooms around the cursor.
  const ImGuiIO& io = ImGui::GetIO();
  if (io.MouseWheel != 0.0f && io.MousePos.x >= chart_x && io.MousePos.y >= top.y && io.MousePos.y <= tl_max.y) {
    queued_.push_back(io.MouseWheel > 0.0f ? '+' : '-');
  }
}

}  // namespace runform::dashboard
