// PostgresSessionStore: the backend for clubs with several hubs. Frames go in with COPY BINARY
// inside the batch's transaction; one connection for the committer's writes and one for readers.
#pragma once

#include <memory>
#include <string>

#include "services/store/session_store.h"

namespace runform::services {

/// Connects to a postgresql:// URI (libpq syntax) and migrates the schema. Throws StoreError.
std::unique_ptr<SessionStore> open_postgres_store(const std::string& uri);

}  // namespace runform::services
