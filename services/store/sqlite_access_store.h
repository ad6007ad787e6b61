// The access tables (accounts, credentials, audit) in the hub's SQLite file.
#pragma once

#include <memory>
#include <string>

#include "services/store/access_store.h"

namespace runform::services {

/// Opens the access tables of an already migrated SQLite database. Throws StoreError.
std::unique_ptr<AccessStore> open_sqlite_access_store(const std::string& path);

}  // namespace runform::services
