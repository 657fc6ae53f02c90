#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "platform/crypto.h"

namespace jiceng::http {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string TypeOf(const std::string& ext) {
  static const std::unordered_map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
  };
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool AcceptsGzip(const Request& req) {
  const std::string* ae = req.Header("accept-encoding");
  return ae && ae->find("gzip") != std::string::npos;
}

}  // namespace

size_t StaticFiles::Load(const std::string& dir, const std::string& img_origins) {
  files_.clear();
  csp_ = "default-src 'self'; img-src 'self' data: blob:" +
         (img_origins.empty() ? std::string() : " " + img_origins) +
         "; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() == ".gz") continue;
    std::string rel(1, '/');
    rel += fs::relative(entry.path(), dir).generic_string();
    File f;
    f.content = ReadAll(entry.path());
    fs::path gz = entry.path();
    gz += ".gz";
    if (fs::exists(gz)) f.gzip = ReadAll(gz);
    f.type = TypeOf(entry.path().extension().string());
    f.etag.assign(1, '"').append(crypto::Sha256Hex(f.content), 0, 32).push_back('"');
    // Vite puts content-hashed bundles under /assets/: safe to cache for a year.
    f.cache_control =
        rel.rfind("/assets/", 0) == 0 ? "public, max-age=31536000, immutable" : "no-cache";
    files_.emplace(std::move(rel), std::move(f));
  }
  return files_.size();
}

Response StaticFiles::Reply(const File& f, const Request& req) const {
  Response r;
  r.content_type = f.type;
  r.SetHeader("ETag", f.etag);
  r.SetHeader("Cache-Control", f.cache_control);
  r.SetHeader("Vary", "Accept-Encoding");
  r.SetHeader("X-Content-Type-Options", "nosniff");
  if (f.type.rfind("text/html", 0) == 0) {
    r.SetHeader("Content-Security-Policy", csp_);
    r.SetHeader("X-Frame-Options", "DENY");
  }
  if (const std::string* inm = req.Header("if-none-match"); inm && *inm == f.etag) {
    r.status = 304;
    return r;
  }
  if (!f.gzip.empty() && AcceptsGzip(req)) {
    r.SetHeader("Content-Encoding", "gzip");
    r.body = f.gzip;
  } else {
    r.body = f.content;
  }
  return r;
}

std::optional<Response> StaticFiles::Serve(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  std::string path = req.path == "/" ? "/index.html" : req.path;
  if (auto it = files_.find(path); it != files_.end()) return Reply(it->second, req);
  // SPA fallback for client-side routes: no extension in the last segment. The residents'
  // mobile web (/m, /m/…) is a second app with its own entry, m/index.html.
  auto slash = path.rfind('/');
  if (path.find('.', slash) == std::string::npos) {
    const bool mobile = path == "/m" || path.rfind("/m/", 0) == 0;
    if (auto it = files_.find(mobile ? "/m/index.html" : "/index.html"); it != files_.end())
      return Reply(it->second, req);
  }
  return std::nullopt;
}

}  // namespace jiceng::http
