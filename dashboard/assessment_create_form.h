// Creating an assessment day from the dashboard (issue 14, staff): its name, date and stations,
// and a protocol chosen from the hub's saved ones or made in the protocol editor (steps with a
// duration, a view, calibration or run, an optional treadmill speed and incline; added, removed
// and moved up or down; saved for reuse). Errors sit next to their field; the hub's calls run off
// the render thread and its refusal is shown in its own words.
#pragma once

#include <future>
#include <optional>
#include <string>
#include <vector>

#include "dashboard/assessment_drafts.h"
#include "dashboard/panel.h"

namespace runform::dashboard {

class AssessmentCreateForm {
 public:
  /// Loads the saved protocols (call when the form comes into view).
  void open(PanelContext& ctx);
  /// Draws the form; returns the new assessment's id the frame it was created. `known_stations`
  /// are offered as chips that add or take out a station id.
  std::optional<std::string> draw(PanelContext& ctx, const std::vector<std::string>& known_stations);

 private:
  struct Outcome {
    std::string error;          ///< the hub's words, or empty
    std::string assessment_id;  ///< when an assessment was created
    std::optional<services::ProtocolSpec> saved;  ///< the protocol saved on the way
  };
  void draw_protocol_choice(PanelContext& ctx);
  void draw_editor(PanelContext& ctx, const FieldErrors& errors);
  void start(PanelContext& ctx, bool create);

  AssessmentDraft day_;
  ProtocolDraft protocol_;
  int chosen_protocol_ = -1;  ///< index in protocols_, or -1 for the one in the editor
  std::vector<services::ProtocolSpec> protocols_;
  std::future<std::vector<services::ProtocolSpec>> loading_;
  std::string load_error_;
  std::future<Outcome> job_;
  bool show_errors_ = false;  ///< after the first try to save: errors appear once they matter
  std::string outcome_;
  std::string outcome_label_;  ///< "created", "protocol-saved", "create-failed" (scripts await it)
  bool outcome_failed_ = false;
};

}  // namespace runform::dashboard
