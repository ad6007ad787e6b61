// libFuzzer target: any bytes as a track file (see input_contracts.h). Built with clang only:
//   cmake --preset fuzz && cmake --build --preset fuzz --target track_reader_fuzzer
//   ./build/fuzz/tests/track_reader_fuzzer -max_total_time=300 CORPUS_DIR
#include <cstdio>
#include <cstdlib>

#include "input_contracts.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (const auto broken = runform::fuzz::check_track_bytes(bytes)) {
    std::fprintf(stderr, "track reader contract broken: %s\n", broken->c_str());
    std::abort();
  }
  return 0;
}
