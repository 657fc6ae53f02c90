#include "store/audit_repo.h"

#include "store/scope_sql.h"

namespace jiceng::store {
namespace {

#define AUDIT_COLUMNS                                                                 \
  "a.id, a.at, a.actor_id, a.actor_name, a.action, a.entity, a.entity_id, a.org_id, " \
  "a.before_json, a.after_json, a.request_id, a.prev_hash, a.hash "

// PostgreSQL: a transaction-scoped advisory lock makes appenders take turns, so two
// transactions never chain onto the same predecessor. SQLite has one writer already.
const Query kLockChain{"lock_audit_chain", "SELECT pg_advisory_xact_lock(7470002)"};
const Query kSelectLast{"select_last_audit",
                        "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"};
const Query kInsertAudit{"insert_audit",
                         "INSERT INTO audit_log (id, at, actor_id, actor_name, action, entity, "
                         "entity_id, org_id, before_json, after_json, request_id, prev_hash, "
                         "hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"};
const Query kSelectKeyedFrom{"select_audit_keyed_from",
                             "SELECT keyed_from FROM audit_chain WHERE id = 1"};
const Query kSelectBatch{"select_audit_batch",
                         "SELECT " AUDIT_COLUMNS
                         "FROM audit_log a WHERE a.id > ?1 ORDER BY a.id LIMIT 1000"};

// Where an audit target's name lives, per entity type. Reads across owners, on purpose
// (docs/ARCHITECTURE.md): the page's targets are named in one query, not one call per row.
struct TargetSource {
  const char* entity;
  const char* from;  // tables, with the alias of the id and name columns
  const char* id;
  const char* name;
};
constexpr TargetSource kTargetSources[] = {
    {"org", "orgs x", "x.id", "x.name"},
    {"member", "members x", "x.id", "x.name"},
    {"user", "users x", "x.id", "x.username"},
    {"session", "sessions x JOIN users u ON u.id = x.user_id", "x.id", "u.username"},
    {"grant", "grants x JOIN users u ON u.id = x.user_id", "x.id", "u.username"},
    {"api_token", "api_tokens x", "x.id", "x.name"},
    {"unit", "units x", "x.id", "x.name"},
    {"transfer", "member_transfers x JOIN members m ON m.id = x.member_id", "x.id", "m.name"},
    {"meeting", "meetings x", "x.id", "x.title"},
    {"material", "materials x", "x.id", "x.title"},
};

Value OptText(const std::optional<std::string>& s) { return s ? Value(*s) : Value(nullptr); }

domain::AuditEntry ToEntry(const Row& r) {
  domain::AuditEntry e;
  e.id = r.Int(0);
  e.at_ms = r.Int(1);
  e.actor_id = r.OptInt(2);
  e.actor_name = r.Text(3);
  e.action = r.Text(4);
  e.entity = r.Text(5);
  e.entity_id = r.OptInt(6);
  e.org_id = r.OptInt(7);
  e.before_json = r.OptText(8);
  e.after_json = r.OptText(9);
  e.request_id = r.Text(10);
  e.prev_hash = r.Text(11);
  e.hash = r.Text(12);
  return e;
}

std::string Where(const AuditFilter& f, Params& params, Dialect dialect) {
  std::string where = " FROM audit_log a LEFT JOIN orgs o ON o.id = a.org_id WHERE (" +
                      PathPrefixClause("o.path", f.path_prefixes, params, dialect);
  if (f.include_orgless) where += " OR a.org_id IS NULL";
  where += ")";
  if (f.from_ms) {
    params.push_back(*f.from_ms);
    where += " AND a.at >= ?" + std::to_string(params.size());
  }
  if (f.to_ms) {
    params.push_back(*f.to_ms);
    where += " AND a.at < ?" + std::to_string(params.size());
  }
  if (f.actor_id) {
    params.push_back(*f.actor_id);
    where += " AND a.actor_id = ?" + std::to_string(params.size());
  }
  if (!f.action.empty()) {
    bool prefix = f.action.back() == '.';
    params.push_back(prefix ? EscapeLike(f.action) + "%" : f.action);
    where += prefix ? " AND a.action LIKE ?" + std::to_string(params.size()) + " ESCAPE '\\'"
                    : " AND a.action = ?" + std::to_string(params.size());
  }
  if (!f.words.empty()) {
    std::string any;
    if (!f.actions_in.empty()) {
      any = "a.action IN (";
      for (size_t i = 0; i < f.actions_in.size(); ++i) {
        params.push_back(f.actions_in[i]);
        any += (i ? ", ?" : "?") + std::to_string(params.size());
      }
      any += ")";
    }
    params.push_back("%" + EscapeLike(f.words) + "%");
    std::string like = "?" + std::to_string(params.size());
    for (const auto& t : kTargetSources) {
      if (!any.empty()) any += " OR ";
      any += std::string("(a.entity = '") + t.entity + "' AND a.entity_id IN (SELECT " + t.id +
             " FROM " + t.from + " WHERE LOWER(" + t.name + ") LIKE LOWER(CAST(" + like +
             " AS TEXT)" + ") ESCAPE '\\'))";
    }
    where += " AND (" + any + ")";
  }
  return where;
}

}  // namespace

domain::AuditEntry AuditRepository::Append(Tx& tx, domain::AuditEntry e,
                                           const domain::AuditKeyBytes& key) {
  if (tx.dialect() == Dialect::kPostgres) tx.Fetch(kLockChain);
  auto last = tx.FetchOne(kSelectLast);
  e.id = last ? last->Int(0) + 1 : 1;
  e.prev_hash = last ? last->Text(1) : domain::kAuditGenesisHash;
  e.hash = domain::ComputeAuditMac(e, key);
  tx.Exec(kInsertAudit, {e.id, e.at_ms, Opt(e.actor_id), e.actor_name, e.action, e.entity,
                         Opt(e.entity_id), Opt(e.org_id), OptText(e.before_json),
                         OptText(e.after_json), e.request_id, e.prev_hash, e.hash});
  return e;
}

int64_t AuditRepository::KeyedFrom(Tx& tx) {
  auto row = tx.FetchOne(kSelectKeyedFrom);
  if (!row) throw StoreError(StoreError::Kind::kOther, "audit_chain has no row (migration 0018)");
  return row->Int(0);
}

std::pair<int64_t, std::string> AuditRepository::Head(Tx& tx) {
  auto last = tx.FetchOne(kSelectLast);
  if (!last) return {0, domain::kAuditGenesisHash};
  return {last->Int(0), last->Text(1)};
}

std::vector<domain::AuditEntry> AuditRepository::List(Tx& tx, const AuditFilter& f) {
  Params params;
  std::string sql = "SELECT " AUDIT_COLUMNS + Where(f, params, tx.dialect());
  sql += " ORDER BY a.id DESC" + PageClause(f.limit, f.offset, params);
  std::vector<domain::AuditEntry> out;
  for (const auto& r : tx.Fetch({"list_audit", sql.c_str()}, params)) out.push_back(ToEntry(r));
  return out;
}

int64_t AuditRepository::Count(Tx& tx, const AuditFilter& f) {
  Params params;
  std::string sql = "SELECT COUNT(*)" + Where(f, params, tx.dialect());
  return tx.FetchOne({"count_audit", sql.c_str()}, params)->Int(0);
}

std::map<std::pair<std::string, int64_t>, std::string> AuditRepository::TargetNames(
    Tx& tx, const std::vector<std::pair<std::string, int64_t>>& targets) {
  std::map<std::pair<std::string, int64_t>, std::string> out;
  Params params;
  std::string sql;
  for (const auto& t : kTargetSources) {
    std::vector<int64_t> ids;
    for (const auto& [entity, id] : targets)
      if (entity == t.entity) ids.push_back(id);
    if (ids.empty()) continue;
    if (!sql.empty()) sql += " UNION ALL ";
    sql += std::string("SELECT CAST('") + t.entity + "' AS TEXT), " + t.id + ", " + t.name +
           " FROM " + t.from + " WHERE " + IdListClause(t.id, ids, params, tx.dialect());
  }
  if (sql.empty()) return out;
  for (const auto& r : tx.Fetch({"audit_target_names", sql.c_str()}, params))
    out[{r.Text(0), r.Int(1)}] = r.Text(2);
  return out;
}

void AuditRepository::ForEach(Tx& tx, const std::function<bool(const domain::AuditEntry&)>& fn) {
  int64_t after = 0;
  for (;;) {
    auto rows = tx.Fetch(kSelectBatch, {after});
    if (rows.empty()) return;
    for (const auto& r : rows) {
      auto e = ToEntry(r);
      after = e.id;
      if (!fn(e)) return;
    }
  }
}

}  // namespace jiceng::store
