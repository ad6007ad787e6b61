// Chooses at most one cue at a time from the faults present, with enter/exit hysteresis,
// per-cue cooldowns, a minimum interval between new cues, and positive reinforcement.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "form/cue_catalog.h"

namespace runform::form {

/// Timing rules of PRODUCT.md's cue engine.
struct CueTiming {
  double enter_s = 3.0;          ///< a fault must persist this long before its cue appears
  double exit_s = 2.0;           ///< and be absent this long before the cue clears
  double cooldown_s = 30.0;      ///< the same cue is not shown again within this time
  double min_interval_s = 8.0;   ///< new cues appear at most this often
  double max_show_s = 12.0;      ///< a cue whose fault persists is hidden after this, then cools down
  double positive_show_s = 3.0;  ///< how long "Better — …" stays up
};

/// What happened to the displayed message.
enum class CueEventKind { kShow, kPositive, kClear };

/// One change of the displayed message.
struct CueEvent {
  double t_s = 0.0;
  CueEventKind kind = CueEventKind::kShow;
  std::string id;    ///< cue id; positive messages use "<id>.better"
  std::string text;  ///< the text now on screen (empty for kClear)
};

/// The cue engine. Time comes from the caller, so behaviour is deterministic.
class CueEngine {
 public:
  /// An engine over the catalog's cues.
  explicit CueEngine(std::vector<CueDef> cues, CueTiming timing = {});
  /// Advances to t_s with the set of faulty metrics; returns the events of this step.
  std::vector<CueEvent> update(double t_s, const std::vector<MetricId>& faults);
  /// The message on screen now, if any.
  [[nodiscard]] const std::optional<CueEvent>& on_screen() const { return on_screen_; }
  /// The cue definitions, in catalog order.
  [[nodiscard]] const std::vector<CueDef>& cues() const { return cues_; }

 private:
  struct CueState {
    std::optional<double> present_since_s;
    std::optional<double> absent_since_s;
    std::optional<double> last_shown_s;
  };
  void track_presence(double t_s, const std::vector<MetricId>& faults);
  void advance_shown(double t_s, std::vector<CueEvent>& events);
  void maybe_show_new(double t_s, std::vector<CueEvent>& events);

  std::vector<CueDef> cues_;
  CueTiming timing_;
  std::vector<CueState> states_;
  std::optional<std::size_t> shown_;     // index of the corrective cue on screen
  std::optional<double> shown_since_s_;
  std::optional<double> positive_until_s_;
  std::optional<double> last_new_cue_s_;
  std::optional<CueEvent> on_screen_;
};

}  // namespace runform::form
