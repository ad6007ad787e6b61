#include "services/hub/ingest_service.h"

#include <grpcpp/support/proto_buffer_reader.h>
#include <grpcpp/support/proto_buffer_writer.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>

#include "common/ingest_trailers.h"
#include "services/hub/hub_log.h"
#include "services/hub/wire_codec.h"
#include "services/hub/wire_limits.h"

namespace runform::services {

namespace {

grpc::Status bad(grpc::StatusCode code, const std::string& message) { return {code, message}; }

constexpr std::string_view kIngestMethod = "/runform.v1.KioskIngest/Ingest";

}  // namespace

/// One kiosk connection. Reads requests one at a time, hands writes to the committer, and
/// answers with resume points, acknowledgements (coalesced per session: only the newest
/// matters) and close confirmations, one write in flight at a time.
class IngestReactor final : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>,
                            public std::enable_shared_from_this<IngestReactor> {
 public:
  IngestReactor(HubCore& core, grpc::CallbackServerContext* context, std::weak_ptr<ReactorSet<IngestReactor>> set)
      : core_(core), context_(context), set_(std::move(set)) {}

  /// Admits the kiosk (the authorization table's row for Ingest) and starts reading, or ends the
  /// stream with the refusal.
  void begin() {
    grpc::Status admitted;
    try {
      admitted = core_.gate.admit(*context_, kIngestMethod, caller_);
    } catch (const std::exception& e) {
      // Escaping here would leave this reactor unstarted and gRPC answering UNIMPLEMENTED.
      admitted = internal_error(e.what());
    }
    if (!admitted.ok()) {
      const std::lock_guard lock(mutex_);
      finish_locked(admitted);
      return;
    }
    StartRead(&read_buffer_);
  }

  void OnReadDone(bool ok) override {
    last_message_ns_.store(std::chrono::steady_clock::now().time_since_epoch().count());
    if (!ok) {
      const std::lock_guard lock(mutex_);
      reads_done_ = true;
      if (context_->IsCancelled()) {
        finish_locked(bad(grpc::StatusCode::CANCELLED, "the kiosk went away"));
      } else {
        maybe_finish_locked();
      }
      return;
    }
    if (core_.draining.load()) {
      const std::lock_guard lock(mutex_);
      finish_locked(bad(grpc::StatusCode::UNAVAILABLE, "the hub is shutting down; reconnect to resume"));
      return;
    }
    if (!grpc::SerializationTraits<v1::IngestRequest>::Deserialize(&read_buffer_, &request_).ok()) {
      const std::lock_guard lock(mutex_);
      finish_locked(bad(grpc::StatusCode::INVALID_ARGUMENT, "malformed IngestRequest: not a valid runform.v1 message"));
      return;
    }
    bool parked = false;
    std::string about_session;
    const grpc::Status status = handle_guarded(request_, parked, about_session);
    if (!status.ok()) {
      const std::lock_guard lock(mutex_);
      finish_locked(status, about_session);
      return;
    }
    if (parked) {
      // Back-pressure: the commit queue is full, so stop reading until it drains.
      core_.committer.when_space([self = shared_from_this()] { self->read_next(); });
      return;
    }
    read_next();
  }

  void OnWriteDone(bool ok) override {
    const std::lock_guard lock(mutex_);
    write_in_flight_ = false;
    if (finished_) {
      // A finish waited for this write; it must happen whether or not the write succeeded.
      if (deferred_finish_) {
        Finish(*deferred_finish_);
        deferred_finish_.reset();
      }
      return;
    }
    if (!ok) {
      finish_locked(bad(grpc::StatusCode::CANCELLED, "the kiosk stopped reading"));
      return;
    }
    pump_locked();
  }

  // A parked stream (not reading, for back-pressure) learns of a cancellation only here.
  void OnCancel() override {
    const std::lock_guard lock(mutex_);
    finish_locked(bad(grpc::StatusCode::CANCELLED, "the kiosk went away"));
  }

  void OnDone() override {
    {
      const std::lock_guard lock(mutex_);
      done_ = true;
    }
    core_.registry.release(this);
    // Last statement: dropping the set's reference may destroy this reactor.
    if (const auto set = set_.lock()) set->remove(this);
  }

  /// Ends the stream if it has been silent since before `cutoff` and has nothing in flight.
  bool expire_if_idle(std::chrono::steady_clock::time_point cutoff) {
    if (last_message_ns_.load() > cutoff.time_since_epoch().count()) return false;
    const std::lock_guard lock(mutex_);
    if (finished_ || pending_ops_ > 0) return false;
    finish_locked(bad(grpc::StatusCode::DEADLINE_EXCEEDED, "no message from the kiosk for too long; reconnect to resume"));
    return true;
  }

  /// Ends the stream now with status (its queued commits still run; their answers are dropped).
  void end(const grpc::Status& status) {
    const std::lock_guard lock(mutex_);
    finish_locked(status);
  }

  /// Shutdown: finish once everything queued is acknowledged.
  void drain() {
    const std::lock_guard lock(mutex_);
    draining_ = true;
    maybe_finish_locked();
  }

 private:
  // This reactor's read callback is the edge of the ingest path (validation, the registry and
  // its store reads, queueing): whatever escapes it ends this stream with a status, and only
  // this stream. A StoreError may pass (UNAVAILABLE, the kiosk retries); anything else is a
  // fault of the hub (INTERNAL).
  grpc::Status handle_guarded(v1::IngestRequest& request, bool& parked, std::string& about_session) {
    try {
      return handle(request, parked, about_session);
    } catch (const StoreError& e) {
      return bad(grpc::StatusCode::UNAVAILABLE, std::string("storage failed: ") + e.what() + "; reconnect to resume");
    } catch (const std::exception& e) {
      return internal_error(e.what());
    } catch (...) {
      return internal_error("unknown exception");
    }
  }

  // A kiosk opens sessions only as the kiosk and station of its credential: an empty id is taken
  // from the credential, a different one is refused (it used to be trusted, so one stream could
  // open sessions under 20,000 spoofed ids, or reopen another kiosk's session).
  grpc::Status as_own_kiosk(const v1::SessionStart& start) {
    if (start.kiosk_id() != caller_.kiosk_id || start.station_id() != caller_.station_id) {
      return core_.gate.deny(caller_, kIngestMethod,
                             "this kiosk is enrolled as kiosk '" + caller_.kiosk_id + "' of station '" +
                                 caller_.station_id + "' and may only upload as that kiosk and station");
    }
    return grpc::Status::OK;
  }

  static grpc::Status internal_error(const std::string& what) {
    return bad(grpc::StatusCode::INTERNAL, "the hub failed on this stream (" + what + "); reconnect to resume");
  }

  // `about_session` is set to the session the message is for once its own checks begin.
  grpc::Status handle(v1::IngestRequest& request, bool& parked, std::string& about_session) {
    // Every message, not only the first: a kiosk revoked mid-session is refused at its next one.
    if (auto s = core_.gate.still_valid(caller_); !s.ok()) return s;
    // Every string is bounded (wire_limits); starts, frames and summaries are checked where they
    // are validated, the ids of a chunk or close here.
    if (request.has_chunk() && request.chunk().session_id().size() > kMaxIdLength) {
      return bad(grpc::StatusCode::INVALID_ARGUMENT, "FrameChunk.session_id is longer than " +
                                                         std::to_string(kMaxIdLength) + " bytes");
    }
    if (request.has_close()) {
      if (auto s = check_wire_limits(request.close()); !s.ok()) return bad(s.error_code(), s.error_message());
    }
    // From here a refusal is about the one session this message is for: the kiosk hears its id
    // (kRefusedSessionTrailer), sets that session aside and goes on with its others.
    switch (request.body_case()) {
      case v1::IngestRequest::kOpen:
        about_session = request.open().start().session_id();
        return handle_open(*request.mutable_open());
      case v1::IngestRequest::kChunk:
        about_session = request.chunk().session_id();
        return handle_chunk(*request.mutable_chunk(), parked);
      case v1::IngestRequest::kClose:
        about_session = request.close().session_id();
        return handle_close(request.close());
      case v1::IngestRequest::BODY_NOT_SET:
        break;
    }
    return bad(grpc::StatusCode::INVALID_ARGUMENT, "empty IngestRequest: set open, chunk or close");
  }

  grpc::Status handle_open(v1::OpenSession& open) {
    v1::SessionStart& start = *open.mutable_start();
    if (start.kiosk_id().empty()) start.set_kiosk_id(caller_.kiosk_id);
    if (start.station_id().empty()) start.set_station_id(caller_.station_id);
    if (auto s = validate_start(start); !s.ok()) return s;
    if (auto s = as_own_kiosk(start); !s.ok()) return s;
    if (erased_before(start)) {
      // The athlete's data was erased after this session began: it is never stored again. The
      // kiosk hears "closed" and drops it from its spool.
      v1::IngestResponse response;
      response.mutable_resume()->set_session_id(start.session_id());
      response.mutable_resume()->set_next_seq(1);
      response.mutable_resume()->set_closed(true);
      const std::lock_guard lock(mutex_);
      control_.push_back(std::move(response));
      pump_locked();
      return grpc::Status::OK;
    }
    if (auto s = core_.registry.claim(open.start(), this); !s.ok()) return s;
    const std::string id = open.start().session_id();
    begin_op();
    // The open commits like any write, in order: by the time it is durable, every earlier
    // frame of this session is too, so the resume point is exact.
    core_.committer.submit(OpenOp{to_stored(open.start())},
                           [self = shared_from_this(), id](const std::optional<CommitFailure>& error) {
                             self->after_commit(error, [&]() -> std::optional<v1::IngestResponse> {
                               const ResumePoint point = self->core_.registry.opened(id, self.get());
                               if (error) return std::nullopt;
                               v1::IngestResponse response;
                               auto* resume = response.mutable_resume();
                               resume->set_session_id(id);
                               resume->set_next_seq(point.next_seq);
                               resume->set_closed(point.closed);
                               return response;
                             });
                           });
    return grpc::Status::OK;
  }

  // True when the session's athlete was erased after the session started (store read).
  bool erased_before(const v1::SessionStart& start) const {
    if (start.athlete_id().empty() || core_.athlete_refs == nullptr) return false;
    const std::int64_t erased_ms = core_.store.athlete_erased_unix_ms(core_.athlete_refs->of(start.athlete_id()));
    return erased_ms != 0 && start.started_unix_ms() <= erased_ms;
  }

  grpc::Status handle_chunk(v1::FrameChunk& chunk, bool& parked) {
    const std::string& id = chunk.session_id();
    if (chunk.frames().empty()) return bad(grpc::StatusCode::INVALID_ARGUMENT, "FrameChunk without frames");
    if (static_cast<std::size_t>(chunk.frames_size()) > core_.limits.max_chunk_frames) {
      return bad(grpc::StatusCode::RESOURCE_EXHAUSTED, "FrameChunk of " + std::to_string(chunk.frames_size()) +
                                                           " frames; the limit is " +
                                                           std::to_string(core_.limits.max_chunk_frames));
    }
    for (int i = 1; i < chunk.frames_size(); ++i) {
      if (chunk.frames(i).seq() != chunk.frames(0).seq() + static_cast<std::uint64_t>(i)) {
        return bad(grpc::StatusCode::INVALID_ARGUMENT,
                   "sequence numbers inside a chunk must rise by one: frame " + std::to_string(i) + " has seq " +
                       std::to_string(chunk.frames(i).seq()) + " after " + std::to_string(chunk.frames(i - 1).seq()));
      }
    }
    const auto start = core_.registry.start_of(id, this);
    if (start) {
      for (const auto& frame : chunk.frames()) {
        if (auto s = validate_frame(frame, *start); !s.ok()) return s;
      }
    }
    ChunkVerdict verdict;
    if (auto s = core_.registry.accept_chunk(id, this, chunk.frames(), verdict); !s.ok()) return s;
    if (verdict.first_new == chunk.frames_size()) {
      // Only duplicates: nothing to store; tell the kiosk where the hub stands.
      const std::lock_guard lock(mutex_);
      queue_ack_locked(id, verdict.stored_seq, verdict.total_duplicates);
      pump_locked();
      return grpc::Status::OK;
    }
    AppendOp append{id, {}};
    append.frames.reserve(static_cast<std::size_t>(chunk.frames_size() - verdict.first_new));
    for (int i = verdict.first_new; i < chunk.frames_size(); ++i) append.frames.push_back(to_stored(chunk.frames(i)));
    const std::uint64_t last_seq = append.frames.back().seq;
    begin_op();
    const bool below_limit = core_.committer.submit(
        std::move(append), [self = shared_from_this(), id, last_seq, dups = verdict.total_duplicates](
                               const std::optional<CommitFailure>& error) {
          self->after_commit(error, [&]() -> std::optional<v1::IngestResponse> {
            const std::uint64_t stored = self->core_.registry.append_committed(id, last_seq, !error);
            if (error) return std::nullopt;
            v1::IngestResponse response;
            auto* ack = response.mutable_ack();
            ack->set_session_id(id);
            ack->set_acked_seq(stored);
            ack->set_duplicates_ignored(dups);
            return response;
          });
        });
    parked = !below_limit;
    if (core_.live.size() > 0) {
      auto batch = std::make_shared<LiveBatch>();
      batch->session = verdict.start;
      auto* frames = chunk.mutable_frames();
      batch->frames.assign(std::make_move_iterator(frames->begin() + verdict.first_new),
                           std::make_move_iterator(frames->end()));
      core_.live.publish(batch);
    }
    return grpc::Status::OK;
  }

  grpc::Status handle_close(const v1::CloseSession& close) {
    const std::string id = close.session_id();
    if (auto s = validate_summary(close.summary()); !s.ok()) return s;
    bool already_closed = false;
    std::shared_ptr<const v1::SessionStart> start;
    if (auto s = core_.registry.accept_close(id, this, close.last_seq(), already_closed, start); !s.ok()) return s;
    if (already_closed) {
      v1::IngestResponse response;
      response.mutable_closed()->set_session_id(id);
      response.mutable_closed()->set_last_seq(close.last_seq());
      const std::lock_guard lock(mutex_);
      control_.push_back(std::move(response));
      pump_locked();
      return grpc::Status::OK;
    }
    begin_op();
    core_.committer.submit(
        CloseOp{id, close.ended_unix_ms(), close.summary().SerializeAsString()},
        [self = shared_from_this(), id, last_seq = close.last_seq(), start](const std::optional<CommitFailure>& error) {
          self->after_commit(error, [&]() -> std::optional<v1::IngestResponse> {
            self->core_.registry.close_committed(id, !error);
            if (error) return std::nullopt;
            if (self->core_.live.size() > 0) {
              auto batch = std::make_shared<LiveBatch>();
              batch->session = start;
              batch->closed = true;
              self->core_.live.publish(batch);
            }
            v1::IngestResponse response;
            response.mutable_closed()->set_session_id(id);
            response.mutable_closed()->set_last_seq(last_seq);
            return response;
          });
        });
    return grpc::Status::OK;
  }

  void read_next() {
    const std::lock_guard lock(mutex_);
    if (!finished_ && !draining_) StartRead(&read_buffer_);
  }

  void begin_op() {
    const std::lock_guard lock(mutex_);
    ++pending_ops_;
  }

  void op_done(v1::IngestResponse response) {
    const std::lock_guard lock(mutex_);
    --pending_ops_;
    if (response.has_ack()) {
      queue_ack_locked(response.ack().session_id(), response.ack().acked_seq(), response.ack().duplicates_ignored());
    } else {
      control_.push_back(std::move(response));
    }
    pump_locked();
  }

  // The commit callback's edge (it runs on the committer thread): settles the registry and
  // builds the answer through `answer`, then answers this stream. A failed commit, or anything
  // thrown while answering, ends this stream with a status; the committer goes on serving others.
  template <typename Answer>
  void after_commit(const std::optional<CommitFailure>& failure, Answer&& answer) {
    grpc::Status status;
    std::optional<v1::IngestResponse> response;
    try {
      response = answer();
    } catch (const std::exception& e) {
      status = internal_error(e.what());
    } catch (...) {
      status = internal_error("unknown exception");
    }
    if (response) return op_done(std::move(*response));
    if (failure && failure->unexpected) {
      status = internal_error("storage: " + failure->message);
    } else if (failure) {
      status = bad(grpc::StatusCode::UNAVAILABLE, "storage failed: " + failure->message + "; reconnect to resume");
    }
    const std::lock_guard lock(mutex_);
    --pending_ops_;
    finish_locked(status);
  }

  void queue_ack_locked(const std::string& id, std::uint64_t acked, std::uint64_t duplicates) {
    v1::Ack& ack = acks_[id];
    ack.set_session_id(id);
    ack.set_acked_seq(std::max(ack.acked_seq(), acked));
    ack.set_duplicates_ignored(std::max(ack.duplicates_ignored(), duplicates));
  }

  // Starts the next write if none is in flight; resume and close notices keep their order,
  // acknowledgements go after them.
  void pump_locked() {
    if (done_ || finished_ || write_in_flight_) return;
    if (!control_.empty()) {
      writing_ = std::move(control_.front());
      control_.pop_front();
    } else if (!acks_.empty()) {
      writing_.Clear();
      *writing_.mutable_ack() = std::move(acks_.begin()->second);
      acks_.erase(acks_.begin());
    } else {
      maybe_finish_locked();
      return;
    }
    bool own_buffer = false;
    write_buffer_.Clear();  // Serialize needs an empty buffer
    grpc::SerializationTraits<v1::IngestResponse>::Serialize(writing_, &write_buffer_, &own_buffer);
    write_in_flight_ = true;
    StartWrite(&write_buffer_);
  }

  void maybe_finish_locked() {
    if (finished_ || pending_ops_ > 0 || write_in_flight_ || !control_.empty() || !acks_.empty()) return;
    if (reads_done_) {
      finish_locked(grpc::Status::OK);
    } else if (draining_) {
      finish_locked(bad(grpc::StatusCode::UNAVAILABLE, "the hub is shutting down; reconnect to resume"));
    }
  }

  // `refused_session`: the session the refusal is about, named to the kiosk (empty: none).
  void finish_locked(const grpc::Status& status, const std::string& refused_session = {}) {
    if (finished_ || done_) return;
    finished_ = true;
    if (!status.ok() && !refused_session.empty()) {
      // Before Finish (which may wait for a write in flight): the kiosk reads it with the status.
      context_->AddTrailingMetadata(std::string(kRefusedSessionTrailer), refused_session);
    }
    // Release before the status goes out: a kiosk that reconnects the moment it sees the
    // status must find its sessions free, not "streaming on another connection".
    core_.registry.release(this);
    if (!status.ok() && status.error_code() != grpc::StatusCode::CANCELLED) {
      log_event(spdlog::level::warn, "ingest_stream_failed",
                {{"peer", context_->peer()}, {"code", static_cast<int>(status.error_code())},
                 {"error", status.error_message()}});
    }
    if (write_in_flight_) {
      deferred_finish_ = status;  // Finish once the write in flight completes
    } else {
      Finish(status);
    }
  }

  HubCore& core_;
  grpc::CallbackServerContext* context_;
  std::weak_ptr<ReactorSet<IngestReactor>> set_;
  Caller caller_;  ///< the kiosk, from its credential (set once in begin())

  std::atomic<std::int64_t> last_message_ns_{std::chrono::steady_clock::now().time_since_epoch().count()};
  std::mutex mutex_;
  grpc::ByteBuffer read_buffer_;
  grpc::ByteBuffer write_buffer_;
  v1::IngestRequest request_;
  v1::IngestResponse writing_;
  bool write_in_flight_ = false;
  std::deque<v1::IngestResponse> control_;
  std::map<std::string, v1::Ack> acks_;
  int pending_ops_ = 0;
  bool reads_done_ = false;
  bool draining_ = false;
  bool finished_ = false;
  bool done_ = false;
  std::optional<grpc::Status> deferred_finish_;
};

IngestService::~IngestService() = default;

grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* IngestService::Ingest(
    grpc::CallbackServerContext* context) {
  auto reactor = std::make_shared<IngestReactor>(core_, context, reactors_);
  IngestReactor* raw = reactors_->add(reactor);
  reactor->begin();
  return raw;
}

void IngestService::drain() {
  reactors_->for_each([](IngestReactor& r) { r.drain(); });
}

std::size_t IngestService::expire_idle(std::chrono::steady_clock::time_point now) {
  std::size_t ended = 0;
  const auto cutoff = now - core_.limits.stream_idle_timeout;
  reactors_->for_each([&](IngestReactor& r) { ended += r.expire_if_idle(cutoff) ? 1 : 0; });
  return ended;
}

std::size_t IngestService::end_streams(const std::vector<const void*>& owners, const grpc::Status& status) {
  std::size_t ended = 0;
  reactors_->for_each([&](IngestReactor& r) {
    if (std::find(owners.begin(), owners.end(), static_cast<const void*>(&r)) == owners.end()) return;
    r.end(status);
    ++ended;
  });
  return ended;
}

std::size_t IngestService::streams() const { return reactors_->size(); }

}  // namespace runform::services
