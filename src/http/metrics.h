// Request counts and latency histograms by route, method and status, rendered in the
// Prometheus text format. Each recording thread writes its own shard (an uncontended lock
// and no allocation once a series exists); Render merges the shards. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace jiceng::http {

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  Metrics();
  ~Metrics();

  void Observe(std::string_view route, std::string_view method, int status, double seconds);
  void ConnectionOpened() { ++open_connections_; }
  void ConnectionClosed() { --open_connections_; }
  std::string Render() const;

 private:
  struct Series {
    uint64_t count = 0;
    double sum = 0;
    std::array<uint64_t, kBuckets.size()> buckets{};
  };
  using Key = std::tuple<std::string, std::string, int>;
  using KeyView = std::tuple<std::string_view, std::string_view, int>;
  struct Less {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return KeyView(std::get<0>(a), std::get<1>(a), std::get<2>(a)) <
             KeyView(std::get<0>(b), std::get<1>(b), std::get<2>(b));
    }
  };
  struct Shard {
    std::mutex mutex;
    std::map<Key, Series, Less> series;  // guarded by mutex
  };
  Shard& LocalShard();

  const uint64_t id_;  // tells this instance's thread-local shards from another's
  mutable std::mutex shards_mutex_;
  std::vector<std::unique_ptr<Shard>> shards_;  // guarded by shards_mutex_
  std::atomic<int64_t> open_connections_{0};
};

}  // namespace jiceng::http
