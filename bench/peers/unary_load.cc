// The benchmark's own load client for gRPC over a Unix socket (h2load speaks only TCP for our purposes): C
// connections, each with M calls in flight, calling one unary method with an empty request for a fixed time.
// Built from Debian's libgrpc++-dev; the method is called by name (GenericStub), so any server's fits.
//   unary_load TARGET METHOD SECONDS WARMUP_SECONDS CONNECTIONS IN_FLIGHT
// Prints one JSON line: calls completed in the measured window, errors (a status other than OK), req/s, and the
// p50/p99 latency of the calls that started and finished inside the window, in microseconds.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Run {
  std::string method;
  Clock::time_point measure_from;
  Clock::time_point measure_until;
  std::atomic<bool> stopping{false};
  std::mutex mutex;
  std::condition_variable all_done;
  int active = 0;
};

// One call in flight at a time; its callbacks never overlap, so its latencies need no lock.
class Slot {
 public:
  Slot(Run* run, grpc::GenericStub* stub) : run_(run), stub_(stub) {
    // A ByteBuffer must hold a slice, even an empty one, to be sent.
    grpc::Slice empty{std::string()};
    request_ = grpc::ByteBuffer(&empty, 1);
  }

  void Start() {
    context_ = std::make_unique<grpc::ClientContext>();
    response_.Clear();
    started_ = Clock::now();
    stub_->UnaryCall(context_.get(), run_->method, grpc::StubOptions(), &request_, &response_,
                     [this](grpc::Status status) { Done(status); });
  }

  std::vector<int64_t> latencies_us;
  int64_t errors = 0;

 private:
  void Done(const grpc::Status& status) {
    auto finished = Clock::now();
    if (started_ >= run_->measure_from && finished <= run_->measure_until) {
      if (status.ok()) {
        latencies_us.push_back(std::chrono::duration_cast<std::chrono::microseconds>(finished - started_).count());
      } else {
        ++errors;
      }
    }
    if (run_->stopping.load() || finished > run_->measure_until) {
      std::lock_guard<std::mutex> lock(run_->mutex);
      if (--run_->active == 0) run_->all_done.notify_all();
      return;
    }
    Start();
  }

  Run* run_;
  grpc::GenericStub* stub_;
  std::unique_ptr<grpc::ClientContext> context_;
  grpc::ByteBuffer request_;  // zero bytes: the empty HealthCheckRequest and GetStatusRequest alike
  grpc::ByteBuffer response_;
  Clock::time_point started_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 7) {
    std::fprintf(stderr, "usage: unary_load TARGET METHOD SECONDS WARMUP_SECONDS CONNECTIONS IN_FLIGHT\n");
    return 2;
  }
  Run run;
  run.method = argv[2];
  double seconds = std::atof(argv[3]);
  double warmup = std::atof(argv[4]);
  int connections = std::atoi(argv[5]);
  int in_flight = std::atoi(argv[6]);

  std::vector<std::unique_ptr<grpc::GenericStub>> stubs;
  for (int c = 0; c < connections; ++c) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // one connection per channel, not one shared
    args.SetString(GRPC_ARG_DEFAULT_AUTHORITY, "localhost");
    auto channel = grpc::CreateCustomChannel(argv[1], grpc::InsecureChannelCredentials(), args);
    if (!channel->WaitForConnected(gpr_time_add(gpr_now(GPR_CLOCK_MONOTONIC), gpr_time_from_seconds(10, GPR_TIMESPAN)))) {
      std::fprintf(stderr, "unary_load: could not connect to %s\n", argv[1]);
      return 1;
    }
    stubs.push_back(std::make_unique<grpc::GenericStub>(channel));
  }

  auto now = Clock::now();
  run.measure_from = now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(warmup));
  run.measure_until = run.measure_from + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::vector<std::unique_ptr<Slot>> slots;
  for (int c = 0; c < connections; ++c) {
    for (int m = 0; m < in_flight; ++m) slots.push_back(std::make_unique<Slot>(&run, stubs[c].get()));
  }
  run.active = static_cast<int>(slots.size());
  for (auto& slot : slots) slot->Start();
  {
    std::unique_lock<std::mutex> lock(run.mutex);
    run.all_done.wait(lock, [&] { return run.active == 0; });
  }

  std::vector<int64_t> all;
  int64_t errors = 0;
  for (auto& slot : slots) {
    all.insert(all.end(), slot->latencies_us.begin(), slot->latencies_us.end());
    errors += slot->errors;
  }
  std::sort(all.begin(), all.end());
  auto rank = [&](double p) -> int64_t {
    if (all.empty()) return -1;
    size_t k = static_cast<size_t>(std::max(1.0, std::ceil(all.size() * p / 100.0)));
    return all[std::min(k, all.size()) - 1];
  };
  std::printf("{\"calls\": %zu, \"errors\": %lld, \"seconds\": %.3f, \"rps\": %.1f, \"p50_us\": %lld, \"p99_us\": %lld}\n",
              all.size(), static_cast<long long>(errors), seconds, all.size() / seconds,
              static_cast<long long>(rank(50)), static_cast<long long>(rank(99)));
  return errors == 0 ? 0 : 1;
}
