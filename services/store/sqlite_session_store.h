// SqliteSessionStore: the embedded default backend. One file, WAL journal, full sync on commit,
// prepared statements; one connection for the committer's writes and one for readers.
#pragma once

#include <filesystem>
#include <memory>

#include "services/store/session_store.h"

namespace runform::services {

/// Opens (creating if needed) and migrates the database at path. Throws StoreError.
std::unique_ptr<SessionStore> open_sqlite_store(const std::filesystem::path& path);

}  // namespace runform::services
