// Matches a method and a decoded path against patterns like "/api/users/{id}/grants".
// Generic over what a route carries, so the http layer knows nothing of the api layer.
// Not thread-safe while adding; Match is safe from many threads once routes are in.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace jiceng::http {

std::vector<std::string_view> SplitPath(std::string_view path);

template <class T>
class Router {
 public:
  struct Entry {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    T value;
  };

  struct Match {
    enum { kFound, kNotFound, kMethodNotAllowed } outcome = kNotFound;
    const Entry* entry = nullptr;
    std::map<std::string, std::string> params;
    std::vector<std::string> allowed;  // for 405's Allow header
  };

  void Add(std::string method, std::string pattern, T value) {
    Entry e{std::move(method), std::move(pattern), {}, std::move(value)};
    for (auto seg : SplitPath(e.pattern)) e.segments.emplace_back(seg);
    entries_.push_back(std::move(e));
  }

  const std::vector<Entry>& entries() const { return entries_; }

  // Allocation-free until a pattern matches: parameters are collected only for the winner.
  Match Find(std::string_view method, std::string_view path) const {
    Match m;
    auto parts = SplitPath(path);
    for (const auto& e : entries_) {
      if (!SegmentsMatch(e.segments, parts)) continue;
      if (e.method == method || (method == "HEAD" && e.method == "GET")) {
        m.outcome = Match::kFound;
        m.entry = &e;
        for (size_t i = 0; i < e.segments.size(); ++i)
          if (IsParam(e.segments[i]))
            m.params[e.segments[i].substr(1, e.segments[i].size() - 2)] = std::string(parts[i]);
        return m;
      }
      m.outcome = Match::kMethodNotAllowed;
      m.allowed.push_back(e.method);
    }
    return m;
  }

 private:
  static bool IsParam(const std::string& p) {
    return p.size() > 2 && p.front() == '{' && p.back() == '}';
  }
  static bool SegmentsMatch(const std::vector<std::string>& pattern,
                            const std::vector<std::string_view>& parts) {
    if (pattern.size() != parts.size()) return false;
    for (size_t i = 0; i < pattern.size(); ++i) {
      if (IsParam(pattern[i])) {
        if (parts[i].empty()) return false;
      } else if (pattern[i] != parts[i]) {
        return false;
      }
    }
    return true;
  }

  std::vector<Entry> entries_;
};

inline std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace jiceng::http
