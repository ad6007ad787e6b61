// Opens a store from the hub's store setting: "sqlite:PATH" or a "postgresql://" URI.
#pragma once

#include <memory>
#include <string_view>

#include "services/store/session_store.h"

namespace runform::services {

/// Opens and migrates the store named by spec. Throws StoreError with a message that says
/// what a valid spec looks like when the spec is not understood.
std::unique_ptr<SessionStore> open_store(std::string_view spec);

}  // namespace runform::services
