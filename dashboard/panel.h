// One dashboard panel: a class owning its state (ImHex's and Tracy's views), drawn by the app's
// loop into the area right of the navigation. Panels never wait on the hub: they ask through
// CoachWorker and draw what has arrived.
#pragma once

#include <imgui.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/client/coach_worker.h"
#include "ui/fonts.h"
#include "ui/touch_controls.h"

namespace runform::dashboard {

/// Where the coach is: what they chose, kept across panels and across a sign-in again.
struct Place {
  std::string athlete_id;          ///< chosen in Athletes
  std::string athlete_name;
  std::string session_id;          ///< opened in Session review
  std::string compare_session_id;  ///< the other side of Compare
  double cursor_s = 0.0;           ///< review time cursor
  std::string trend_metric_key = "shoulders.elevation_pct";
};

/// What a panel draws with, this frame.
struct PanelContext {
  const ui::FontSet& fonts;
  float scale = 1.0f;               ///< UI scale (1 at 1080 lines)
  ImVec2 area_min;                  ///< the panel's area on screen
  ImVec2 area_max;
  services::CoachWorker& hub;
  Place& place;
  ui::TapTargets& targets;          ///< every clickable thing, by label (scripts click by name)
  double now_s = 0.0;               ///< the app's clock
  std::vector<unsigned> shortcuts;  ///< characters typed this frame while no text field has focus
  std::function<void(std::string_view panel_id)> go_to;  ///< switch panels (keeps the place)
};

/// A panel of the dashboard.
class Panel {
 public:
  virtual ~Panel() = default;
  /// Stable id for scripts and go_to: "live", "athletes", "review", …
  [[nodiscard]] virtual std::string_view id() const = 0;
  /// The navigation label.
  [[nodiscard]] virtual std::string_view title() const = 0;
  /// Called when the panel comes into view (reload what the place changed).
  virtual void enter(PanelContext& /*ctx*/) {}
  /// Draws the panel (inside an ImGui child window covering the area).
  virtual void draw(PanelContext& ctx) = 0;
  /// Live updates of this frame, given to every panel whatever is shown (so nothing piles up).
  virtual void on_live(const services::CoachLiveBatch& /*batch*/, double /*now_s*/) {}
  /// True when what the panel shows has arrived (scripts and screenshots wait for it).
  [[nodiscard]] virtual bool ready() const { return true; }
};

}  // namespace runform::dashboard
