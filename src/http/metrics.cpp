#include "http/metrics.h"

#include <sstream>
#include <unordered_map>

namespace jiceng::http {
namespace {

std::atomic<uint64_t> g_next_id{1};

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

Metrics::Metrics() : id_(g_next_id++) {}
Metrics::~Metrics() = default;

Metrics::Shard& Metrics::LocalShard() {
  // Keyed by instance id, not address: a later Metrics may reuse a freed address.
  thread_local std::unordered_map<uint64_t, Shard*> mine;
  auto it = mine.find(id_);
  if (it != mine.end()) return *it->second;
  std::lock_guard lock(shards_mutex_);
  shards_.push_back(std::make_unique<Shard>());
  mine[id_] = shards_.back().get();
  return *shards_.back();
}

void Metrics::Observe(std::string_view route, std::string_view method, int status, double seconds) {
  Shard& shard = LocalShard();
  std::lock_guard lock(shard.mutex);
  auto it = shard.series.find(KeyView(route, method, status));
  if (it == shard.series.end())
    it = shard.series.emplace(Key(std::string(route), std::string(method), status), Series{}).first;
  Series& s = it->second;
  ++s.count;
  s.sum += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++s.buckets[i];
}

std::string Metrics::Render() const {
  std::map<Key, Series, Less> merged;
  {
    std::lock_guard lock(shards_mutex_);
    for (const auto& shard : shards_) {
      std::lock_guard shard_lock(shard->mutex);
      for (const auto& [key, s] : shard->series) {
        Series& m = merged[key];
        m.count += s.count;
        m.sum += s.sum;
        for (size_t i = 0; i < kBuckets.size(); ++i) m.buckets[i] += s.buckets[i];
      }
    }
  }
  std::ostringstream out;
  out << "# HELP jiceng_http_requests_total HTTP requests answered.\n"
         "# TYPE jiceng_http_requests_total counter\n";
  for (const auto& [key, s] : merged) {
    const auto& [route, method, status] = key;
    out << "jiceng_http_requests_total{route=\"" << Escape(route) << "\",method=\""
        << Escape(method) << "\",status=\"" << status << "\"} " << s.count << "\n";
  }
  out << "# HELP jiceng_http_request_duration_seconds Time from request read to response "
         "written.\n# TYPE jiceng_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : merged) {
    const auto& [route, method, status] = key;
    std::string labels = "route=\"" + Escape(route) + "\",method=\"" + Escape(method) +
                         "\",status=\"" + std::to_string(status) + "\"";
    for (size_t i = 0; i < kBuckets.size(); ++i)
      out << "jiceng_http_request_duration_seconds_bucket{" << labels << ",le=\"" << kBuckets[i]
          << "\"} " << s.buckets[i] << "\n";
    out << "jiceng_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} " << s.count
        << "\n";
    out << "jiceng_http_request_duration_seconds_sum{" << labels << "} " << s.sum << "\n";
    out << "jiceng_http_request_duration_seconds_count{" << labels << "} " << s.count << "\n";
  }
  out << "# HELP jiceng_http_open_connections Connections currently open.\n"
         "# TYPE jiceng_http_open_connections gauge\njiceng_http_open_connections "
      << open_connections_.load() << "\n";
  return out.str();
}

}  // namespace jiceng::http
