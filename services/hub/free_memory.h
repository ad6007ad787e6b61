// Gives memory the allocator holds but no longer uses back to the operating system. glibc keeps
// freed blocks in per-thread arenas; after large reads on gRPC's threads the hub's resident size
// stayed near its peak for good (issue 11). Called after large reads and once a minute.
#pragma once

namespace runform::services {

/// malloc_trim(0) under glibc; nothing elsewhere.
void return_free_memory();

}  // namespace runform::services
