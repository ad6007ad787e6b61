#include "sim/stride_phase.h"

#include <cmath>
#include <numbers>

namespace runform::sim {

double StridePhase::cadence_spm(const BodyModel& body, double t_s) {
  return body.effective(t_s).cadence_spm;  // 0 while standing, blended in as the runner starts
}

namespace {

// Two steps per stride: the phase turns once per 120 ÷ cadence seconds.
double phase_turned_rad(double cadence_spm, double dt_s) { return 2.0 * std::numbers::pi * cadence_spm / 120.0 * dt_s; }

}  // namespace

double StridePhase::steady_radians(double cadence_spm, double t_s) {
  return std::fmod(phase_turned_rad(cadence_spm, t_s), 2.0 * std::numbers::pi);
}

void StridePhase::advance(double cadence_spm, double dt_s) {
  phase_rad_ += phase_turned_rad(cadence_spm, dt_s);
  if (phase_rad_ >= 2.0 * std::numbers::pi) {
    phase_rad_ -= 2.0 * std::numbers::pi;
    ++stride_index_;
  }
}

RunnerParams passerby_params(double duration_s) {
  RunnerParams walker;
  walker.height_cm = 165.0;
  walker.standing_s = 0.0;
  walker.duration_s = duration_s;
  walker.cadence_spm = 110.0;
  walker.speed_mps = 1.3;  // walking pace
  walker.arm_swing_deg = 15.0;
  walker.vertical_oscillation_cm = 3.0;
  walker.trunk_lean_deg = 2.0;
  return walker;
}

}  // namespace runform::sim
