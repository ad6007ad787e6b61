#include "support/hub_harness.h"

#include "services/client/hub_channel.h"
#include "support/access_helpers.h"
#include "services/store/access_store.h"
#include "services/store/open_store.h"
#include "sim/track_simulator.h"
#include "support/sim_harness.h"

namespace runform::testing {

services::RecordedSession recorded_session(const std::string& session_id, double seconds, form::View view,
                                           const std::string& athlete_id, const std::string& station_id,
                                           unsigned seed) {
  const sim::SimulatedSession sim = sim::simulate(realistic_spec(view, seconds, seed));
  services::SessionIdentity identity{session_id, "kiosk-" + station_id, station_id, athlete_id,
                                     athlete_id.empty() ? "" : "Runner " + athlete_id, 1'780'000'000'000};
  return services::record_session(sim.header, sim.frames, {}, catalog(), identity);
}

services::HubOptions HubUnderTest::fast_options() {
  services::HubOptions options;
  options.address = "127.0.0.1:0";
  options.insecure_loopback = true;  // plaintext on loopback; the TLS tests configure their own
  options.commit.interval = std::chrono::milliseconds(10);
  // Hundreds of test sign-ins: the cheapest argon2id cost, and credentials checked on every call.
  options.auth.password_cost = services::PasswordCost::fastest_for_tests();
  options.auth.credential_recheck = std::chrono::milliseconds(0);
  return options;
}

HubUnderTest::HubUnderTest(Backend backend, services::HubOptions options, const Seed& seed) : scratch_(backend) {
  if (scratch_.spec().empty()) return;
  options.store = scratch_.spec();
  if (seed) seed(*services::open_access_store(scratch_.spec()));
  hub_ = std::make_unique<services::HubServer>(options);
  set_up_access();
}

void HubUnderTest::set_up_access() {
  staff_token_ = person_token(hub_->access(), "test-staff", v1::ROLE_STAFF);
  kiosk_tokens_["station-1"] = kiosk_token(hub_->access(), "station-1", "kiosk-station-1");
}

HubUnderTest::HubUnderTest(Backend backend, const StoreWrapper& wrap, services::HubOptions options)
    : scratch_(backend) {
  if (scratch_.spec().empty()) return;
  options.store = scratch_.spec();
  hub_ = std::make_unique<services::HubServer>(options, wrap(services::open_store(scratch_.spec())));
  set_up_access();
}

std::shared_ptr<grpc::Channel> HubUnderTest::channel() const {
  return token_channel(target(), staff_token_, kiosk_tokens_.at("station-1"));
}

std::string HubUnderTest::kiosk_credential(const std::string& station_id) {
  auto it = kiosk_tokens_.find(station_id);
  if (it == kiosk_tokens_.end()) {
    it = kiosk_tokens_.emplace(station_id, kiosk_token(hub_->access(), station_id, "kiosk-" + station_id)).first;
  }
  return it->second;
}

std::shared_ptr<grpc::Channel> HubUnderTest::kiosk_channel(const std::string& station_id) {
  return token_channel(target(), staff_token_, kiosk_credential(station_id));
}

std::shared_ptr<grpc::Channel> HubUnderTest::anonymous_channel() const { return services::make_hub_channel(target()); }

std::shared_ptr<grpc::Channel> HubUnderTest::channel_with_token(const std::string& token) const {
  return token_channel(target(), token, token);
}

std::unique_ptr<v1::CoachService::Stub> HubUnderTest::coach() const { return v1::CoachService::NewStub(channel()); }

RawIngest::RawIngest(const std::shared_ptr<grpc::Channel>& channel)
    : stub_(v1::KioskIngest::NewStub(channel)), stream_(stub_->Ingest(&context_)) {}

RawIngest::~RawIngest() {
  if (!finished_) {
    context_.TryCancel();
    stream_->Finish();
  }
}

bool RawIngest::send(const v1::IngestRequest& request) { return stream_->Write(request); }

std::uint64_t RawIngest::open(const v1::SessionStart& start) {
  v1::IngestRequest request;
  *request.mutable_open()->mutable_start() = start;
  if (!send(request)) return 0;
  v1::IngestResponse response;
  while (read(response)) {
    if (response.has_resume() && response.resume().session_id() == start.session_id()) {
      return response.resume().next_seq();
    }
  }
  return 0;
}

bool RawIngest::send_chunk(const std::string& session_id, const std::vector<v1::FrameRecord>& frames) {
  v1::IngestRequest request;
  request.mutable_chunk()->set_session_id(session_id);
  for (const auto& f : frames) *request.mutable_chunk()->add_frames() = f;
  return send(request);
}

bool RawIngest::read(v1::IngestResponse& response) { return stream_->Read(&response); }

std::optional<v1::Ack> RawIngest::await_ack(const std::string& session_id, std::uint64_t seq) {
  std::optional<v1::Ack> last;
  v1::IngestResponse response;
  while (read(response)) {
    if (!response.has_ack() || response.ack().session_id() != session_id) continue;
    last = response.ack();
    if (last->acked_seq() >= seq) break;
  }
  return last;
}

grpc::Status RawIngest::finish() {
  stream_->WritesDone();
  v1::IngestResponse drain;
  while (stream_->Read(&drain)) {
  }
  finished_ = true;
  return stream_->Finish();
}

std::vector<v1::FrameRecord> numbered(const services::RecordedSession& session, std::size_t begin, std::size_t count,
                                      std::uint64_t first_seq) {
  std::vector<v1::FrameRecord> out;
  for (std::size_t i = 0; i < count; ++i) {
    v1::FrameRecord f = session.frames.at(begin + i);
    f.set_seq(first_seq + i);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace runform::testing
