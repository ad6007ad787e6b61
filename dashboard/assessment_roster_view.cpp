#include "dashboard/assessment_roster_view.h"

#include <imgui.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "dashboard/assessment_form_fields.h"
#include "dashboard/controls.h"
#include "ui/theme.h"

namespace runform::dashboard {
namespace {

constexpr std::uintmax_t kMaxRosterFileBytes = 1u << 20;  // as `runform assessment import-roster`: one call's worth

ImVec4 colour(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

}  // namespace

std::string read_roster_file(const std::string& path) {
  std::error_code ec;
  if (path.empty()) throw std::runtime_error("type the path of the roster CSV (name,code,group,coach)");
  if (!std::filesystem::is_regular_file(path, ec)) throw std::runtime_error("there is no file " + path + ": check the path");
  if (std::filesystem::file_size(path, ec) > kMaxRosterFileBytes) {
    throw std::runtime_error(path + " is larger than 1 MiB: split the roster into several files");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) throw std::runtime_error("cannot read " + path + ": check its permissions");
  return text.str();
}

void AssessmentRosterView::start(PanelContext& ctx, Action action) {
  const services::CoachEndpoint e = ctx.hub.endpoint();
  const std::string id = assessment_id_;
  const services::RosterAthlete athlete = athlete_;
  const std::string path = csv_path_;
  job_ = std::async(std::launch::async, [e, id, athlete, path, action] {
    Outcome out;
    services::AssessmentClient client(e.target, e.ca_file, e.server_name, e.token);
    try {
      if (action == Action::kAdd) {
        client.import_roster(id, "", {athlete});
        out.done = "Added " + athlete.name + " (" + athlete.athlete_code + ").";
      } else if (action == Action::kImport) {
        const int size = client.import_roster(id, read_roster_file(path));
        out.done = "Imported " + path + ": the roster has " + std::to_string(size) + " athletes.";
      }
    } catch (const std::exception& ex) {
      out.error = ex.what();
    }
    try {
      out.roster = client.roster(id);  // read back: what the hub has now, whatever happened
    } catch (const std::exception& ex) {
      if (out.error.empty()) out.error = ex.what();
    }
    return out;
  });
}

void AssessmentRosterView::draw(PanelContext& ctx, const std::string& assessment_id) {
  const ui::Palette& p = ui::palette();
  if (assessment_id != assessment_id_ && !job_.valid()) {
    assessment_id_ = assessment_id;
    roster_.clear();
    loaded_ = false;
    message_.clear();
    start(ctx, Action::kLoad);
  }
  if (job_.valid() && job_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    Outcome out = job_.get();
    roster_ = std::move(out.roster);
    loaded_ = true;
    failed_ = !out.error.empty();
    if (failed_) {
      message_ = "Nothing was added: " + out.error;
      message_label_ = "roster-error";
    } else if (!out.done.empty()) {
      message_ = out.done;
      message_label_ = out.done.starts_with("Added") ? "roster-added" : "roster-imported";
      if (message_label_ == "roster-added") athlete_ = {};
      if (message_label_ == "roster-imported") csv_path_.clear();  // a failed path stays, to fix and retry
      show_errors_ = false;
    }
  }
  const bool busy = job_.valid();
  ImGui::PushFont(ctx.fonts.body);
  ImGui::Text("Roster: %zu athletes", roster_.size());
  ImGui::PopFont();
  // By hand.
  const FieldErrors errors = check_athlete(athlete_);
  form_text_field(ctx, "athlete-name", "name", athlete_.name, 260, errors, show_errors_);
  ImGui::SameLine();
  form_text_field(ctx, "athlete-code", "code (on the badge)", athlete_.athlete_code, 200, errors, show_errors_);
  ImGui::SameLine();
  form_text_field(ctx, "athlete-group", "group or squad", athlete_.squad, 160, errors, false);
  ImGui::SameLine();
  form_text_field(ctx, "athlete-coach", "coach account", athlete_.coach, 160, errors, false);
  ImGui::SameLine();
  ImGui::BeginDisabled(busy);
  if (button(ctx.targets, "Add athlete")) {
    show_errors_ = true;
    if (errors.empty()) start(ctx, Action::kAdd);
  }
  ImGui::EndDisabled();
  // From a file.
  form_text_field(ctx, "roster-csv-path", "path of a CSV: name,code,group,coach", csv_path_, 620, {}, false);
  ImGui::SameLine();
  ImGui::BeginDisabled(busy || csv_path_.empty());
  if (button(ctx.targets, "Import CSV")) start(ctx, Action::kImport);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextColored(colour(p.text_dim), "whole or nothing: a bad line adds nobody");
  if (busy) ImGui::TextColored(colour(p.text_dim), "Talking to the hub...");
  form_outcome(ctx, message_label_, message_, failed_);
  // The roster line the hub named, as its own label: a test waits for "roster-error:line 3".
  if (failed_) {
    if (const auto at = message_.find("line "); at != std::string::npos) {
      const auto end = message_.find_first_not_of("0123456789", at + 5);
      if (end != at + 5) record_last_item(ctx.targets, "roster-error:" + message_.substr(at, end - at));
    }
  }
  ImGui::TextColored(colour(p.text_dim), "Badges for this roster: Badge sheet, above.");
  if (!loaded_) return;
  const float height = ctx.area_max.y - ImGui::GetCursorScreenPos().y - 8.0f * ctx.scale;
  if (!ImGui::BeginTable("##roster", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH,
                         ImVec2(0, std::max(height, 120.0f)))) {
    return;
  }
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Code");
  ImGui::TableSetupColumn("Name");
  ImGui::TableSetupColumn("Group");
  ImGui::TableSetupColumn("Coach");
  ImGui::TableHeadersRow();
  for (const auto& a : roster_) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(a.athlete_code.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(a.name.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(a.squad.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(a.coach.c_str());
  }
  ImGui::EndTable();
}

}  // namespace runform::dashboard
