#include "http/metrics.h"

#include <sstream>

namespace jiceng::http {
namespace {

std::string Escape(const std::string& s) {
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

void Metrics::Observe(const std::string& route, const std::string& method, int status,
                      double seconds) {
  std::lock_guard lock(mutex_);
  auto& s = series_[{route, method, status}];
  ++s.count;
  s.sum += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++s.buckets[i];
}

std::string Metrics::Render() const {
  std::ostringstream out;
  out << "# HELP jiceng_http_requests_total HTTP requests answered.\n"
         "# TYPE jiceng_http_requests_total counter\n";
  std::lock_guard lock(mutex_);
  for (const auto& [key, s] : series_) {
    const auto& [route, method, status] = key;
    out << "jiceng_http_requests_total{route=\"" << Escape(route) << "\",method=\"" << method
        << "\",status=\"" << status << "\"} " << s.count << "\n";
  }
  out << "# HELP jiceng_http_request_duration_seconds Time from request read to response "
         "written.\n# TYPE jiceng_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : series_) {
    const auto& [route, method, status] = key;
    std::string labels = "route=\"" + Escape(route) + "\",method=\"" + method + "\",status=\"" +
                         std::to_string(status) + "\"";
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
