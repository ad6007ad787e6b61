#include "station/station_snapshot.h"

namespace runform::station {

std::string_view to_string(Phase phase) {
  switch (phase) {
    case Phase::kAttract: return "attract";
    case Phase::kCheckedIn: return "checked_in";
    case Phase::kCalibrating: return "calibrating";
    case Phase::kRunning: return "running";
    case Phase::kFinishing: return "finishing";
    case Phase::kSummary: return "summary";
  }
  return "unknown";
}

std::string_view to_string(RunnerActivity activity) {
  switch (activity) {
    case RunnerActivity::kNone: return "none";
    case RunnerActivity::kStanding: return "standing";
    case RunnerActivity::kWalking: return "walking";
    case RunnerActivity::kRunning: return "running";
    case RunnerActivity::kHoldingRails: return "holding_rails";
  }
  return "unknown";
}

}  // namespace runform::station
