// The built web app (web/dist), loaded into memory at start: paths are looked up in a
// map, so no request can reach a file outside it. Serves precompressed `.gz` siblings to
// clients that accept gzip, ETags with 304s, long caching for hashed assets and no-cache
// for index.html; unknown extension-less paths fall back to index.html (SPA routing), those
// under /m/ to m/index.html (the residents' mobile web).
// Immutable after Load; thread-safe to read.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "http/message.h"

namespace jiceng::http {

class StaticFiles {
 public:
  // Returns the number of files loaded (0 when the directory is missing). `img_origins`
  // (space-separated origins) are added to the pages' CSP img-src: the map's tile servers.
  size_t Load(const std::string& dir, const std::string& img_origins = {});
  // nullopt when the path is neither a file nor an SPA route.
  std::optional<Response> Serve(const Request& req) const;
  bool empty() const { return files_.empty(); }

 private:
  struct File {
    std::string content;
    std::string gzip;  // empty when there is no precompressed sibling
    std::string type;
    std::string etag;
    std::string cache_control;
  };
  Response Reply(const File& f, const Request& req) const;
  std::unordered_map<std::string, File> files_;
  std::string csp_;
};

}  // namespace jiceng::http
