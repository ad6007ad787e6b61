// BackgroundDesk: the hub calls of a group assessment off the kiosk's render thread. A check-in
// or a step record can wait up to the call deadline (5 s) when the hub is away; the kiosk draws
// 60 frames a second meanwhile. BackgroundDesk runs the calls of another desk on its own thread,
// in the order they were asked (a step record before the next check-in, so the hub sees them in
// order), and the guide reads the answers without waiting:
//   - check_in(badge) throws CheckingIn ("Checking in…") until the hub's answer for that badge
//     has arrived, then returns it (or throws the hub's refusal) once;
//   - record_step(record) queues the record and returns at once; a record the hub could not
//     take is kept by the inner desk (AssessmentClient keeps it and sends it with the next call)
//     and retried every kRetryEvery while records are kept, so nothing is lost.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>

#include "station/assessment_guide.h"

namespace runform::station {

/// Thrown by BackgroundDesk::check_in while the hub's answer is on its way (words for the screen).
class CheckingIn : public services::AssessmentCallError {
 public:
  CheckingIn() : AssessmentCallError(Kind::kUnavailable, "checking in…") {}
};

class BackgroundDesk final : public AssessmentDesk {
 public:
  /// How often kept step records are offered to the hub again while it is away.
  static constexpr std::chrono::milliseconds kRetryEvery{2000};

  explicit BackgroundDesk(std::unique_ptr<AssessmentDesk> inner);
  ~BackgroundDesk() override;
  BackgroundDesk(const BackgroundDesk&) = delete;
  BackgroundDesk& operator=(const BackgroundDesk&) = delete;

  services::CheckInTicket check_in(const std::string& badge) override;
  /// Never waits: true unless an earlier record is still kept (the hub was away for it).
  bool record_step(const services::StepRecord& record) override;
  std::size_t flush_pending() override;

  /// The badge whose check-in is on its way, if any.
  [[nodiscard]] std::optional<std::string> checking_in() const;
  /// Waits until every asked call has been made (tests; the kiosk never waits).
  void wait_until_idle();
  /// Step records not yet delivered (queued here, or kept by the inner desk).
  [[nodiscard]] std::size_t undelivered() const;

 private:
  using Answer = std::variant<services::CheckInTicket, services::AssessmentCallError>;
  struct Job {
    std::optional<std::string> badge;              ///< a check-in
    std::optional<services::StepRecord> record;    ///< or a step record
  };
  void work();

  std::unique_ptr<AssessmentDesk> inner_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  std::optional<std::string> in_flight_badge_;
  std::optional<std::pair<std::string, Answer>> answer_;  ///< the last check-in's answer, for its badge
  std::size_t kept_ = 0;                                  ///< records the inner desk keeps
  bool stopping_ = false;
  bool calling_ = false;  ///< a job is being run by the worker
  std::thread thread_;
};

}  // namespace runform::station
