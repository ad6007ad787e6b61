// SqliteFrameSpool: the kiosk's disk spool. Frames are committed as they are recorded (WAL,
// one small transaction each), so a kiosk killed mid-session keeps everything it recorded.
// A session's frames stay until the hub confirms its close — an interrupted session's summary
// can then be rebuilt from them — and the bound counts every frame held.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>

#include "services/client/frame_spool.h"

namespace runform::services {

namespace sqlite {
class Connection;
class Statement;
}  // namespace sqlite

/// The spool file cannot be opened or written; the message names the file and what to do.
class SpoolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SqliteFrameSpool final : public FrameSpool {
 public:
  /// Opens (or creates) the spool file. Throws SpoolError.
  SqliteFrameSpool(const std::filesystem::path& path, std::uint64_t capacity_frames);
  ~SqliteFrameSpool() override;
  SqliteFrameSpool(const SqliteFrameSpool&) = delete;
  SqliteFrameSpool& operator=(const SqliteFrameSpool&) = delete;

  void add_session(const v1::SessionStart& start, bool ready) override;
  void mark_ready(const v1::SessionStart& start) override;
  AppendResult append(const std::string& session_id, v1::FrameRecord& frame) override;
  void set_close(const v1::CloseSession& close) override;
  std::vector<v1::FrameRecord> read(const std::string& session_id, std::uint64_t from_seq,
                                    std::size_t max_count) const override;
  std::vector<v1::FrameRecord> read_all(const std::string& session_id) const override;
  void set_acked(const std::string& session_id, std::uint64_t acked_seq) override;
  void remove(const std::string& session_id) override;
  bool set_refused(const std::string& session_id, const SessionRefusal& refusal) override;
  bool clear_refused(const std::string& session_id) override;
  [[nodiscard]] std::vector<SpooledSession> sessions() const override;
  [[nodiscard]] std::uint64_t stored_frames() const override;
  [[nodiscard]] std::uint64_t backlog_frames() const override;
  [[nodiscard]] std::uint64_t capacity_frames() const override { return capacity_; }
  /// The file.
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  template <typename Fn>
  auto guarded(const char* what, Fn&& fn) const;

  const std::filesystem::path path_;
  const std::uint64_t capacity_;
  mutable std::mutex mutex_;
  std::unique_ptr<sqlite::Connection> db_;
  struct Statements;
  std::unique_ptr<Statements> st_;
  std::uint64_t stored_ = 0;
  std::uint64_t backlog_ = 0;
};

}  // namespace runform::services
