#include "dashboard/assessment_athlete_detail.h"

#include <imgui.h>

#include <chrono>

#include "dashboard/controls.h"
#include "report/assessment_pack.h"
#include "ui/theme.h"

namespace runform::dashboard {
namespace {

ImVec4 colour(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

// The pack's section headings (report/assessment_pack.cpp), drawn as headings here.
bool is_heading(const std::string& line) {
  return line == "SCORES" || line == "STEPS" || line == "WHAT TO WORK ON" || line == "DRILLS";
}

}  // namespace

void AssessmentAthleteDetail::draw(PanelContext& ctx, const services::AssessmentResults& results,
                                   const std::string& athlete_code, const std::string& previous_id) {
  const ui::Palette& p = ui::palette();
  if (previous_id != previous_id_ && !fetching_.valid()) {
    previous_id_ = previous_id;
    previous_.reset();
    if (!previous_id.empty()) {
      const services::CoachEndpoint e = ctx.hub.endpoint();
      fetching_ = std::async(std::launch::async, [e, previous_id] {
        Previous out;
        try {
          // The hub narrows a coach's results to their athletes, as for this assessment.
          out.results = services::AssessmentClient(e.target, e.ca_file, e.server_name, e.token).results(previous_id);
        } catch (const std::exception& ex) {
          out.error = ex.what();
        }
        return out;
      });
    }
  }
  if (fetching_.valid() && fetching_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) previous_ = fetching_.get();
  std::size_t index = results.athletes.size();
  for (std::size_t i = 0; i < results.athletes.size(); ++i) {
    if (results.athletes[i].athlete.athlete_code == athlete_code) index = i;
  }
  if (index == results.athletes.size()) return;
  if (!previous_id_.empty() && !previous_) {
    ImGui::TextColored(colour(p.text_dim), "Loading the previous assessment to compare with...");
    return;
  }
  const std::optional<services::AssessmentResults> previous = previous_ ? previous_->results : std::nullopt;
  const auto lines = report::athlete_page_lines(results, index, previous, catalog_);
  record_rect(ctx.targets, "detail:" + athlete_code, ImGui::GetCursorScreenPos(),
              ImVec2(ImGui::GetCursorScreenPos().x + 10.0f, ImGui::GetCursorScreenPos().y + 10.0f));
  if (previous_ && !previous_->error.empty()) {
    ImGui::TextColored(colour(p.poor), "No comparison: %s", previous_->error.c_str());
  }
  const auto& a = results.athletes[index];
  const auto& protocol = results.assessment.protocol;
  std::size_t step = 0;
  std::string section;
  ImGui::PushTextWrapPos(ctx.area_max.x - 20.0f * ctx.scale);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (is_heading(line)) {
      section = line;
      ImGui::Spacing();
      ImGui::TextColored(colour(p.text_dim), "%s", line.c_str());
      continue;
    }
    if (i == 0) {
      ImGui::PushFont(ctx.fonts.body);
      ImGui::TextUnformatted(line.c_str());
      ImGui::PopFont();
      continue;
    }
    const bool in_steps = section == "STEPS";
    const bool fault = section == "WHAT TO WORK ON" && !line.starts_with("No faults") && !line.starts_with("Nothing measured");
    ImGui::TextColored(colour(fault ? p.poor : p.text), "%s", line.c_str());
    // Each step's session opens in Session review, as the Athletes panel opens a session.
    if (in_steps && step < protocol.steps.size()) {
      const auto& s = step < a.steps.size() ? a.steps[step] : services::StepResultRow{};
      if (s.completed && !s.session_id.empty() && s.session_closed) {
        ImGui::SameLine();
        if (button(ctx.targets, "Review##step" + std::to_string(step + 1))) {
          ctx.place.session_id = s.session_id;
          ctx.place.athlete_name = a.athlete.name;
          ctx.place.cursor_s = 0.0;
          ctx.go_to("review");
        }
        record_last_item(ctx.targets, "review-step:" + std::to_string(step + 1));
      }
      ++step;
    }
  }
  ImGui::PopTextWrapPos();
}

}  // namespace runform::dashboard
