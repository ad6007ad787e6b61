// The One Euro filter (Casiez, Roussel & Vogel, CHI 2012): a low-pass filter whose cutoff
// rises with speed, so slow jitter is smoothed while fast motion (arm swing) is not lagged.
#pragma once

#include <optional>

namespace runform::form {

/// Tuning of a One Euro filter. Speeds are in the caller's units per second.
struct OneEuroParams {
  double min_cutoff_hz = 1.0;  ///< cutoff when still: lower = less jitter
  double beta = 0.0;           ///< cutoff gain per unit of speed: higher = less lag when fast
  double d_cutoff_hz = 1.0;    ///< cutoff of the speed estimate
};

/// One scalar One Euro filter. Timestamps come from the caller, so it handles uneven frame spacing.
class OneEuroFilter {
 public:
  /// A filter with the given tuning.
  explicit OneEuroFilter(OneEuroParams params = {}) : params_(params) {}
  /// Filters value x sampled at t_s; speed_scale divides the speed before beta is applied.
  double filter(double t_s, double x, double speed_scale = 1.0);
  /// Forgets history: the next sample passes through unfiltered.
  void reset() { last_.reset(); }
  /// True once a sample has been seen since construction or reset().
  [[nodiscard]] bool primed() const { return last_.has_value(); }

 private:
  struct State {
    double t_s;
    double x;
    double dx;
  };
  OneEuroParams params_;
  std::optional<State> last_;
};

}  // namespace runform::form
