// Assessments (issue 14): pick an assessment day, then the live board (who waits, who is on which
// station at which step, who is done; each station's athlete and when it was last heard from,
// a quiet station flagged) and the results table (athletes × scores, sortable by any column,
// filtered by name or group, faults in red, incomplete said so, the group's averages). Data
// comes from the hub's AssessmentService off the render thread, refreshed every few seconds.
// Staff also create an assessment day here (assessment_create_form.h, with the protocol editor)
// and keep its roster (assessment_roster_view.h); a results row opens the athlete's detail
// (assessment_athlete_detail.h).
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "dashboard/assessment_athlete_detail.h"
#include "dashboard/assessment_board_rows.h"
#include "dashboard/assessment_create_form.h"
#include "dashboard/assessment_exports.h"
#include "dashboard/assessment_live_scores.h"
#include "dashboard/assessment_roster_view.h"
#include "dashboard/panel.h"
#include "services/client/assessment_client.h"

namespace runform::dashboard {

class AssessmentPanel final : public Panel {
 public:
  /// `unix_ms`: the wall clock the board's "last heard" is measured on (empty: the system's).
  AssessmentPanel(std::filesystem::path export_dir, form::CoachingCatalog catalog,
                  std::function<std::int64_t()> unix_ms = {});
  [[nodiscard]] std::string_view id() const override { return "assessments"; }
  [[nodiscard]] std::string_view title() const override { return "Assessments"; }
  void enter(PanelContext& ctx) override;
  void draw(PanelContext& ctx) override;
  [[nodiscard]] bool ready() const override;
  void on_live(const services::CoachLiveBatch& batch, double now_s) override;
  /// The board's station rows as last drawn (empty before a board is shown, or for a coach).
  [[nodiscard]] const std::vector<BoardStationView>& board_stations() const { return board_stations_; }

 private:
  /// One refresh's answer from the hub.
  struct Snapshot {
    std::vector<services::AssessmentInfo> assessments;
    std::optional<services::AssessmentBoard> board;
    bool board_withheld = false;  ///< the hub keeps the board for staff (a coach signed in)
    std::optional<services::AssessmentResults> results;
    std::string error;
  };
  void refresh(PanelContext& ctx);
  void draw_board(PanelContext& ctx, const services::AssessmentBoard& board, const services::AssessmentInfo& info);
  void draw_results(PanelContext& ctx, const services::AssessmentResults& results, const std::string& previous_id);

  /// What the main area shows.
  enum class View { kDay, kRoster, kCreate };
  void draw_day(PanelContext& ctx);

  View view_ = View::kDay;
  AssessmentCreateForm create_;
  AssessmentRosterView roster_;
  std::string chosen_;  ///< assessment id
  std::shared_future<Snapshot> pending_;
  std::optional<Snapshot> shown_;
  double refreshed_at_s_ = -1e9;
  char filter_[64] = {};
  AssessmentExports exports_;
  AssessmentAthleteDetail detail_;
  StationLiveScores live_;  ///< each station's live scores, from the coach client's live watch
  std::string detail_code_;  ///< the athlete whose detail shows under the table, or empty
  std::function<std::int64_t()> unix_ms_;
  std::vector<BoardStationView> board_stations_;
};

}  // namespace runform::dashboard
