// The kiosk's disk spool: what one recorded frame costs on the inference thread (a committed
// SQLite append, WAL) and what the uploader pays to read a chunk back. A 30 fps camera leaves
// 33 ms per frame; the append should be a small fraction of it.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

#include "services/client/sqlite_frame_spool.h"

namespace {

using runform::services::SqliteFrameSpool;

std::filesystem::path bench_spool() {
  const auto path = std::filesystem::temp_directory_path() / ("runform-spool-bench-" + std::to_string(::getpid()) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return path;
}

// A frame as the station records it: 34 packed coordinates, 17 confidences (≈ 120 bytes).
runform::v1::FrameRecord typical_frame(std::int64_t t_us) {
  runform::v1::FrameRecord f;
  f.set_t_us(t_us);
  for (int i = 0; i < 34; ++i) f.add_xy_decipx(static_cast<std::uint32_t>(1000 + 37 * i));
  f.set_confidence_q8(std::string(17, '\xf0'));
  return f;
}

void BM_SpoolAppend(benchmark::State& state) {
  const auto path = bench_spool();
  SqliteFrameSpool spool(path, 100'000'000);
  runform::v1::SessionStart start;
  start.set_session_id("bench");
  spool.add_session(start, true);
  std::int64_t t = 0;
  for (auto _ : state) {
    runform::v1::FrameRecord f = typical_frame(t += 33'333);
    benchmark::DoNotOptimize(spool.append("bench", f));
  }
  state.counters["frames/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}
BENCHMARK(BM_SpoolAppend)->Unit(benchmark::kMicrosecond);

void BM_SpoolReadChunk64(benchmark::State& state) {
  const auto path = bench_spool();
  SqliteFrameSpool spool(path, 100'000'000);
  runform::v1::SessionStart start;
  start.set_session_id("bench");
  spool.add_session(start, true);
  constexpr int kFrames = 20'000;
  for (int i = 0; i < kFrames; ++i) {
    runform::v1::FrameRecord f = typical_frame(i * 33'333);
    spool.append("bench", f);
  }
  std::uint64_t from = 1;
  for (auto _ : state) {
    benchmark::DoNotOptimize(spool.read("bench", from, 64));
    from = from + 64 > kFrames ? 1 : from + 64;
  }
  state.counters["frames/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * 64, benchmark::Counter::kIsRate);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}
BENCHMARK(BM_SpoolReadChunk64)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
