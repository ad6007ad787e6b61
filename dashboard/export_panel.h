// Export: the chosen session (CSV, JSON, the PDF report) or the chosen athlete (CSV, JSON) to
// the export folder, through report/'s export jobs on a worker thread: a progress bar while it
// runs, Cancel leaves no file behind.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dashboard/panel.h"
#include "form/cue_catalog.h"
#include "report/export_job.h"

namespace runform::dashboard {

class ExportPanel final : public Panel {
 public:
  ExportPanel(std::filesystem::path export_dir, form::CoachingCatalog catalog)
      : export_dir_(std::move(export_dir)), catalog_(std::make_shared<form::CoachingCatalog>(std::move(catalog))) {}
  [[nodiscard]] std::string_view id() const override { return "export"; }
  [[nodiscard]] std::string_view title() const override { return "Export"; }
  void draw(PanelContext& ctx) override;
  [[nodiscard]] bool ready() const override { return !running(); }

  /// Files written so far, newest last.
  [[nodiscard]] const std::vector<std::filesystem::path>& written() const { return written_; }
  /// The last export's error ("" when none).
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  /// What a running export shares with its worker thread.
  struct Job {
    std::atomic<bool> cancel{false};
    std::mutex mutex;
    double fraction = 0.0;
    std::string stage;
  };
  [[nodiscard]] bool running() const { return pending_.started() && !pending_.ready(); }
  void start(PanelContext& ctx, report::ExportScope scope, const std::string& id, report::ExportFormat format);

  std::filesystem::path export_dir_;
  std::shared_ptr<const form::CoachingCatalog> catalog_;
  std::shared_ptr<Job> job_;
  services::Pending<std::filesystem::path> pending_;
  std::vector<std::filesystem::path> written_;
  std::string error_;
};

}  // namespace runform::dashboard
