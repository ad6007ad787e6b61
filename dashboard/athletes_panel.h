// Athletes: a searchable list (name or id) with each athlete's last session, a sparkline of their
// overall score across sessions, and the faults flagged lately; the chosen athlete's sessions
// open in review, compare or trends.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dashboard/panel.h"

namespace runform::dashboard {

/// Sessions read per athlete for the sparkline and recent faults.
inline constexpr std::size_t kAthleteHistorySessions = 20;
/// Sessions whose faults count as "lately".
inline constexpr std::size_t kRecentFaultSessions = 3;

class AthletesPanel final : public Panel {
 public:
  [[nodiscard]] std::string_view id() const override { return "athletes"; }
  [[nodiscard]] std::string_view title() const override { return "Athletes"; }
  void enter(PanelContext& ctx) override;
  void draw(PanelContext& ctx) override;
  [[nodiscard]] bool ready() const override;

  /// The athletes matching a search (name or id, any case), as shown (tests).
  [[nodiscard]] std::vector<services::CoachAthlete> matching(const std::string& search) const;

 private:
  void draw_list(PanelContext& ctx, float width);
  void draw_sessions(PanelContext& ctx);

  services::Pending<std::vector<services::CoachAthlete>> athletes_;
  std::map<std::string, services::Pending<std::vector<services::CoachSession>>> sessions_;
  char search_[128] = {};
  bool focus_search_ = false;
};

}  // namespace runform::dashboard
