// The true metric values of a simulated session, computed from the noise-free, drop-free
// projected skeleton with the true stride boundaries. Written apart from form/ on purpose:
// it shares the definitions of PRODUCT.md, not the engine's code.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "form/landmarks.h"
#include "sim/runner_params.h"

namespace runform::sim {

/// True session values keyed by PRODUCT.md metric id; a metric the view cannot see is absent.
struct GroundTruth {
  std::map<std::string, double> metrics;
  std::size_t strides = 0;
};

/// Accumulates clean frames and reduces them to the true session values.
class GroundTruthOracle {
 public:
  /// An oracle for this simulation.
  explicit GroundTruthOracle(const SimulationSpec& spec);
  /// Adds one clean frame. stride_index counts completed strides; `scored` is false for frames
  /// the engine is not expected to score (standing, walking, hands on rails, a passer-by).
  void add(const form::PoseFrame& clean, long stride_index, bool moving, bool scored);
  /// The true session values.
  [[nodiscard]] GroundTruth result() const;

 private:
  struct Stride {
    double t_start_s = 0.0;
    double t_end_s = 0.0;
    bool scored = true;
    std::vector<form::PoseFrame> frames;
  };
  [[nodiscard]] std::map<std::string, double> stride_values(const Stride& s) const;
  /// Times of the bounce peaks (one per step) of the clean track, sub-frame interpolated.
  [[nodiscard]] std::vector<double> step_peaks_s() const;

  SimulationSpec spec_;
  std::vector<form::PoseFrame> standing_;
  std::vector<Stride> strides_;
  std::vector<std::pair<double, double>> hip_up_px_;  // (t_s, clean mid-hip height) while running
  long current_index_ = -1;
};

}  // namespace runform::sim
