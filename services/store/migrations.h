// Schema migrations shared by the storage backends: each step has the SQL of both dialects, and
// the database records the version it has reached in schema_version.
#pragma once

#include <string_view>
#include <vector>

namespace runform::services {

/// One schema step.
struct Migration {
  int version;
  std::string_view description;
  std::string_view sqlite_sql;
  std::string_view postgres_sql;
};

/// All steps, in version order.
const std::vector<Migration>& migrations();

/// The version a fully migrated database has.
int latest_schema_version();

}  // namespace runform::services
