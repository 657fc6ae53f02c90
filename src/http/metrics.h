// Request counts and latency histograms by route, method and status, rendered in the
// Prometheus text format. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace jiceng::http {

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  void Observe(const std::string& route, const std::string& method, int status, double seconds);
  void ConnectionOpened() { ++open_connections_; }
  void ConnectionClosed() { --open_connections_; }
  std::string Render() const;

 private:
  struct Series {
    uint64_t count = 0;
    double sum = 0;
    std::array<uint64_t, kBuckets.size()> buckets{};
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, Series> series_;  // guarded by mutex_
  std::atomic<int64_t> open_connections_{0};
};

}  // namespace jiceng::http
