#include "tools/loadgen/load_phases.h"

#include <grpcpp/client_context.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>
#include <unordered_map>

#include "runform/v1/coach.grpc.pb.h"
#include "services/client/hub_channel.h"
#include "services/client/kiosk_uploader.h"
#include "tools/loadgen/latency_recorder.h"

namespace runform::loadgen {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kSendTimeSlots = 1 << 14;  // per kiosk; far more than frames in flight

std::int64_t now_ns() { return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count(); }

// One simulated kiosk: an uploader, its session, its hub, and when each frame was handed over
// and acknowledged.
struct Kiosk {
  std::string session_id;
  std::size_t hub = 0;  ///< index into PhaseSettings::targets
  std::unique_ptr<services::KioskUploader> uploader;
  std::unique_ptr<std::atomic<std::int64_t>[]> sent_ns = std::make_unique<std::atomic<std::int64_t>[]>(kSendTimeSlots);
  std::unique_ptr<std::atomic<std::int64_t>[]> acked_ns = std::make_unique<std::atomic<std::int64_t>[]>(kSendTimeSlots);
  std::atomic<std::uint64_t> acked_seq{0};
  std::size_t next_frame = 0;

  // An acknowledgement arrived (uploader thread): stamps the frames it makes durable.
  void on_acked(std::uint64_t seq, LatencyRecorder& durable) {
    const std::int64_t now = now_ns();
    for (std::uint64_t s = acked_seq.load(std::memory_order_relaxed) + 1; s <= seq; ++s) {
      acked_ns[s % kSendTimeSlots].store(now, std::memory_order_relaxed);
      durable.add(std::chrono::nanoseconds(now - sent_ns[s % kSendTimeSlots].load(std::memory_order_relaxed)));
    }
    acked_seq.store(std::max(acked_seq.load(std::memory_order_relaxed), seq), std::memory_order_release);
  }

  // Hands the next frame of the (looped) recording to the uploader.
  void add_next(const services::RecordedSession& recording) {
    const auto& frames = recording.frames;
    v1::FrameRecord f = frames[next_frame % frames.size()];
    f.set_t_us(f.t_us() + static_cast<std::int64_t>(next_frame / frames.size()) * 60'000'000);
    ++next_frame;
    const std::int64_t t = now_ns();
    const std::uint64_t seq = uploader->add_frame(session_id, std::move(f));
    sent_ns[seq % kSendTimeSlots].store(t, std::memory_order_relaxed);
  }
};

std::vector<std::unique_ptr<Kiosk>> start_kiosks(const PhaseSettings& settings,
                                                 const services::RecordedSession& recording,
                                                 LatencyRecorder& ack_latency, std::size_t spool_frames,
                                                 LatencyRecorder* durable_latency = nullptr) {
  std::vector<std::unique_ptr<Kiosk>> kiosks;
  for (int k = 0; k < settings.kiosks; ++k) {
    auto kiosk = std::make_unique<Kiosk>();
    kiosk->session_id = settings.label + "-" + std::to_string(k) + "-" + std::to_string(now_ns());
    kiosk->hub = static_cast<std::size_t>(k) % settings.targets.size();
    services::UploaderOptions options;
    options.max_chunk_frames = settings.chunk_frames;
    options.max_spool_frames = spool_frames;
    options.on_ack_latency = [&ack_latency](std::chrono::nanoseconds l) { ack_latency.add(l); };
    if (durable_latency != nullptr) {
      options.on_acked = [k = kiosk.get(), durable_latency](const std::string&, std::uint64_t seq) {
        k->on_acked(seq, *durable_latency);
      };
    }
    services::HubChannelOptions channel = settings.channel;
    if (static_cast<std::size_t>(k) < settings.kiosk_tokens.size()) channel.token = settings.kiosk_tokens[k];
    kiosk->uploader = std::make_unique<services::KioskUploader>(
        services::make_hub_channel(settings.targets.at(kiosk->hub), channel), options);
    v1::SessionStart start = recording.start;
    start.set_session_id(kiosk->session_id);
    start.set_kiosk_id("loadgen-kiosk-" + std::to_string(k));
    start.set_station_id("loadgen-station-" + std::to_string(k));
    kiosk->uploader->open(start);
    kiosks.push_back(std::move(kiosk));
  }
  return kiosks;
}

std::uint64_t total_acked(const std::vector<std::unique_ptr<Kiosk>>& kiosks) {
  std::uint64_t total = 0;
  for (const auto& k : kiosks) total += k->uploader->stats().frames_acked;
  return total;
}

// Waits out the warm-up, then measures acknowledged frames over the window.
void measure(const PhaseSettings& settings, const std::vector<std::unique_ptr<Kiosk>>& kiosks,
             LatencyRecorder& ack_latency, PhaseResult& result, const std::function<void()>& on_window_start) {
  std::this_thread::sleep_for(std::chrono::duration<double>(settings.warmup_s));
  ack_latency.clear();
  on_window_start();
  const std::uint64_t before = total_acked(kiosks);
  const auto start = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(settings.measure_s));
  const double elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
  result.frames = total_acked(kiosks) - before;
  result.frames_per_s = static_cast<double>(result.frames) / elapsed_s;
  result.ack_p50_ms = ack_latency.percentile_ms(50);
  result.ack_p99_ms = ack_latency.percentile_ms(99);
}

}  // namespace

