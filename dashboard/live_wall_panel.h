// Live wall: every station in use as a tile (mini skeleton, the three scores, the current cue,
// how long the runner has been running), a click enlarges one; a tile says when its stream is
// behind (no frame for a while) or lost frames (sequence gaps, and the hub's count of frames this
// watcher dropped).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "dashboard/panel.h"

namespace runform::dashboard {

/// A station whose newest frame is older than this is shown as behind (kiosks send at 30 fps).
inline constexpr double kLiveBehindS = 2.0;

/// What the wall knows of one live session.
struct LiveStation {
  services::CoachSession start;
  form::PoseFrame pose;
  bool has_pose = false;
  services::CoachScores scores;
  std::string cue;                 ///< the kiosk's message now ("" when none)
  bool cue_positive = false;
  std::int64_t last_t_us = 0;      ///< time since the session start of the newest frame
  std::uint64_t last_seq = 0;
  std::uint64_t gap_frames = 0;    ///< frames missing between received sequence numbers
  double last_arrival_s = 0.0;     ///< app clock at the newest frame
};

class LiveWallPanel final : public Panel {
 public:
  [[nodiscard]] std::string_view id() const override { return "live"; }
  [[nodiscard]] std::string_view title() const override { return "Live wall"; }
  void draw(PanelContext& ctx) override;
  [[nodiscard]] bool ready() const override { return !stations_.empty(); }

  /// Takes live updates (called every frame, whatever panel is shown, so nothing piles up).
  void on_live(const services::CoachLiveBatch& batch, double now_s) override;
  /// The stations shown, by session id (tests).
  [[nodiscard]] const std::map<std::string, LiveStation>& stations() const { return stations_; }
  /// Frames the hub dropped for this watcher, in total.
  [[nodiscard]] std::uint64_t dropped_frames() const { return dropped_frames_; }

 private:
  void draw_tile(PanelContext& ctx, const LiveStation& s, ImVec2 min, ImVec2 max, bool large);

  std::map<std::string, LiveStation> stations_;
  std::uint64_t dropped_frames_ = 0;
  bool watching_ = false;
  std::string enlarged_;  ///< session id of the enlarged tile
};

}  // namespace runform::dashboard
