// Fresh, empty stores of each backend for tests: a temporary SQLite file, or a new database on
// the test PostgreSQL server that CTest starts (its URI comes in RUNFORM_TEST_PG_URI).
#pragma once

#include <optional>
#include <string>

namespace runform::testing {

/// The storage backends every store test runs against.
enum class Backend { kSqlite, kPostgres };

/// "sqlite" or "postgres", for test names.
std::string backend_name(Backend backend);

/// A fresh store location; dropped (file removed, database dropped) on destruction.
class ScratchStore {
 public:
  /// Creates the location. If the backend is unavailable, spec() is empty and skip_reason()
  /// says why; when RUNFORM_REQUIRE_POSTGRES=1 an unavailable PostgreSQL is a hard failure.
  explicit ScratchStore(Backend backend);
  ~ScratchStore();
  ScratchStore(const ScratchStore&) = delete;
  ScratchStore& operator=(const ScratchStore&) = delete;

  /// Store spec for open_store(): "sqlite:/tmp/…" or "postgresql:///…".
  [[nodiscard]] const std::string& spec() const { return spec_; }
  [[nodiscard]] const std::string& skip_reason() const { return skip_reason_; }

 private:
  Backend backend_;
  std::string spec_;
  std::string skip_reason_;
  std::string cleanup_target_;  // file path or database name
};

}  // namespace runform::testing
