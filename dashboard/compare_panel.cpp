#include "dashboard/compare_panel.h"

#include <algorithm>
#include <cmath>

#include "dashboard/controls.h"
#include "dashboard/format.h"
#include "form/thresholds.h"
#include "ui/skeleton_view.h"
#include "ui/text.h"
#include "ui/theme.h"

namespace runform::dashboard {
namespace {

ImVec4 colour(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

std::optional<double> median_of(const services::CoachSession& s, form::MetricId id) {
  if (!s.summary) return std::nullopt;
  for (const auto& m : s.summary->metrics) {
    if (m.metric == id) return m.value;
  }
  return std::nullopt;
}

// Which value the metric's rule prefers: -1 a, +1 b, 0 neither (equal or baseline-relative).
int better(form::MetricId id, double a, double b) {
  const form::MetricRule& rule = form::rule_for(id);
  double qa = rule.absolute ? std::fabs(a) : a;
  double qb = rule.absolute ? std::fabs(b) : b;
  if (std::fabs(qa - qb) < 1e-9) return 0;
  const bool b_lower = qb < qa;
  return (rule.higher_is_worse == b_lower) ? 1 : -1;
}

}  // namespace

void ComparePanel::load(PanelContext& ctx, CompareSide& side, const std::string& id) {
  side.id = id;
  side.frames.reset();
  if (id.empty()) return;
  side.session = ctx.hub.submit([id](services::CoachClient& c) { return c.get_session(id); });
}

bool ComparePanel::ready() const {
  for (const CompareSide* side : {&a_, &b_}) {
    if (!side->session.ready()) return false;
    if (side->session.ok() && (!side->frames || !side->frames->frame_at(0))) return false;
  }
  return true;
}

std::optional<std::int64_t> ComparePanel::synced_b_us(std::int64_t a_us) const {
  if (!a_.frames || !b_.frames || !a_.session.ok() || !b_.session.ok()) return std::nullopt;
  // B's stride nearest the same share of its run, at A's phase.
  const double share = static_cast<double>(a_us) / std::max<double>(static_cast<double>(a_.session.value().duration_us), 1.0);
  const auto near_b = static_cast<std::int64_t>(share * static_cast<double>(b_.session.value().duration_us));
  const auto phase = a_.frames->stride_phase(a_us);
  if (!phase) return near_b;
  return b_.frames->time_at_phase(near_b, *phase).value_or(near_b);
}

void ComparePanel::draw_side(PanelContext& ctx, CompareSide& side, std::int64_t t_us, ImVec2 min, ImVec2 max,
                             const char* label) {
  const ui::Palette& p = ui::palette();
  ImDrawList* list = ImGui::GetWindowDrawList();
  const services::CoachSession& s = side.session.value();
  ui::SkeletonViewSpec spec;
  spec.image_width_px = s.image_width_px > 0 ? s.image_width_px : 640;
  spec.image_height_px = s.image_height_px > 0 ? s.image_height_px : 480;
  const services::CoachFrame* frame = side.frames ? side.frames->frame_at(t_us) : nullptr;
  ui::draw_skeleton_view(list, ctx.scale, min, max, frame ? frame->pose : form::PoseFrame{}, spec);
  const std::string title = std::string(label) + "  " + date_text(s.started_unix_ms) + "  at " +
                            clock_text(static_cast<double>(t_us) / 1e6);
  list->AddText(ctx.fonts.body, ctx.fonts.body->FontSize, ImVec2(min.x + 8.0f, min.y + 6.0f), p.text, title.c_str());
  if (side.frames) {
    if (const auto phase = side.frames->stride_phase(t_us)) {
      const std::string text = "stride phase " + std::to_string(static_cast<int>(*phase * 100.0)) + "%";
      list->AddText(ctx.fonts.small, ctx.fonts.small->FontSize, ImVec2(min.x + 8.0f, max.y - ctx.fonts.small->FontSize - 6.0f),
                    p.text_dim, text.c_str());
    }
  }
  if (!frame) {
    ui::draw_fitted(list, ctx.fonts.body, ctx.fonts.body->FontSize, min, max, "Loading frames...", p.text_dim);
  }
}

void ComparePanel::draw_differences(PanelContext& ctx, const services::CoachSession& a, const services::CoachSession& b) {
  const ui::Palette& p = ui::palette();
  (void)ctx;
  if (!ImGui::BeginTable("##diff", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) return;
  ImGui::TableSetupColumn("what");
  ImGui::TableSetupColumn("A");
  ImGui::TableSetupColumn("B");
  ImGui::TableSetupColumn("B - A");
  ImGui::TableSetupColumn("better");
  ImGui::TableHeadersRow();
  const std::pair<const char*, std::optional<double> services::CoachScores::*> scores[] = {
      {"overall score", &services::CoachScores::overall}, {"head score", &services::CoachScores::head},
      {"shoulders score", &services::CoachScores::shoulders}, {"arms score", &services::CoachScores::arms}};
  for (const auto& [name, field] : scores) {
    const std::optional<double> va = a.summary ? a.summary->scores.*field : std::nullopt;
    const std::optional<double> vb = b.summary ? b.summary->scores.*field : std::nullopt;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(name);
    ImGui::TableNextColumn();
    ImGui::TextColored(colour(ui::score_colour(va)), "%s", score_text(va).c_str());
    ImGui::TableNextColumn();
    ImGui::TextColored(colour(ui::score_colour(vb)), "%s", score_text(vb).c_str());
    ImGui::TableNextColumn();
    if (va && vb) ImGui::Text("%+.0f", *vb - *va);
    ImGui::TableNextColumn();
    if (va && vb && std::fabs(*vb - *va) >= 0.5) ImGui::TextUnformatted(*vb > *va ? "B" : "A");
  }
  for (const auto& info : form::metric_catalog()) {
    const auto va = median_of(a, info.id);
    const auto vb = median_of(b, info.id);
    if (!va && !vb) continue;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(std::string(info.label).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(va ? metric_text(info.id, *va).c_str() : "-");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(vb ? metric_text(info.id, *vb).c_str() : "-");
    ImGui::TableNextColumn();
    if (va && vb) ImGui::TextUnformatted(metric_text(info.id, *vb - *va).c_str());
    ImGui::TableNextColumn();
    if (va && vb) {
      const int which = better(info.id, *va, *vb);
      if (which != 0) ImGui::TextColored(colour(which > 0 ? p.good : p.fair), "%s", which > 0 ? "B" : "A");
    }
  }
  ImGui::EndTable();
}

void ComparePanel::draw(PanelContext& ctx) {
  const ui::Palette& p = ui::palette();
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted("Compare");
  ImGui::PopFont();
  if (ctx.place.session_id != a_.id) load(ctx, a_, ctx.place.session_id);
  if (ctx.place.compare_session_id != b_.id) load(ctx, b_, ctx.place.compare_session_id);
  if (a_.id.empty() || b_.id.empty()) {
    ImGui::TextColored(colour(p.text_dim),
                       "Choose two sessions in Athletes: Review opens side A, \"Set as compare side B\" picks side B.");
    return;
  }
  for (CompareSide* side : {&a_, &b_}) {
    if (!side->session.ready()) {
      ImGui::TextColored(colour(p.text_dim), "Opening the sessions...");
      return;
    }
    if (!side->session.ok()) {
      ImGui::TextColored(colour(p.poor), "%s", side->session.error().c_str());
      return;
    }
    if (!side->frames) side->frames = std::make_unique<SessionFrames>(side->session.value(), cues_);
  }
  const double duration_a = std::max(static_cast<double>(a_.session.value().duration_us) / 1e6, 1.0);
  for (unsigned c : ctx.shortcuts) {
    if (c == ' ') playing_ = !playing_;
    if (c == '.') cursor_s_ += 1.0 / 30.0;
    if (c == ',') cursor_s_ -= 1.0 / 30.0;
  }
  if (playing_ && last_frame_s_) cursor_s_ += ctx.now_s - *last_frame_s_;
  last_frame_s_ = ctx.now_s;
  cursor_s_ = std::clamp(cursor_s_, 0.0, duration_a);
  const auto a_us = static_cast<std::int64_t>(cursor_s_ * 1e6);
  a_.frames->update(ctx.hub, a_us);
  const std::int64_t b_us = synced_b_us(a_us).value_or(0);
  b_.frames->update(ctx.hub, b_us);

  const ImVec2 top = ImGui::GetCursorScreenPos();
  const float width = ctx.area_max.x - ctx.area_min.x;
  const float gap = 12.0f * ctx.scale;
  const float skeleton_w = (width - gap) * 0.5f;
  const float skeleton_h = std::min(skeleton_w * 0.62f, (ctx.area_max.y - top.y) * 0.45f);
  draw_side(ctx, a_, a_us, top, ImVec2(top.x + skeleton_w, top.y + skeleton_h), "A");
  draw_side(ctx, b_, b_us, ImVec2(top.x + skeleton_w + gap, top.y),
            ImVec2(top.x + 2 * skeleton_w + gap, top.y + skeleton_h), "B");
  record_rect(ctx.targets, "compare skeletons", top, ImVec2(top.x + width, top.y + skeleton_h));
  ImGui::SetCursorScreenPos(ImVec2(top.x, top.y + skeleton_h + gap));
  if (button(ctx.targets, playing_ ? "Pause (space)##cmp" : "Play (space)##cmp")) playing_ = !playing_;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(width * 0.6f);
  float cursor = static_cast<float>(cursor_s_);
  if (ImGui::SliderFloat("##compare_scrubber", &cursor, 0.0f, static_cast<float>(duration_a), clock_text(cursor).c_str())) {
    cursor_s_ = cursor;
  }
  record_last_item(ctx.targets, "compare scrubber");
  ImGui::SameLine();
  ImGui::TextColored(colour(p.text_dim), "B follows A's stride phase");
  ImGui::BeginChild("##compare_table", ImVec2(0, ctx.area_max.y - ImGui::GetCursorScreenPos().y), false);
  draw_differences(ctx, a_.session.value(), b_.session.value());
  ImGui::EndChild();
}

}  // namespace runform::dashboard
