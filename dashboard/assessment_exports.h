// The Assessments panel's exports (issue 14), for staff at the dashboard: the results as CSV,
// the PDF pack (a group page, then a page per athlete with the comparison with the group's
// previous assessment) and the badge sheet to print, written to the dashboard's export folder
// off the render thread, with the pack's progress page by page and the file's path (or what
// went wrong, in the hub's words) when done. The same files as `runform assessment results|pack|
// badges` (report/ writes both).
#pragma once

#include <atomic>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "dashboard/panel.h"
#include "form/cue_catalog.h"
#include "services/client/assessment_client.h"

namespace runform::dashboard {

class AssessmentExports {
 public:
  AssessmentExports(std::filesystem::path export_dir, form::CoachingCatalog catalog)
      : export_dir_(std::move(export_dir)), catalog_(std::move(catalog)) {}

  /// The export buttons and the state of the last export. `previous_id`: the assessment before
  /// this one (the pack compares with it), empty for none. `staff`: the badge sheet is offered
  /// (a coach's results and pack hold only their athletes; the roster is for staff).
  void draw(PanelContext& ctx, const services::AssessmentResults& results, const std::string& previous_id, bool staff);
  /// True while an export is being written.
  [[nodiscard]] bool busy() const;

 private:
  enum class Kind { kCsv, kPack, kBadges };
  void start(PanelContext& ctx, Kind kind, const services::AssessmentResults& results, const std::string& previous_id);

  struct Progress {
    std::atomic<int> done{0};
    std::atomic<int> total{0};
  };
  std::filesystem::path export_dir_;
  form::CoachingCatalog catalog_;
  std::shared_ptr<Progress> progress_;
  std::future<std::string> job_;  ///< the sentence to show when it ends
  std::string last_;              ///< "Wrote …" or what went wrong
  bool last_failed_ = false;
  std::string last_kind_;         ///< "results-csv", "pdf-pack" or "badge-sheet"
};

/// A file name for an assessment's export: its date and name, letters and digits only
/// ("2026-04-18-spring-squad-day-results.csv").
std::string assessment_file_stem(const services::AssessmentInfo& info);

}  // namespace runform::dashboard
