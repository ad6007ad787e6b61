// Test helpers for the hub: an in-process hub over real TCP on loopback, recorded sessions
// from the simulator, and a raw ingest stream for sending exactly what a test wants.
#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "runform/v1/coach.grpc.pb.h"
#include "runform/v1/ingest.grpc.pb.h"
#include "services/client/session_recording.h"
#include "services/hub/hub_server.h"
#include "support/store_backends.h"

namespace runform::testing {

/// A simulated session as a kiosk records it (front or side view, seconds long).
services::RecordedSession recorded_session(const std::string& session_id, double seconds,
                                           form::View view = form::View::kFront,
                                           const std::string& athlete_id = "ath-1",
                                           const std::string& station_id = "station-1", unsigned seed = 7);

/// A hub on 127.0.0.1 with a fresh store of the given backend.
class HubUnderTest {
 public:
  /// Sets up accounts or kiosks in the fresh store before the hub listens.
  using Seed = std::function<void(services::AccessStore&)>;
  explicit HubUnderTest(Backend backend, services::HubOptions options = fast_options(), const Seed& seed = {});
  /// The same hub, but on a store wrapped by `wrap` (a FaultyStore, say) around the real one.
  using StoreWrapper = std::function<std::unique_ptr<services::SessionStore>(std::unique_ptr<services::SessionStore>)>;
  HubUnderTest(Backend backend, const StoreWrapper& wrap, services::HubOptions options = fast_options());
  /// Options with a short commit interval so tests run quickly.
  static services::HubOptions fast_options();

  [[nodiscard]] bool available() const { return hub_ != nullptr; }
  [[nodiscard]] const std::string& skip_reason() const { return scratch_.skip_reason(); }
  /// The store spec ("sqlite:…" or "postgresql:///…"), for tests that touch the database directly.
  [[nodiscard]] const std::string& store_spec() const { return scratch_.spec(); }
  [[nodiscard]] services::HubServer& hub() { return *hub_; }
  [[nodiscard]] std::string target() const { return "127.0.0.1:" + std::to_string(hub_->port()); }
  /// A new channel to the hub (over TCP) that signs its calls as the test harness: uploads as the
  /// enrolled kiosk "kiosk-station-1" of "station-1", everything else as the staff account
  /// "test-staff" (who sees every athlete).
  [[nodiscard]] std::shared_ptr<grpc::Channel> channel() const;
  /// The same, uploading as the enrolled kiosk "kiosk-<station_id>" of that station (enrolled on
  /// first use), so sessions recorded with recorded_session(…, station_id) are accepted.
  [[nodiscard]] std::shared_ptr<grpc::Channel> kiosk_channel(const std::string& station_id);
  /// The credential of the enrolled kiosk "kiosk-<station_id>" (enrolled on first use).
  [[nodiscard]] std::string kiosk_credential(const std::string& station_id);
  /// A channel with no credential at all.
  [[nodiscard]] std::shared_ptr<grpc::Channel> anonymous_channel() const;
  /// A channel signed with one token for every call.
  [[nodiscard]] std::shared_ptr<grpc::Channel> channel_with_token(const std::string& token) const;
  [[nodiscard]] std::unique_ptr<v1::CoachService::Stub> coach() const;
  /// The staff token channel() uses.
  [[nodiscard]] const std::string& staff_token() const { return staff_token_; }

 private:
  void set_up_access();

  ScratchStore scratch_;
  std::unique_ptr<services::HubServer> hub_;
  std::string staff_token_;
  std::unordered_map<std::string, std::string> kiosk_tokens_;  ///< by station id
};

/// One raw KioskIngest stream: writes what the test says, reads what the hub answers.
class RawIngest {
 public:
  explicit RawIngest(const std::shared_ptr<grpc::Channel>& channel);
  ~RawIngest();
  /// Sends a request; false if the stream is already broken.
  bool send(const v1::IngestRequest& request);
  /// Opens a session and waits for its Resume; returns next_seq (0 if the stream failed).
  std::uint64_t open(const v1::SessionStart& start);
  /// Sends one chunk of frames.
  bool send_chunk(const std::string& session_id, const std::vector<v1::FrameRecord>& frames);
  /// Reads the next response; false when the stream ended.
  bool read(v1::IngestResponse& response);
  /// Reads until an Ack for the session reaches seq (or the stream ends); the last Ack seen.
  std::optional<v1::Ack> await_ack(const std::string& session_id, std::uint64_t seq);
  /// Half-closes and returns the final status.
  grpc::Status finish();

 private:
  grpc::ClientContext context_;
  std::unique_ptr<v1::KioskIngest::Stub> stub_;
  std::unique_ptr<grpc::ClientReaderWriter<v1::IngestRequest, v1::IngestResponse>> stream_;
  bool finished_ = false;
};

/// Frames numbered first_seq… from a recorded session (copies).
std::vector<v1::FrameRecord> numbered(const services::RecordedSession& session, std::size_t begin, std::size_t count,
                                      std::uint64_t first_seq);

}  // namespace runform::testing
