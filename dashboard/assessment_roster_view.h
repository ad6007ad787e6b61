// An assessment's roster at the dashboard (issue 14, staff): the athletes on it, one added by
// hand (name, code, group or squad, coach) or a CSV file imported by its path. The hub imports
// whole or not at all: a bad line comes back as its words ("line 3: …") shown here, and the
// roster read again shows nothing was added. Calls run off the render thread.
#pragma once

#include <future>
#include <string>
#include <vector>

#include "dashboard/assessment_drafts.h"
#include "dashboard/panel.h"

namespace runform::dashboard {

class AssessmentRosterView {
 public:
  /// Shows `assessment_id`'s roster (loads it when the assessment changes or `reload`).
  void draw(PanelContext& ctx, const std::string& assessment_id);

 private:
  struct Outcome {
    std::vector<services::RosterAthlete> roster;  ///< as the hub has it after the call
    std::string error;                            ///< the hub's (or the file's) words
    std::string done;                             ///< what was done, for the message
  };
  enum class Action { kLoad, kAdd, kImport };
  void start(PanelContext& ctx, Action action);

  std::string assessment_id_;
  std::vector<services::RosterAthlete> roster_;
  bool loaded_ = false;
  std::future<Outcome> job_;
  services::RosterAthlete athlete_;
  std::string csv_path_;
  bool show_errors_ = false;
  std::string message_;
  std::string message_label_;  ///< "roster-added", "roster-imported", "roster-error" (scripts await it)
  bool failed_ = false;
};

/// Reads a roster CSV for import; throws std::runtime_error with what to do (no such file, too
/// large: the hub takes at most 1 MiB a call).
std::string read_roster_file(const std::string& path);

}  // namespace runform::dashboard