PhaseResult run_flat_out(const PhaseSettings& settings, const services::RecordedSession& recording) {
  LatencyRecorder ack_latency;
  auto kiosks = start_kiosks(settings, recording, ack_latency, 4 * settings.chunk_frames * 8);
  std::atomic<bool> stop{false};
  std::vector<std::thread> producers;
  for (auto& kiosk : kiosks) {
    producers.emplace_back([&, k = kiosk.get()] {
      while (!stop.load(std::memory_order_relaxed)) k->add_next(recording);
    });
  }
  PhaseResult result;
  measure(settings, kiosks, ack_latency, result, [] {});
  stop = true;
  for (auto& k : kiosks) k->uploader->stop();  // wakes any producer waiting on a full spool
  for (auto& p : producers) p.join();
  return result;
}

PhaseResult run_real_time(const PhaseSettings& settings, const services::RecordedSession& recording) {
  LatencyRecorder ack_latency;
  LatencyRecorder fanout_latency;
  LatencyRecorder durable_latency;
  LatencyRecorder cross_latency;
  LatencyRecorder cross_after_ack;
  const bool several_hubs = settings.targets.size() > 1;
  auto kiosks = start_kiosks(settings, recording, ack_latency, 1 << 14, several_hubs ? &durable_latency : nullptr);
  std::unordered_map<std::string, Kiosk*> by_session;
  for (auto& k : kiosks) by_session.emplace(k->session_id, k.get());

  std::atomic<bool> stop{false};
  std::atomic<bool> measuring{false};
  std::atomic<std::uint64_t> watcher_frames{0};
  std::atomic<std::uint64_t> cross_frames{0};
  std::atomic<std::uint64_t> watcher_dropped{0};
  std::vector<std::unique_ptr<grpc::ClientContext>> watch_contexts;
  std::vector<std::thread> watchers;
  for (int w = 0; w < settings.watchers; ++w) {
    watch_contexts.push_back(std::make_unique<grpc::ClientContext>());
    services::HubChannelOptions channel = settings.channel;
    if (static_cast<std::size_t>(w) < settings.watcher_tokens.size()) channel.token = settings.watcher_tokens[w];
    const std::size_t hub = static_cast<std::size_t>(w) % settings.targets.size();
    watchers.emplace_back([&, hub, channel, context = watch_contexts.back().get()] {
      auto stub = v1::CoachService::NewStub(services::make_hub_channel(settings.targets.at(hub), channel));
      auto stream = stub->WatchLive(context, v1::WatchLiveRequest{});
      v1::LiveUpdate update;
      std::uint64_t dropped = 0;
      while (stream->Read(&update)) {
        const std::int64_t now = now_ns();
        for (const auto& batch : update.frames()) {
          const auto it = by_session.find(batch.session_id());
          if (it == by_session.end()) continue;
          const Kiosk& kiosk = *it->second;
          for (const auto& f : batch.frames()) {
            const std::int64_t sent = kiosk.sent_ns[f.seq() % kSendTimeSlots].load(std::memory_order_relaxed);
            if (!measuring.load(std::memory_order_relaxed) || sent <= 0) continue;
            if (kiosk.hub == hub) {
              fanout_latency.add(std::chrono::nanoseconds(now - sent));
              watcher_frames.fetch_add(1, std::memory_order_relaxed);
              continue;
            }
            cross_latency.add(std::chrono::nanoseconds(now - sent));
            cross_frames.fetch_add(1, std::memory_order_relaxed);
            // Another hub read it back after its commit: how long after the kiosk heard "durable".
            if (kiosk.acked_seq.load(std::memory_order_acquire) >= f.seq()) {
              const std::int64_t acked = kiosk.acked_ns[f.seq() % kSendTimeSlots].load(std::memory_order_relaxed);
              cross_after_ack.add(std::chrono::nanoseconds(now - acked));
            }
          }
        }
        dropped = update.dropped_frames();
      }
      watcher_dropped.fetch_add(dropped);
      stream->Finish();
    });
  }
  // One pacing thread stands in for every camera: a frame per kiosk per tick.
  std::thread cameras([&] {
    const auto tick = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / settings.fps));
    auto next = Clock::now();
    while (!stop.load()) {
      for (auto& k : kiosks) k->add_next(recording);
      next += tick;
      std::this_thread::sleep_until(next);
    }
  });
  PhaseResult result;
  measure(settings, kiosks, ack_latency, result, [&] {
    fanout_latency.clear();
    durable_latency.clear();
    cross_latency.clear();
    cross_after_ack.clear();
    measuring = true;
  });
  measuring = false;
  stop = true;
  cameras.join();
  for (auto& c : watch_contexts) c->TryCancel();
  for (auto& w : watchers) w.join();
  kiosks.clear();
  result.fanout_p50_ms = fanout_latency.percentile_ms(50);
  result.fanout_p99_ms = fanout_latency.percentile_ms(99);
  result.watcher_frames = watcher_frames.load();
  result.watcher_dropped = watcher_dropped.load();
  if (several_hubs) {
    result.durable_p50_ms = durable_latency.percentile_ms(50);
    result.durable_p99_ms = durable_latency.percentile_ms(99);
    result.cross_fanout_p50_ms = cross_latency.percentile_ms(50);
    result.cross_fanout_p99_ms = cross_latency.percentile_ms(99);
    result.cross_after_ack_p50_ms = cross_after_ack.percentile_ms(50);
    result.cross_after_ack_p99_ms = cross_after_ack.percentile_ms(99);
    result.cross_watcher_frames = cross_frames.load();
  }
  return result;
}

}  // namespace runform::loadgen
