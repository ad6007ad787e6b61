#include "support/store_backends.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "services/store/pg_db.h"

namespace runform::testing {

namespace {

std::atomic<int> g_counter{0};

// Replaces the database name of "postgresql:///NAME?params".
std::string with_database(const std::string& uri, const std::string& database) {
  const auto start = uri.find(":///");
  const auto query = uri.find('?');
  if (start == std::string::npos) throw std::runtime_error("RUNFORM_TEST_PG_URI must look like postgresql:///db?host=…");
  return uri.substr(0, start + 4) + database + (query == std::string::npos ? "" : uri.substr(query));
}

std::string unique_name() {
  return "runform_t_" + std::to_string(::getpid()) + "_" + std::to_string(g_counter.fetch_add(1));
}

}  // namespace

std::string backend_name(Backend backend) { return backend == Backend::kSqlite ? "sqlite" : "postgres"; }

ScratchStore::ScratchStore(Backend backend) : backend_(backend) {
  if (backend == Backend::kSqlite) {
    const auto path = std::filesystem::temp_directory_path() / (unique_name() + ".db");
    cleanup_target_ = path.string();
    spec_ = "sqlite:" + cleanup_target_;
    return;
  }
  const char* base = std::getenv("RUNFORM_TEST_PG_URI");
  const char* required = std::getenv("RUNFORM_REQUIRE_POSTGRES");
  if (base == nullptr || *base == '\0') {
    skip_reason_ = "RUNFORM_TEST_PG_URI is not set; run through ctest, which starts a PostgreSQL server";
    if (required != nullptr && std::string(required) == "1") throw std::runtime_error(skip_reason_);
    return;
  }
  cleanup_target_ = unique_name();
  services::pg::Connection admin(base);
  admin.exec("CREATE DATABASE " + cleanup_target_);
  spec_ = with_database(base, cleanup_target_);
}

ScratchStore::~ScratchStore() {
  if (cleanup_target_.empty()) return;
  if (backend_ == Backend::kSqlite) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(cleanup_target_ + suffix);
    return;
  }
  try {
    services::pg::Connection admin(std::getenv("RUNFORM_TEST_PG_URI"));
    admin.exec("DROP DATABASE IF EXISTS " + cleanup_target_ + " WITH (FORCE)");
  } catch (const std::exception&) {
    // A leftover database on a throwaway server is harmless.
  }
}

}  // namespace runform::testing
