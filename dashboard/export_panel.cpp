#include "dashboard/export_panel.h"

#include "dashboard/controls.h"
#include "ui/theme.h"

namespace runform::dashboard {
namespace {

ImVec4 colour(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

}  // namespace

void ExportPanel::start(PanelContext& ctx, report::ExportScope scope, const std::string& id, report::ExportFormat format) {
  report::ExportRequest request{scope, id, format, {}};
  request.out = export_dir_ / report::default_file_name(request);
  error_.clear();
  job_ = std::make_shared<Job>();
  auto job = job_;
  auto catalog = catalog_;
  pending_ = ctx.hub.submit([request, job, catalog](services::CoachClient& client) {
    std::filesystem::create_directories(request.out.parent_path());
    report::run_export(client, request, *catalog, [job](double fraction, const std::string& stage) {
      std::lock_guard lock(job->mutex);
      job->fraction = fraction;
      job->stage = stage;
      return !job->cancel.load();
    });
    return request.out;
  });
}

void ExportPanel::draw(PanelContext& ctx) {
  const ui::Palette& p = ui::palette();
  if (pending_.ready() && job_) {
    if (pending_.ok()) {
      written_.push_back(pending_.value());
    } else {
      error_ = pending_.error();
    }
    job_.reset();
  }
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted("Export");
  ImGui::PopFont();
  ImGui::TextColored(colour(p.text_dim), "Files go to %s", std::filesystem::absolute(export_dir_).string().c_str());
  ImGui::Dummy(ImVec2(0, 8.0f * ctx.scale));

  const bool busy = running();
  ImGui::TextUnformatted("Session");
  if (ctx.place.session_id.empty()) {
    ImGui::TextColored(colour(p.text_dim), "Open a session in Session review (or choose one in Athletes) to export it.");
  } else {
    ImGui::TextColored(colour(p.text_dim), "%s", ctx.place.session_id.c_str());
    for (const auto& [label, format] : {std::pair{"Session CSV", report::ExportFormat::kCsv},
                                        std::pair{"Session JSON", report::ExportFormat::kJson},
                                        std::pair{"Session PDF report", report::ExportFormat::kPdf}}) {
      if (button(ctx.targets, label) && !busy) start(ctx, report::ExportScope::kSession, ctx.place.session_id, format);
      ImGui::SameLine();
    }
    ImGui::NewLine();
  }
  ImGui::Dummy(ImVec2(0, 8.0f * ctx.scale));
  ImGui::TextUnformatted("Athlete");
  if (ctx.place.athlete_id.empty()) {
    ImGui::TextColored(colour(p.text_dim), "Choose an athlete in Athletes to export every session's summary and notes.");
  } else {
    ImGui::TextColored(colour(p.text_dim), "%s", (ctx.place.athlete_name.empty() ? ctx.place.athlete_id : ctx.place.athlete_name).c_str());
    if (button(ctx.targets, "Athlete CSV") && !busy) start(ctx, report::ExportScope::kAthlete, ctx.place.athlete_id, report::ExportFormat::kCsv);
    ImGui::SameLine();
    if (button(ctx.targets, "Athlete JSON") && !busy) start(ctx, report::ExportScope::kAthlete, ctx.place.athlete_id, report::ExportFormat::kJson);
  }
  ImGui::Dummy(ImVec2(0, 12.0f * ctx.scale));
  if (busy && job_) {
    double fraction = 0.0;
    std::string stage;
    {
      std::lock_guard lock(job_->mutex);
      fraction = job_->fraction;
      stage = job_->stage;
    }
    ImGui::ProgressBar(static_cast<float>(fraction), ImVec2(600.0f * ctx.scale, 0), stage.c_str());
    ImGui::SameLine();
    if (button(ctx.targets, "Cancel")) job_->cancel = true;
  }
  if (!error_.empty()) ImGui::TextColored(colour(p.poor), "%s", error_.c_str());
  if (!written_.empty()) {
    ImGui::TextUnformatted("Written");
    for (auto it = written_.rbegin(); it != written_.rend(); ++it) {
      ImGui::TextColored(colour(p.good), "%s", std::filesystem::absolute(*it).string().c_str());
    }
  }
}

}  // namespace runform::dashboard
