#include "form/one_euro_filter.h"

#include <cmath>
#include <numbers>

namespace runform::form {
namespace {

// Smoothing factor of a first-order low-pass at cutoff_hz for a step of dt_s.
double alpha(double cutoff_hz, double dt_s) {
  const double tau_s = 1.0 / (2.0 * std::numbers::pi * cutoff_hz);
  return 1.0 / (1.0 + tau_s / dt_s);
}

}  // namespace

double OneEuroFilter::filter(double t_s, double x, double speed_scale) {
  if (!last_ || t_s <= last_->t_s) {
    last_ = State{t_s, x, 0.0};
    return x;
  }
  const double dt_s = t_s - last_->t_s;
  const double raw_dx = (x - last_->x) / dt_s;
  const double dx = last_->dx + alpha(params_.d_cutoff_hz, dt_s) * (raw_dx - last_->dx);
  const double cutoff_hz = params_.min_cutoff_hz + params_.beta * std::abs(dx) / speed_scale;
  const double filtered = last_->x + alpha(cutoff_hz, dt_s) * (x - last_->x);
  last_ = State{t_s, filtered, dx};
  return filtered;
}

}  // namespace runform::form
