// Session review: the skeleton plays back with a scrubber and a speed control; metric charts and
// the cue timeline share one time cursor; fault spans (the session verdict's, or a cue on screen
// for older sessions) and hands-on-rails spans (the hub's summary; arms-not-measurable for older
// sessions) are shaded; worst moments off the rails are one key away (w); notes and bookmarks
// are added at the cursor and stored on the hub. Series come downsampled from the hub first
// (max_points) and are replaced by the exact points once a zoomed window's frames are loaded.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dashboard/panel.h"
#include "dashboard/session_frames.h"

namespace runform::dashboard {

/// Points asked of the hub per chart (about a chart's width in pixels).
inline constexpr std::uint32_t kSeriesMaxPoints = 800;
/// Playback speeds ([ and ] step through them).
inline constexpr double kPlaybackSpeeds[] = {0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0};

/// The charts of a session: the metrics its view measures that matter most to a coach.
std::vector<form::MetricId> review_metrics(form::View view);

class SessionReviewPanel final : public Panel {
 public:
  explicit SessionReviewPanel(std::vector<form::CueDef> cues) : cues_(std::move(cues)) {}
  [[nodiscard]] std::string_view id() const override { return "review"; }
  [[nodiscard]] std::string_view title() const override { return "Session review"; }
  void enter(PanelContext& ctx) override;
  void draw(PanelContext& ctx) override;
  [[nodiscard]] bool ready() const override;

  /// App-clock time the session was chosen, and the first chart with data drawn (benchmark).
  [[nodiscard]] std::optional<double> opened_s() const { return opened_s_; }
  [[nodiscard]] std::optional<double> first_chart_s() const { return first_chart_s_; }
  /// The shown window [begin, end) in seconds.
  [[nodiscard]] std::pair<double, double> window_s() const { return {view_begin_s_, view_end_s_}; }
  /// True while playing.
  [[nodiscard]] bool playing() const { return playing_; }
  /// The worst moments 'w' steps through: none on the rails.
  [[nodiscard]] std::vector<services::CoachWorstMoment> worst_moments() const;
  /// The hands-on-rails spans shaded in the charts and the cue timeline.
  [[nodiscard]] std::vector<SessionSpan> rails_spans() const;
  /// The frames loader (tests).
  [[nodiscard]] const SessionFrames* frames() const { return frames_.get(); }

 private:
  void open(PanelContext& ctx);
  void ask_rest(PanelContext& ctx);
  void handle_keys(PanelContext& ctx, double duration_s);
  void draw_header(PanelContext& ctx, const services::CoachSession& s);
  void draw_notes(PanelContext& ctx, float width);

  std::vector<form::CueDef> cues_;
  std::string loaded_id_;
  services::Pending<services::CoachSession> session_;
  std::map<form::MetricId, services::Pending<services::CoachSeries>> series_;
  services::Pending<std::vector<services::CoachAnnotation>> notes_;
  services::Pending<services::CoachAnnotation> saving_;
  std::string save_error_;  ///< the last save's failure, in the hub's words; empty after a success
  std::unique_ptr<SessionFrames> frames_;
  std::optional<double> opened_s_;
  std::optional<double> first_chart_s_;
  double view_begin_s_ = 0.0;
  double view_end_s_ = 0.0;
  bool playing_ = false;
  std::size_t speed_index_ = 2;
  std::optional<double> last_frame_s_;
  std::size_t worst_index_ = 0;
  char note_[512] = {};
  std::vector<unsigned> queued_;
  bool rest_asked_ = false;
  services::CoachWorker::CancelToken cancel_;  ///< set when another session is opened  ///< the charts after the first (cadence) were asked for  ///< keys the panel's buttons pressed, handled next frame
};

}  // namespace runform::dashboard
