// The access tables (accounts, credentials, audit) in the club's PostgreSQL database, shared by
// every hub of the club: a kiosk revoked on one hub is refused by all of them.
#pragma once

#include <memory>
#include <string>

#include "services/store/access_store.h"

namespace runform::services {

/// Opens the access tables of an already migrated PostgreSQL database. Throws StoreError.
std::unique_ptr<AccessStore> open_postgres_access_store(const std::string& uri);

}  // namespace runform::services
