#include "services/hub/free_memory.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace runform::services {

void return_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace runform::services
