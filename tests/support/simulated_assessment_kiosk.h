// A simulated assessment kiosk at station level: it checks athletes in through the hub's
// AssessmentService (badge text or typed code), runs each step's synthetic runner through the
// form engine as the station does, records the session through a real StationUplink (disk spool
// + uploader to the hub) and records the step. The summary the engine made is kept, so a test
// can compare the hub's results with what the form engine said.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "form/session_summary.h"
#include "services/client/assessment_client.h"
#include "services/client/station_uplink.h"
#include "sim/runner_params.h"

namespace runform::testing {

/// How an athlete runs: a change to the synthetic runner per view (a fault, or nothing).
using RunnerStyle = std::function<void(sim::RunnerParams&, form::View)>;

/// One finished step as the kiosk saw it.
struct KioskStepRun {
  std::string session_id;
  form::SessionSummary summary;
  bool interrupted = false;
};

class SimulatedAssessmentKiosk {
 public:
  /// hub_target: HOST:PORT for both the uplink and the assessment calls (a TcpProxy's port, to
  /// cut the station off); kiosk_token: the credential of the station's enrolled kiosk
  /// "kiosk-<station_id>" (HubUnderTest::kiosk_credential), sent on every call as a kiosk does.
  SimulatedAssessmentKiosk(std::string station_id, const std::string& hub_target, const std::string& kiosk_token,
                           const std::filesystem::path& spool_dir);
  ~SimulatedAssessmentKiosk();

  /// Checks in; throws AssessmentCallError as the client does.
  services::CheckInTicket check_in(const std::string& assessment_id, const std::string& badge);
  /// Runs the ticket's step (seeded synthetic runner in the step's view, styled) and records the
  /// session and the step. With interrupt_after_fraction < 1 the run stops there and the step is
  /// recorded as interrupted. Returns what the engine said.
  KioskStepRun run_step(const services::CheckInTicket& ticket, const RunnerStyle& style, unsigned seed,
                        double interrupt_after_fraction = 1.0);
  /// Waits until the hub confirmed the session's close (false on timeout).
  bool wait_uploaded(const std::string& session_id, std::chrono::milliseconds timeout);

  [[nodiscard]] services::AssessmentClient& client() { return *client_; }
  [[nodiscard]] services::StationUplink& uplink() { return *uplink_; }
  [[nodiscard]] const std::string& station_id() const { return station_id_; }

 private:
  std::string station_id_;
  std::unique_ptr<services::StationUplink> uplink_;
  std::unique_ptr<services::AssessmentClient> client_;
  int sessions_ = 0;
  std::int64_t clock_unix_ms_ = 1'780'000'000'000;  // injected wall clock: advances with each step
};

}  // namespace runform::testing
