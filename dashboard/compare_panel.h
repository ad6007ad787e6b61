// Compare: two sessions side by side (for example the baseline against now): both skeletons,
// B kept at the same stride phase as A while A plays or is scrubbed, both sessions' charts over
// one normalised time axis, and the differences of the scores and the session medians, with
// which side is better by the metric's rule.
#pragma once

#include <memory>
#include <string>

#include "dashboard/panel.h"
#include "dashboard/session_frames.h"

namespace runform::dashboard {

/// One side of the comparison.
struct CompareSide {
  std::string id;
  services::Pending<services::CoachSession> session;
  std::unique_ptr<SessionFrames> frames;
};

class ComparePanel final : public Panel {
 public:
  explicit ComparePanel(std::vector<form::CueDef> cues) : cues_(std::move(cues)) {}
  [[nodiscard]] std::string_view id() const override { return "compare"; }
  [[nodiscard]] std::string_view title() const override { return "Compare"; }
  void draw(PanelContext& ctx) override;
  [[nodiscard]] bool ready() const override;

  /// B's time for A's time, at the same stride phase (tests); nullopt when not loaded.
  [[nodiscard]] std::optional<std::int64_t> synced_b_us(std::int64_t a_us) const;

 private:
  void load(PanelContext& ctx, CompareSide& side, const std::string& id);
  void draw_side(PanelContext& ctx, CompareSide& side, std::int64_t t_us, ImVec2 min, ImVec2 max, const char* label);
  void draw_differences(PanelContext& ctx, const services::CoachSession& a, const services::CoachSession& b);

  std::vector<form::CueDef> cues_;
  CompareSide a_;
  CompareSide b_;
  double cursor_s_ = 0.0;
  bool playing_ = false;
  std::optional<double> last_frame_s_;
};

}  // namespace runform::dashboard
