// What every sign-in route answers, shared by the password login (auth_routes.cpp) and the
// residents' one-time-code sign-in (resident_routes.cpp): the session cookie, the "who am I"
// body and its schema, and the client address throttles count against.
#pragma once

#include <string>

#include "api/json.h"
#include "api/route.h"
#include "domain/access.h"

namespace jiceng::api {

// "jiceng_session=<token>; Path=/; HttpOnly; SameSite=Strict" (+ Secure when configured).
std::string SessionCookie(const Call& c, const std::string& token);
// The body of GET /api/auth/me for `p`.
json MeJson(const Call& c, const domain::Principal& p);
// Its schema (the OpenAPI component "Me").
json MeSchema();
// The peer, or — only when configured to trust a proxy — the last X-Forwarded-For entry.
std::string ClientAddress(const Call& c);

}  // namespace jiceng::api
