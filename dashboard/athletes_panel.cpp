#include "dashboard/athletes_panel.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "dashboard/controls.h"
#include "dashboard/format.h"
#include "ui/sparkline.h"
#include "ui/theme.h"

namespace runform::dashboard {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

ImVec4 colour(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

// Overall scores oldest → newest (the list is newest first).
std::vector<float> overall_scores(const std::vector<services::CoachSession>& sessions) {
  std::vector<float> out;
  for (auto it = sessions.rbegin(); it != sessions.rend(); ++it) {
    if (it->summary && it->summary->scores.overall) out.push_back(static_cast<float>(*it->summary->scores.overall));
  }
  return out;
}

std::string recent_faults(const std::vector<services::CoachSession>& sessions) {
  std::set<form::MetricId> seen;
  std::string out;
  std::size_t counted = 0;
  for (const services::CoachSession& s : sessions) {
    if (!s.summary) continue;
    if (++counted > kRecentFaultSessions) break;
    for (form::MetricId f : s.summary->faults) {
      if (!seen.insert(f).second) continue;
      if (!out.empty()) out += ", ";
      out += std::string(form::info(f).label);
    }
  }
  return out.empty() ? "none" : out;
}

}  // namespace

void AthletesPanel::enter(PanelContext& ctx) {
  athletes_ = ctx.hub.submit([](services::CoachClient& c) { return c.list_athletes(); });
  sessions_.clear();
}

bool AthletesPanel::ready() const {
  if (!athletes_.ready()) return false;
  if (!athletes_.ok()) return true;  // the error is what it shows
  for (const auto& a : athletes_.value()) {
    const auto it = sessions_.find(a.athlete_id);
    if (it == sessions_.end() || !it->second.ready()) return false;
  }
  return true;
}

std::vector<services::CoachAthlete> AthletesPanel::matching(const std::string& search) const {
  std::vector<services::CoachAthlete> out;
  if (!athletes_.ok()) return out;
  const std::string needle = lower(search);
  for (const auto& a : athletes_.value()) {
    if (needle.empty() || lower(a.name).find(needle) != std::string::npos ||
        lower(a.athlete_id).find(needle) != std::string::npos) {
      out.push_back(a);
    }
  }
  return out;
}

void AthletesPanel::draw(PanelContext& ctx) {
  const ui::Palette& p = ui::palette();
  for (unsigned c : ctx.shortcuts) {
    if (c == '/') focus_search_ = true;
  }
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted("Athletes");
  ImGui::PopFont();
  if (!athletes_.ready()) {
    ImGui::TextColored(colour(p.text_dim), "Loading the athletes you coach...");
    return;
  }
  if (!athletes_.ok()) {
    ImGui::TextColored(colour(p.poor), "%s", athletes_.error().c_str());
    if (button(ctx.targets, "Try again")) enter(ctx);
    return;
  }
  for (const auto& a : athletes_.value()) {
    if (!sessions_.count(a.athlete_id)) {
      const std::string id = a.athlete_id;
      sessions_[id] = ctx.hub.submit([id](services::CoachClient& c) { return c.list_sessions(id, kAthleteHistorySessions); });
    }
  }
  const float width = ctx.area_max.x - ctx.area_min.x;
  draw_list(ctx, width * 0.58f);
  ImGui::SameLine();
  draw_sessions(ctx);
}

void AthletesPanel::draw_list(PanelContext& ctx, float width) {
  const ui::Palette& p = ui::palette();
  ImGui::BeginChild("##athlete_list", ImVec2(width, ctx.area_max.y - ImGui::GetCursorScreenPos().y), false);
  if (focus_search_) {
    ImGui::SetKeyboardFocusHere();
    focus_search_ = false;
  }
  ImGui::SetNextItemWidth(width - 20.0f * ctx.scale);
  ImGui::InputTextWithHint("##search", "search by name or id  ( / )", search_, sizeof search_);
  record_last_item(ctx.targets, "search");
  const std::vector<services::CoachAthlete> shown = matching(search_);
  if (shown.empty()) {
    ImGui::TextColored(colour(p.text_dim), athletes_.value().empty()
                                               ? "No athletes yet: athletes appear once they have run at a station."
                                               : "No athlete matches that search.");
  }
  const float row_h = 48.0f * ctx.scale;
  ImGui::TextColored(colour(p.text_dim), "%-28s", "athlete");
  ImGui::SameLine(width * 0.40f);
  ImGui::TextColored(colour(p.text_dim), "last session");
  ImGui::SameLine(width * 0.62f);
  ImGui::TextColored(colour(p.text_dim), "overall score");
  for (const auto& a : shown) {
    const bool selected = ctx.place.athlete_id == a.athlete_id;
    const ImVec2 row_min = ImGui::GetCursorScreenPos();
    if (selectable(ctx.targets, "athlete:" + a.athlete_id, "##row", selected, ImVec2(width - 20.0f * ctx.scale, row_h))) {
      ctx.place.athlete_id = a.athlete_id;
      ctx.place.athlete_name = a.name;
    }
    ImDrawList* list = ImGui::GetWindowDrawList();
    const float text_px = ctx.fonts.body->FontSize;
    const std::string name = a.name.empty() ? a.athlete_id : a.name;
    list->AddText(ctx.fonts.body, text_px, ImVec2(row_min.x + 6.0f, row_min.y + 2.0f), p.text, name.c_str());
    const auto it = sessions_.find(a.athlete_id);
    const bool have = it != sessions_.end() && it->second.ok();
    const std::string faults = have ? "lately: " + recent_faults(it->second.value()) : "";
    list->AddText(ctx.fonts.small, ctx.fonts.small->FontSize, ImVec2(row_min.x + 6.0f, row_min.y + text_px + 4.0f),
                  p.text_dim, (a.athlete_id + "   " + faults).c_str());
    const std::string last = date_text(a.last_session_unix_ms) + "  (" + std::to_string(a.session_count) + ")";
    list->AddText(ctx.fonts.small, ctx.fonts.small->FontSize, ImVec2(row_min.x + width * 0.40f, row_min.y + 6.0f),
                  p.text_dim, last.c_str());
    if (have) {
      const std::vector<float> scores = overall_scores(it->second.value());
      const ImVec2 spark_min(row_min.x + width * 0.62f, row_min.y + 6.0f);
      ui::draw_sparkline(list, ctx.scale, spark_min, ImVec2(spark_min.x + width * 0.22f, row_min.y + row_h - 6.0f),
                         scores, p.accent, 0.0f, 100.0f);
      if (!scores.empty()) {
        list->AddText(ctx.fonts.body, text_px, ImVec2(spark_min.x + width * 0.25f, row_min.y + 6.0f),
                      ui::score_colour(scores.back()), score_text(scores.back()).c_str());
      }
    }
  }
  ImGui::EndChild();
}

void AthletesPanel::draw_sessions(PanelContext& ctx) {
  const ui::Palette& p = ui::palette();
  ImGui::BeginChild("##athlete_sessions", ImVec2(0, ctx.area_max.y - ImGui::GetCursorScreenPos().y), false);
  const auto it = sessions_.find(ctx.place.athlete_id);
  if (ctx.place.athlete_id.empty() || it == sessions_.end()) {
    ImGui::TextColored(colour(p.text_dim), "Choose an athlete to see their sessions.");
    ImGui::EndChild();
    return;
  }
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted((ctx.place.athlete_name.empty() ? ctx.place.athlete_id : ctx.place.athlete_name).c_str());
  ImGui::PopFont();
  if (button(ctx.targets, "Trends")) ctx.go_to("trends");
  ImGui::SameLine();
  if (button(ctx.targets, "Export athlete")) ctx.go_to("export");
  if (!it->second.ready()) {
    ImGui::TextColored(colour(p.text_dim), "Loading sessions...");
  } else if (!it->second.ok()) {
    ImGui::TextColored(colour(p.poor), "%s", it->second.error().c_str());
  } else {
    for (const services::CoachSession& s : it->second.value()) {
      ImGui::Separator();
      const double minutes = static_cast<double>(s.duration_us) / 60e6;
      const std::optional<double> overall = s.summary ? s.summary->scores.overall : std::nullopt;
      ImGui::Text("%s   %.0f min   %s", date_text(s.started_unix_ms).c_str(), minutes,
                  s.closed ? (s.summary && s.summary->interrupted ? "interrupted" : "") : "in progress");
      ImGui::SameLine();
      ImGui::TextColored(colour(ui::score_colour(overall)), "overall %s", score_text(overall).c_str());
      if (button(ctx.targets, "Review##" + s.session_id)) {
        ctx.place.session_id = s.session_id;
        ctx.place.cursor_s = 0.0;
        ctx.go_to("review");
      }
      record_last_item(ctx.targets, "review:" + s.session_id);
      ImGui::SameLine();
      const bool is_b = ctx.place.compare_session_id == s.session_id;
      if (button(ctx.targets, (is_b ? "Compare side B##" : "Set as compare side B##") + s.session_id)) {
        ctx.place.compare_session_id = s.session_id;
      }
      record_last_item(ctx.targets, "compare-b:" + s.session_id);
    }
  }
  ImGui::EndChild();
}

}  // namespace runform::dashboard
