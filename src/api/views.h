// JSON shapes shared by several route files.
#pragma once

#include "api/json.h"
#include "domain/access.h"
#include "index/org_tree.h"
#include "service/account_service.h"
#include "service/org_service.h"

namespace jiceng::api {

// A grant with its organization's name (when the org is known).
json GrantJson(const domain::Grant& g, const index::OrgTree::Snapshot& tree);
json UserJson(const accounts::UserView& v, const index::OrgTree::Snapshot& tree);
json OrgJson(const orgs::OrgView& v);
// Their schemas (components Grant, User, Org) and the org kinds' enum.
json GrantSchema();
json UserSchema();
json OrgSchema();
json OrgKind();
// Times as ISO 8601 in Asia/Shanghai; null when absent.
json TimeJson(std::optional<int64_t> utc_ms);

}  // namespace jiceng::api
