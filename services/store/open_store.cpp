#include "services/store/open_store.h"

#include "services/store/access_store.h"

#include <string>

#include "services/store/postgres_access_store.h"
#include "services/store/postgres_session_store.h"
#include "services/store/sqlite_access_store.h"
#include "services/store/sqlite_session_store.h"

namespace runform::services {

std::unique_ptr<SessionStore> open_store(std::string_view spec) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (spec.starts_with(kSqlite)) {
    const std::string_view path = spec.substr(kSqlite.size());
    if (path.empty()) throw StoreError("store 'sqlite:' needs a file path, e.g. sqlite:/var/lib/runform/hub.db");
    return open_sqlite_store(std::string(path));
  }
  if (spec.starts_with("postgresql://") || spec.starts_with("postgres://")) return open_postgres_store(std::string(spec));
  throw StoreError("unknown store '" + std::string(spec) +
                   "': use sqlite:PATH (e.g. sqlite:hub.db) or a postgresql:// URI");
}

std::unique_ptr<AccessStore> open_access_store(std::string_view spec) {
  open_store(spec);  // migrates the database (and says what a valid spec looks like)
  constexpr std::string_view kSqlite = "sqlite:";
  if (spec.starts_with(kSqlite)) return open_sqlite_access_store(std::string(spec.substr(kSqlite.size())));
  return open_postgres_access_store(std::string(spec));
}

}  // namespace runform::services
