#include "tools/loadgen/sink_server.h"

#include <signal.h>

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <cstdio>
#include <fstream>
#include <mutex>

#include "runform/v1/ingest.grpc.pb.h"

namespace runform::loadgen {

namespace {

// Reads a request, answers it, reads the next: the same message flow as the hub, minus storage.
class SinkReactor final : public grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResponse> {
 public:
  /// Creates a reactor that owns itself until gRPC reports the stream done.
  static SinkReactor* start() {
    auto reactor = std::unique_ptr<SinkReactor>(new SinkReactor());
    SinkReactor* raw = reactor.get();
    raw->self_ = std::move(reactor);
    raw->StartRead(&raw->request_);
    return raw;
  }

  void OnReadDone(bool ok) override {
    if (!ok) return Finish(grpc::Status::OK);
    response_.Clear();
    if (request_.has_open()) {
      response_.mutable_resume()->set_session_id(request_.open().start().session_id());
      response_.mutable_resume()->set_next_seq(1);
    } else if (request_.has_chunk() && request_.chunk().frames_size() > 0) {
      const auto& chunk = request_.chunk();
      response_.mutable_ack()->set_session_id(chunk.session_id());
      response_.mutable_ack()->set_acked_seq(chunk.frames(chunk.frames_size() - 1).seq());
    } else if (request_.has_close()) {
      response_.mutable_closed()->set_session_id(request_.close().session_id());
      response_.mutable_closed()->set_last_seq(request_.close().last_seq());
    } else {
      StartRead(&request_);
      return;
    }
    StartWrite(&response_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) return Finish(grpc::Status::CANCELLED);
    StartRead(&request_);
  }

  void OnDone() override {
    const auto last = std::move(self_);  // destroys the reactor on return
  }

 private:
  SinkReactor() = default;
  std::unique_ptr<SinkReactor> self_;
  v1::IngestRequest request_;
  v1::IngestResponse response_;
};

class SinkService final : public v1::KioskIngest::CallbackService {
  grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResponse>* Ingest(grpc::CallbackServerContext*) override {
    return SinkReactor::start();
  }
};

}  // namespace

int run_sink_server(const std::string& address, const std::string& port_file) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  SinkService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  builder.SetMaxReceiveMessageSize(4 << 20);
  auto server = builder.BuildAndStart();
  if (!server) {
    std::fprintf(stderr, "runform-loadgen: the sink cannot listen on %s\n", address.c_str());
    return 1;
  }
  {
    std::ofstream(port_file + ".tmp") << port << "\n";
  }
  std::rename((port_file + ".tmp").c_str(), port_file.c_str());
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  server->Shutdown();
  return 0;
}

}  // namespace runform::loadgen
