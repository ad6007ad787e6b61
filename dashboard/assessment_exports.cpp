#include "dashboard/assessment_exports.h"

#include <cctype>
#include <fstream>

#include "common/assessment_badge.h"
#include "dashboard/controls.h"
#include "report/assessment_csv.h"
#include "report/assessment_pack.h"
#include "report/badges_pdf.h"
#include "ui/theme.h"

namespace runform::dashboard {
namespace {

ImVec4 colour(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

// Written whole or not at all: a half-written file never takes the name (as report/ does).
void write_whole(const std::filesystem::path& file, const std::string& bytes) {
  const std::filesystem::path part = file.string() + ".partial";
  {
    std::ofstream out(part, std::ios::binary);
    out << bytes;
    if (!out.flush()) throw std::runtime_error("cannot write " + part.string() + ": check the export folder");
  }
  std::filesystem::rename(part, file);
}

}  // namespace

std::string assessment_file_stem(const services::AssessmentInfo& info) {
  std::string stem = info.date + "-";
  bool dash = false;
  for (const char c : info.name) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      stem += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      dash = false;
    } else if (!dash) {
      stem += '-';
      dash = true;
    }
  }
  while (!stem.empty() && stem.back() == '-') stem.pop_back();
  return stem;
}

bool AssessmentExports::busy() const {
  return job_.valid() && job_.wait_for(std::chrono::seconds(0)) != std::future_status::ready;
}

void AssessmentExports::draw(PanelContext& ctx, const services::AssessmentResults& results, const std::string& previous_id,
                             bool staff) {
  const ui::Palette& p = ui::palette();
  if (job_.valid() && !busy()) {
    try {
      last_ = job_.get();
      last_failed_ = false;
    } catch (const std::exception& e) {
      last_ = std::string("Export failed: ") + e.what();
      last_failed_ = true;
    }
    job_ = {};
  }
  ImGui::TextColored(colour(p.text_dim), "Export to %s:", export_dir_.string().c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(busy());  // one export at a time
  if (button(ctx.targets, "Results CSV")) start(ctx, Kind::kCsv, results, previous_id);
  ImGui::SameLine();
  if (button(ctx.targets, "PDF pack")) start(ctx, Kind::kPack, results, previous_id);
  if (staff) {  // badges need the whole roster, which the hub keeps for staff
    ImGui::SameLine();
    if (button(ctx.targets, "Badge sheet")) start(ctx, Kind::kBadges, results, previous_id);
  }
  ImGui::EndDisabled();
  if (busy() && progress_) {
    const int total = progress_->total.load();
    const int done = progress_->done.load();
    ImGui::ProgressBar(total > 0 ? static_cast<float>(done) / static_cast<float>(total) : 0.0f,
                       ImVec2(420.0f * ctx.scale, 0),
                       total > 0 ? ("page " + std::to_string(done) + " of " + std::to_string(total)).c_str() : "asking the hub...");
  } else if (!last_.empty()) {
    ImGui::TextColored(colour(last_failed_ ? p.poor : p.good), "%s", last_.c_str());
    // Scripts wait for this ("await exported:pdf-pack") rather than for a time.
    record_last_item(ctx.targets, last_failed_ ? "export-failed" : "exported:" + last_kind_);
  }
}

void AssessmentExports::start(PanelContext& ctx, Kind kind, const services::AssessmentResults& results,
                              const std::string& previous_id) {
  const services::CoachEndpoint endpoint = ctx.hub.endpoint();
  auto progress = std::make_shared<Progress>();
  progress_ = progress;
  last_.clear();
  last_kind_ = kind == Kind::kCsv ? "results-csv" : kind == Kind::kPack ? "pdf-pack" : "badge-sheet";
  std::error_code ignored;
  std::filesystem::create_directories(export_dir_, ignored);
  const std::filesystem::path stem = export_dir_ / assessment_file_stem(results.assessment);
  job_ = std::async(std::launch::async, [kind, results, previous_id, endpoint, progress, stem, catalog = catalog_] {
    services::AssessmentClient hub(endpoint.target, endpoint.ca_file, endpoint.server_name, endpoint.token);
    switch (kind) {
      case Kind::kCsv: {
        const std::filesystem::path file = stem.string() + "-results.csv";
        write_whole(file, report::assessment_results_csv(results));
        return "Wrote " + file.string() + " (" + std::to_string(results.athletes.size()) + " athletes)";
      }
      case Kind::kPack: {
        // The comparison with last time: the same group's previous assessment, as this account sees it.
        std::optional<services::AssessmentResults> previous;
        if (!previous_id.empty()) previous = hub.results(previous_id);
        const std::filesystem::path file = stem.string() + "-pack.pdf";
        report::write_assessment_pack(file, results, previous, catalog, [progress](int done, int total) {
          progress->total = total;
          progress->done = done;
        });
        return "Wrote " + file.string() + " (" + std::to_string(results.athletes.size() + 1) + " pages)";
      }
      case Kind::kBadges: {
        std::vector<report::BadgeEntry> badges;
        for (const auto& athlete : hub.roster(results.assessment.assessment_id)) {
          badges.push_back({athlete.name, athlete.squad, athlete.athlete_code,
                            common::assessment_badge_text(results.assessment.assessment_id, athlete.athlete_code)});
        }
        const std::filesystem::path file = stem.string() + "-badges.pdf";
        report::write_badge_sheet(file, results.assessment.name + " — " + results.assessment.date, badges);
        return "Wrote " + file.string() + " (" + std::to_string(badges.size()) + " badges to print)";
      }
    }
    return std::string();
  });
}

}  // namespace runform::dashboard
