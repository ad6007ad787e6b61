// The coach's way to the hub without protobuf: plain structs in (coach_types.h), gRPC and the
// wire types only in the .cpp. Calls block the calling thread: the dashboard runs them on
// CoachWorker's threads (coach_worker.h), `runform export` calls them directly.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "services/client/coach_types.h"

namespace runform::services {

/// Where the hub is and how to reach it (services/client/hub_channel.h's rules: TLS against the
/// club CA, plaintext to loopback only).
struct CoachEndpoint {
  std::string target;       ///< host:port
  std::string ca_file;      ///< club CA (PEM); empty: plaintext, loopback only
  std::string server_name;  ///< TLS name override; empty: the target's host
  std::string token;        ///< bearer token; empty: none
};

/// A failed call. `kind` says what a person can do about it; the message is the hub's own.
class CoachError : public std::runtime_error {
 public:
  /// What went wrong, as far as a coach is concerned.
  enum class Kind { kUnavailable, kUnauthenticated, kPermissionDenied, kNotFound, kInvalid, kCancelled, kOther };
  CoachError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  [[nodiscard]] Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

/// Progress of a long read: frames so far and the total expected (0: unknown). Return false to
/// cancel (the call then throws CoachError kCancelled).
using FrameProgress = std::function<bool(std::uint64_t done, std::uint64_t total)>;

class CoachClient {
 public:
  /// A client for the endpoint. Throws std::invalid_argument for an endpoint that cannot be
  /// reached as given (plaintext off this machine, unreadable CA file).
  explicit CoachClient(const CoachEndpoint& endpoint);
  ~CoachClient();
  CoachClient(const CoachClient&) = delete;
  CoachClient& operator=(const CoachClient&) = delete;

  /// Signs a person in (AccessService.Login).
  CoachLogin login(const std::string& user_name, const std::string& password);
  /// A fresh token for this client's token (AccessService.RefreshToken).
  CoachLogin refresh_token();

  /// Every athlete the caller may see, by id (all pages).
  std::vector<CoachAthlete> list_athletes();
  /// Sessions newest first, of one athlete (empty: any), all pages up to `limit`.
  std::vector<CoachSession> list_sessions(const std::string& athlete_id, std::size_t limit = 10'000);
  /// One session. kNotFound when unknown.
  CoachSession get_session(const std::string& session_id);
  /// A session's stored frames within [from_t_us, to_t_us) (to 0: to the end), in order.
  std::vector<CoachFrame> read_frames(const std::string& session_id, std::int64_t from_t_us = 0,
                                      std::int64_t to_t_us = 0, const FrameProgress& progress = {});
  /// One metric over a session, downsampled by the hub to at most max_points (≥ 3).
  CoachSeries metric_series(const std::string& session_id, form::MetricId metric, std::uint32_t max_points);
  /// One metric's session medians across an athlete's closed sessions, oldest first.
  std::vector<CoachTrendPoint> metric_trend(const std::string& athlete_id, form::MetricId metric);
  /// Stores a note or bookmark; returns it with its id and time.
  CoachAnnotation add_annotation(const CoachAnnotation& annotation);
  /// A session's notes and bookmarks, by timestamp.
  std::vector<CoachAnnotation> list_annotations(const std::string& session_id);

  /// Watches live frames of every station (until `stop` is set or the stream fails; throws
  /// CoachError then, kCancelled after a stop). `on_update` runs on the calling thread.
  void watch_live(const std::function<void(CoachLiveUpdate&&)>& on_update, const std::atomic<bool>& stop);
  /// Ends a watch_live running on another thread.
  void cancel_watch();
  /// True when the connection to the hub is up right now (never blocks, never connects).
  [[nodiscard]] bool channel_ready() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// "coach", "staff", "admin" or "unknown".
std::string role_name(int wire_role);

}  // namespace runform::services
