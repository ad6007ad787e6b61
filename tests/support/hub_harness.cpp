#include "support/hub_harness.h"

#include "services/client/hub_channel.h"
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
  return options;
}

HubUnderTest::HubUnderTest(Backend backend, services::HubOptions options) : scratch_(backend) {
  if (scratch_.spec().empty()) return;
  options.store = scratch_.spec();
  hub_ = std::make_unique<services::HubServer>(options);
}

HubUnderTest::HubUnderTest(Backend backend, const StoreWrapper& wrap, services::HubOptions options)
    : scratch_(backend) {
  if (scratch_.spec().empty()) return;
  options.store = scratch_.spec();
  hub_ = std::make_unique<services::HubServer>(options, wrap(services::open_store(scratch_.spec())));
}

std::shared_ptr<grpc::Channel> HubUnderTest::channel() const {
  return services::make_hub_channel(target());
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
