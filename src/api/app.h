// The api layer's entry point: implements http::Handler over the route table. Owns the
// cross-cutting request rules in one place: path hygiene, cross-site request refusal,
// authentication, the Error → HTTP mapping, and the fast/blocking split.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/server.h"

namespace jiceng {
struct Error;
namespace http {
class StaticFiles;
}
namespace api {

struct Services;
struct RouteDef;

class App final : public http::Handler {
 public:
  // `routes` is immutable and may be shared by several apps in one process (api::RoutesOf
  // builds the product's table once).
  App(Services& services, const http::StaticFiles& static_files,
      std::shared_ptr<const std::vector<RouteDef>> routes);
  ~App() override;

  std::optional<http::Response> HandleFast(http::Request& req) override;
  http::Response HandleBlocking(http::Request& req) override;
  std::optional<http::Response> Admit(http::Request& head) override;

  // The route table as "METHOD pattern" strings (for tests that check the OpenAPI doc).
  std::vector<std::string> RouteKeys() const;
  const std::vector<RouteDef>& routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The one mapping from a domain Error to an HTTP response.
http::Response ErrorToResponse(const Error& error);

}  // namespace api
}  // namespace jiceng
