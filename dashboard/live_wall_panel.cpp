#include "dashboard/live_wall_panel.h"

#include <algorithm>
#include <cmath>

#include "dashboard/controls.h"
#include "dashboard/format.h"
#include "ui/skeleton_view.h"
#include "ui/text.h"
#include "ui/theme.h"

namespace runform::dashboard {

void LiveWallPanel::on_live(const services::CoachLiveBatch& batch, double now_s) {
  watching_ = batch.watching;
  for (const services::CoachLiveUpdate& u : batch.updates) {
    dropped_frames_ = std::max(dropped_frames_, u.dropped_frames);
    for (const services::CoachSession& s : u.new_sessions) {
      LiveStation& station = stations_[s.session_id];
      station.start = s;
      station.last_arrival_s = now_s;
    }
    for (const services::CoachLiveFrames& f : u.frames) {
      auto it = stations_.find(f.session_id);
      if (it == stations_.end()) continue;  // its start was never seen (the watcher joined mid-way and lost it)
      LiveStation& s = it->second;
      for (const services::CoachFrame& frame : f.frames) {
        if (s.last_seq != 0 && frame.seq > s.last_seq + 1) s.gap_frames += frame.seq - s.last_seq - 1;
        s.last_seq = std::max(s.last_seq, frame.seq);
        s.last_t_us = std::max(s.last_t_us, frame.t_us);
        s.pose = frame.pose;
        s.has_pose = true;
        if (frame.scores) s.scores = *frame.scores;
        for (const services::CoachCue& cue : frame.cues) {
          s.cue = cue.kind == services::CoachCue::Kind::kClear ? "" : cue.text;
          s.cue_positive = cue.kind == services::CoachCue::Kind::kPositive;
        }
      }
      s.last_arrival_s = now_s;
    }
    for (const std::string& closed : u.closed_session_ids) {
      stations_.erase(closed);
      if (enlarged_ == closed) enlarged_.clear();
    }
  }
}

void LiveWallPanel::draw_tile(PanelContext& ctx, const LiveStation& s, ImVec2 min, ImVec2 max, bool large) {
  const ui::Palette& p = ui::palette();
  ImDrawList* list = ImGui::GetWindowDrawList();
  list->AddRectFilled(min, max, p.panel, 8.0f * ctx.scale);
  const float pad = 10.0f * ctx.scale;
  const float w = max.x - min.x;
  const float h = max.y - min.y;
  const std::string who = s.start.athlete_name.empty()
                              ? (s.start.athlete_id.empty() ? "Guest" : s.start.athlete_id)
                              : s.start.athlete_name;
  const float title_px = large ? ctx.fonts.heading->FontSize : ctx.fonts.body->FontSize;
  list->AddText(ctx.fonts.heading, title_px, ImVec2(min.x + pad, min.y + pad), p.text, who.c_str());
  const std::string where = s.start.station_id + "  -  running " + clock_text(static_cast<double>(s.last_t_us) / 1e6);
  list->AddText(ctx.fonts.small, ctx.fonts.small->FontSize, ImVec2(min.x + pad, min.y + pad + title_px + 2.0f),
                p.text_dim, where.c_str());
  const float top = min.y + pad * 2.0f + title_px + ctx.fonts.small->FontSize;
  const float bottom = max.y - pad - (large ? 70.0f : 48.0f) * ctx.scale;
  ui::SkeletonViewSpec spec;
  spec.image_width_px = s.start.image_width_px > 0 ? s.start.image_width_px : 640;
  spec.image_height_px = s.start.image_height_px > 0 ? s.start.image_height_px : 480;
  const float skeleton_w = w * 0.55f;
  ui::draw_skeleton_view(list, ctx.scale, ImVec2(min.x + pad, top), ImVec2(min.x + pad + skeleton_w, bottom),
                         s.has_pose ? s.pose : form::PoseFrame{}, spec);
  // The three scores, stacked right of the skeleton.
  const std::pair<const char*, std::optional<double>> scores[] = {
      {"Head", s.scores.head}, {"Shoulders", s.scores.shoulders}, {"Arms", s.scores.arms}};
  const float col_x = min.x + pad * 2.0f + skeleton_w;
  const float row_h = (bottom - top) / 3.0f;
  for (int i = 0; i < 3; ++i) {
    const float y = top + row_h * static_cast<float>(i);
    list->AddText(ctx.fonts.small, ctx.fonts.small->FontSize, ImVec2(col_x, y), p.text_dim, scores[i].first);
    const float number_px = std::min(row_h - ctx.fonts.small->FontSize, ctx.fonts.number->FontSize * (large ? 1.0f : 0.7f));
    list->AddText(ctx.fonts.number, std::max(number_px, 8.0f), ImVec2(col_x, y + ctx.fonts.small->FontSize),
                  ui::score_colour(scores[i].second), score_text(scores[i].second).c_str());
  }
  // The cue, and the stream's health.
  const std::string cue = s.cue.empty() ? "No cue" : s.cue;
  ui::draw_fitted(list, ctx.fonts.heading, large ? ctx.fonts.heading->FontSize : ctx.fonts.body->FontSize,
                  ImVec2(min.x + pad, bottom + 4.0f), ImVec2(max.x - pad, bottom + (large ? 44.0f : 26.0f) * ctx.scale),
                  cue, s.cue.empty() ? p.text_dim : (s.cue_positive ? p.good : p.fair), ui::Align::kLeft);
  const double age_s = ctx.now_s - s.last_arrival_s;
  std::string health;
  ImU32 health_colour = p.good;
  if (age_s > kLiveBehindS) {
    health = "Behind: no frame for " + std::to_string(static_cast<int>(age_s)) + " s";
    health_colour = p.poor;
  } else if (s.gap_frames > 0) {
    health = std::to_string(s.gap_frames) + " frames dropped";
    health_colour = p.fair;
  } else {
    health = "Live";
  }
  list->AddText(ctx.fonts.small, ctx.fonts.small->FontSize, ImVec2(min.x + pad, max.y - pad - ctx.fonts.small->FontSize),
                health_colour, health.c_str());
  (void)h;
}

void LiveWallPanel::draw(PanelContext& ctx) {
  const ui::Palette& p = ui::palette();
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted("Live wall");
  ImGui::PopFont();
  ImGui::SameLine();
  std::string status = std::to_string(stations_.size()) + (stations_.size() == 1 ? " station" : " stations") + " in use";
  if (dropped_frames_ > 0) status += "  -  the hub dropped " + std::to_string(dropped_frames_) + " frames for this screen (it fell behind)";
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(dropped_frames_ > 0 ? p.fair : p.text_dim), "%s", status.c_str());
  const ImVec2 area_min = ImGui::GetCursorScreenPos();
  const ImVec2 area_max = ctx.area_max;
  if (stations_.empty()) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(p.text_dim),
                       watching_ ? "No station is in use right now. Runners appear here as they start."
                                 : "Connecting to the hub's live stream...");
    return;
  }
  ImGui::InvisibleButton("##wall", ImVec2(std::max(area_max.x - area_min.x, 1.0f), std::max(area_max.y - area_min.y, 1.0f)));
  const bool clicked = ImGui::IsItemClicked();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  auto inside = [&](ImVec2 a, ImVec2 b) { return mouse.x >= a.x && mouse.x <= b.x && mouse.y >= a.y && mouse.y <= b.y; };
  if (!enlarged_.empty() && stations_.count(enlarged_)) {
    draw_tile(ctx, stations_.at(enlarged_), area_min, area_max, true);
    record_rect(ctx.targets, "station:" + stations_.at(enlarged_).start.station_id, area_min, area_max);
    record_rect(ctx.targets, "wall", area_min, area_max);
    if (clicked || std::find(ctx.shortcuts.begin(), ctx.shortcuts.end(), 27u) != ctx.shortcuts.end()) enlarged_.clear();
    return;
  }
  // A grid as square as the count allows.
  const int n = static_cast<int>(stations_.size());
  const int cols = std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n)))));
  const int rows = (n + cols - 1) / cols;
  const float gap = 12.0f * ctx.scale;
  const float tile_w = (area_max.x - area_min.x - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
  const float tile_h = std::min((area_max.y - area_min.y - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows),
                                tile_w * 0.75f);
  int i = 0;
  for (const auto& [session_id, s] : stations_) {
    const ImVec2 min(area_min.x + static_cast<float>(i % cols) * (tile_w + gap),
                     area_min.y + static_cast<float>(i / cols) * (tile_h + gap));
    const ImVec2 max(min.x + tile_w, min.y + tile_h);
    draw_tile(ctx, s, min, max, false);
    record_rect(ctx.targets, "station:" + s.start.station_id, min, max);
    if (clicked && inside(min, max)) enlarged_ = session_id;
    ++i;
  }
}

}  // namespace runform::dashboard
