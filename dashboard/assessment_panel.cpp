#include "dashboard/assessment_panel.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "dashboard/controls.h"
#include "form/metric_catalog.h"
#include "ui/theme.h"

namespace runform::dashboard {
namespace {

constexpr double kRefreshEveryS = 3.0;            // the board is live enough at this rate
constexpr double kTableShareWithDetail = 0.38;  // the rest of the panel holds the athlete's detail

ImVec4 colour(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

std::int64_t system_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string score_text(const std::optional<double>& value) {
  if (!value) return "—";
  char text[16];
  std::snprintf(text, sizeof text, "%.0f", *value);
  return text;
}

std::optional<double> area(const services::AthleteResultRow& a, std::optional<double> services::AreaScores::*field) {
  return a.scores ? (*a.scores).*field : std::nullopt;
}

}  // namespace

AssessmentPanel::AssessmentPanel(std::filesystem::path export_dir, form::CoachingCatalog catalog,
                                 std::function<std::int64_t()> unix_ms)
    : exports_(std::move(export_dir), catalog),
      detail_(std::move(catalog)),
      unix_ms_(unix_ms ? std::move(unix_ms) : system_unix_ms) {}

void AssessmentPanel::enter(PanelContext& ctx) { refresh(ctx); }

bool AssessmentPanel::ready() const { return shown_.has_value(); }

void AssessmentPanel::on_live(const services::CoachLiveBatch& batch, double now_s) {
  for (const auto& update : batch.updates) live_.feed(update, now_s);
}

void AssessmentPanel::refresh(PanelContext& ctx) {
  if (pending_.valid() && pending_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  refreshed_at_s_ = ctx.now_s;
  const services::CoachEndpoint endpoint = ctx.hub.endpoint();
  const std::string chosen = chosen_;
  // Off the render thread: a slow or absent hub never stalls a frame.
  pending_ = std::async(std::launch::async, [endpoint, chosen] {
               Snapshot s;
               try {
                 services::AssessmentClient client(endpoint.target, endpoint.ca_file, endpoint.server_name, endpoint.token);
                 s.assessments = client.list_assessments();
                 std::string id = chosen;
                 if (id.empty() && !s.assessments.empty()) id = s.assessments.front().assessment_id;
                 if (!id.empty()) {
                   try {
                     s.board = client.board(id);
                   } catch (const services::AssessmentCallError& e) {
                     // The board names every athlete: the hub keeps it for staff. A coach still
                     // gets the results, which the hub narrows to their own athletes.
                     if (e.kind() != services::AssessmentCallError::Kind::kDenied) throw;
                     s.board_withheld = true;
                   }
                   s.results = client.results(id);
                 }
               } catch (const std::exception& e) {
                 s.error = e.what();
               }
               return s;
             }).share();
}

void AssessmentPanel::draw(PanelContext& ctx) {
  const ui::Palette& p = ui::palette();
  if (pending_.valid() && pending_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    shown_ = pending_.get();
    pending_ = {};
    if (chosen_.empty() && shown_->results) chosen_ = shown_->results->assessment.assessment_id;
  }
  if (ctx.now_s - refreshed_at_s_ >= kRefreshEveryS) refresh(ctx);
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted("Assessments");
  ImGui::PopFont();
  if (!shown_) {
    ImGui::TextColored(colour(p.text_dim), "Loading the assessments...");
    return;
  }
  if (!shown_->error.empty()) ImGui::TextColored(colour(p.poor), "%s", shown_->error.c_str());
  // The assessment days on the left, under the button that makes a new one.
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const float list_w = 330.0f * ctx.scale;
  ImGui::BeginChild("##assessment_list", ImVec2(list_w, ctx.area_max.y - top.y), false);
  if (button(ctx.targets, "New assessment", ImVec2(-1, 0))) {
    view_ = View::kCreate;
    create_.open(ctx);
  }
  if (shown_->assessments.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(colour(p.text_dim), "No assessment yet: create one (or `runform assessment create`, see docs/assessments.md).");
    ImGui::PopTextWrapPos();
  }
  for (const auto& a : shown_->assessments) {
    const std::string text = a.date + "  " + a.name + " (" + std::to_string(a.roster_size) + ")";
    if (selectable(ctx.targets, "assessment:" + a.name, text, a.assessment_id == chosen_ && view_ != View::kCreate)) {
      chosen_ = a.assessment_id;
      if (view_ == View::kCreate) view_ = View::kDay;
      refreshed_at_s_ = -1e9;  // load it now
    }
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##assessment_main", ImVec2(0, ctx.area_max.y - top.y), false);
  if (view_ == View::kCreate) {
    if (const auto created = create_.draw(ctx, known_stations(shown_->assessments))) {
      // The next thing staff do with a new day is its roster.
      chosen_ = *created;
      view_ = View::kRoster;
      refreshed_at_s_ = -1e9;
    }
  } else {
    draw_day(ctx);
  }
  ImGui::EndChild();
}

void AssessmentPanel::draw_day(PanelContext& ctx) {
  const ui::Palette& p = ui::palette();
  if (!(shown_->results && shown_->results->assessment.assessment_id == chosen_ && (shown_->board || shown_->board_withheld))) {
    if (!shown_->assessments.empty()) ImGui::TextColored(colour(p.text_dim), "Loading...");
    return;
  }
  const auto& info = shown_->results->assessment;
  ImGui::PushFont(ctx.fonts.body);
  ImGui::Text("%s — %s", info.name.c_str(), info.date.c_str());
  ImGui::PopFont();
  std::string steps;
  for (const auto& step : info.protocol.steps) steps += (steps.empty() ? "" : " → ") + step.label;
  ImGui::TextColored(colour(p.text_dim), "Protocol %s: %s", info.protocol.name.c_str(), steps.c_str());
  const bool staff = !shown_->board_withheld;
  if (staff) {
    if (selectable(ctx.targets, "Board & results", "Board & results", view_ == View::kDay, ImVec2(220.0f * ctx.scale, 0))) {
      view_ = View::kDay;
    }
    ImGui::SameLine();
    if (selectable(ctx.targets, "Roster", "Roster", view_ == View::kRoster, ImVec2(220.0f * ctx.scale, 0))) view_ = View::kRoster;
  }
  // The pack compares with the assessment before this one (the list is newest first).
  std::string previous_id;
  for (std::size_t i = 0; i + 1 < shown_->assessments.size(); ++i) {
    if (shown_->assessments[i].assessment_id == chosen_) previous_id = shown_->assessments[i + 1].assessment_id;
  }
  ImGui::Spacing();
  exports_.draw(ctx, *shown_->results, previous_id, staff);
  if (staff && view_ == View::kRoster) {
    roster_.draw(ctx, chosen_);
    return;
  }
  if (shown_->board) {
    draw_board(ctx, *shown_->board, info);
  } else {
    ImGui::TextColored(colour(p.text_dim), "Your athletes' results (the live board of the day is for staff).");
  }
  draw_results(ctx, *shown_->results, previous_id);
}

void AssessmentPanel::draw_board(PanelContext& ctx, const services::AssessmentBoard& board,
                                 const services::AssessmentInfo& info) {
  const ui::Palette& p = ui::palette();
  int waiting = 0, on_station = 0, done = 0;
  for (const auto& a : board.athletes) {
    if (a.state == services::BoardState::kWaiting) ++waiting;
    if (a.state == services::BoardState::kOnStation) ++on_station;
    if (a.state == services::BoardState::kDone) ++done;
  }
  ImGui::Text("Waiting %d   ·   On a station %d   ·   Done %d of %zu", waiting, on_station, done, board.athletes.size());
  board_stations_ = board_station_views(board, info.protocol.steps, live_, unix_ms_(), ctx.now_s);
  if (ImGui::BeginTable("##stations", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
    // The live scores take the widest column: three areas with their numbers.
    ImGui::TableSetupColumn("Station", 0, 0.8f);
    ImGui::TableSetupColumn("On it now", 0, 1.4f);
    ImGui::TableSetupColumn("Step", 0, 1.5f);
    ImGui::TableSetupColumn("Live scores", 0, 2.6f);
    ImGui::TableSetupColumn("Last heard", 0, 1.2f);
    ImGui::TableHeadersRow();
    for (const auto& v : board_stations_) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(v.station_id.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(v.who.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(v.step.c_str());
      ImGui::TableNextColumn();
      if (v.not_measurable) {
        ImGui::TextColored(colour(p.poor), "not measurable");
        record_last_item(ctx.targets, "board-not-measurable:" + v.station_id);
      } else if (v.scores) {
        ImGui::TextColored(colour(ui::score_colour(v.scores->head)), "head %s", score_text(v.scores->head).c_str());
        ImGui::SameLine();
        ImGui::TextColored(colour(ui::score_colour(v.scores->shoulders)), "shoulders %s", score_text(v.scores->shoulders).c_str());
        ImGui::SameLine();
        ImGui::TextColored(colour(ui::score_colour(v.scores->arms)), "arms %s", score_text(v.scores->arms).c_str());
        record_last_item(ctx.targets, "board-live-scores:" + v.station_id);
      } else {
        ImGui::TextColored(colour(p.text_dim), "—");
      }
      ImGui::TableNextColumn();
      if (!v.heard_ago_s) {
        ImGui::TextColored(colour(p.text_dim), "not yet");
      } else if (v.offline) {
        ImGui::TextColored(colour(p.poor), "%lld s ago: offline?", static_cast<long long>(*v.heard_ago_s));
        record_last_item(ctx.targets, "board-offline:" + v.station_id);
      } else if (v.streaming) {
        ImGui::TextColored(colour(p.good), "live now");
      } else {
        ImGui::Text("%lld s ago", static_cast<long long>(*v.heard_ago_s));
      }
    }
    ImGui::EndTable();
  }
  for (const auto& v : board_stations_) {
    if (v.problem.empty()) continue;
    ImGui::TextColored(colour(p.poor), "Problem: %s", v.problem.c_str());
    record_last_item(ctx.targets, "board-problem");
  }
}

void AssessmentPanel::draw_results(PanelContext& ctx, const services::AssessmentResults& results,
                                   const std::string& previous_id) {
  const ui::Palette& p = ui::palette();
  ImGui::Spacing();
  ImGui::SetNextItemWidth(320.0f * ctx.scale);
  ImGui::InputTextWithHint("##filter", "filter: name or group", filter_, sizeof filter_);
  record_last_item(ctx.targets, "assessment-filter");
  std::vector<const services::AthleteResultRow*> rows;
  const std::string filter = filter_;
  for (const auto& a : results.athletes) {
    if (filter.empty() || a.athlete.name.find(filter) != std::string::npos || a.athlete.squad.find(filter) != std::string::npos) {
      rows.push_back(&a);
    }
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  // No taller than its rows (header, athletes, group average), so what follows sits right under
  // it; with many athletes it scrolls in the height it has: all of it but the hint line below, or
  // with an athlete's detail open a share, the rest holding the detail.
  const float row_h = ImGui::GetTextLineHeight() + 2.0f * ImGui::GetStyle().CellPadding.y;
  const float rows_h = (static_cast<float>(rows.size()) + 2.0f) * row_h + 2.0f * ImGui::GetStyle().CellPadding.y;
  const float free_h = ctx.area_max.y - ImGui::GetCursorScreenPos().y;
  const float room_h = detail_code_.empty() ? free_h - 2.0f * ImGui::GetTextLineHeightWithSpacing()
                                            : free_h * static_cast<float>(kTableShareWithDetail);
  const float height = std::min(room_h, rows_h);
  if (!ImGui::BeginTable("##results", 8, flags, ImVec2(0, std::max(height, 4.0f * ImGui::GetTextLineHeightWithSpacing())))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Athlete", ImGuiTableColumnFlags_DefaultSort, 2.2f);
  ImGui::TableSetupColumn("Group", 0, 1.0f);
  ImGui::TableSetupColumn("Status", 0, 1.6f);
  ImGui::TableSetupColumn("Overall", ImGuiTableColumnFlags_PreferSortDescending, 0.9f);
  ImGui::TableSetupColumn("Head", ImGuiTableColumnFlags_PreferSortDescending, 0.8f);
  ImGui::TableSetupColumn("Shoulders", ImGuiTableColumnFlags_PreferSortDescending, 1.2f);  // its header, with the sort arrow, fits
  ImGui::TableSetupColumn("Arms", ImGuiTableColumnFlags_PreferSortDescending, 0.8f);
  ImGui::TableSetupColumn("Faults", ImGuiTableColumnFlags_NoSort, 2.7f);
  ImGui::TableHeadersRow();
  if (ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs(); sort != nullptr && sort->SpecsCount > 0) {
    const int column = sort->Specs[0].ColumnIndex;
    const bool ascending = sort->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
    std::optional<double> services::AreaScores::*fields[] = {&services::AreaScores::overall, &services::AreaScores::head,
                                                              &services::AreaScores::shoulders, &services::AreaScores::arms};
    std::stable_sort(rows.begin(), rows.end(), [&](const auto* a, const auto* b) {
      if (column >= 3 && column <= 6) {
        // Unmeasured sorts last either way: a missing score is not a low score.
        const auto x = area(*a, fields[column - 3]);
        const auto y = area(*b, fields[column - 3]);
        if (x.has_value() != y.has_value()) return x.has_value();
        if (!x) return false;
        return ascending ? *x < *y : *x > *y;
      }
      const std::string& x = column == 1 ? a->athlete.squad : column == 2 ? std::string(a->complete ? "a" : "b") : a->athlete.name;
      const std::string& y = column == 1 ? b->athlete.squad : column == 2 ? std::string(b->complete ? "a" : "b") : b->athlete.name;
      return ascending ? x < y : x > y;
    });
  }
  const int step_count = static_cast<int>(results.assessment.protocol.steps.size());
  for (const auto* a : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const std::string& code = a->athlete.athlete_code;
    if (selectable(ctx.targets, "athlete:" + code, a->athlete.name, detail_code_ == code, ImVec2(0, 0))) {
      detail_code_ = detail_code_ == code ? "" : code;  // a second click closes the detail
    }
    ImGui::TableNextColumn();
    ImGui::TextColored(colour(p.text_dim), "%s", a->athlete.squad.c_str());
    ImGui::TableNextColumn();
    if (a->complete) {
      ImGui::TextColored(colour(p.good), "complete");
    } else {
      ImGui::TextColored(colour(p.fair), "incomplete %d/%d", a->steps_completed, step_count);
    }
    for (auto field : {&services::AreaScores::overall, &services::AreaScores::head, &services::AreaScores::shoulders,
                       &services::AreaScores::arms}) {
      ImGui::TableNextColumn();
      const auto value = area(*a, field);
      ImGui::TextColored(colour(ui::score_colour(value)), "%s", score_text(value).c_str());
    }
    ImGui::TableNextColumn();
    std::string faults;
    for (const auto id : a->faults) faults += (faults.empty() ? "" : ", ") + std::string(form::info(id).label);
    if (faults.empty()) {
      ImGui::TextColored(colour(p.text_dim), a->steps_completed > 0 ? "none" : "—");
    } else {
      ImGui::TextColored(colour(p.poor), "%s", faults.c_str());
    }
  }
  // The group's averages, over the athletes with a score.
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted("Group average");
  ImGui::TableNextColumn();
  ImGui::TableNextColumn();
  for (auto field : {&services::AreaScores::overall, &services::AreaScores::head, &services::AreaScores::shoulders,
                     &services::AreaScores::arms}) {
    double sum = 0;
    int count = 0;
    for (const auto* a : rows) {
      if (const auto v = area(*a, field)) {
        sum += *v;
        ++count;
      }
    }
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(count > 0 ? score_text(sum / count).c_str() : "—");
  }
  ImGui::EndTable();
  if (detail_code_.empty()) {
    ImGui::TextColored(colour(p.text_dim), "Click an athlete for their steps, sessions and the comparison with last time.");
    return;
  }
  ImGui::BeginChild("##athlete_detail", ImVec2(0, 0), false);
  detail_.draw(ctx, results, detail_code_, previous_id);
  ImGui::EndChild();
}

}  // namespace runform::dashboard
