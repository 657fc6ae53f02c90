#include "service/search_service.h"

#include <algorithm>

#include "domain/orgs.h"
#include "index/org_tree.h"
#include "platform/chinese_text.h"
#include "platform/utf8.h"
#include "service/events.h"
#include "service/material_service.h"
#include "service/meeting_service.h"
#include "service/org_registry.h"
#include "store/search_repo.h"

namespace jiceng::search {
namespace {

constexpr size_t kSnippetWidth = 120;

}  // namespace

Result<SearchPage> Find(const Context& ctx, const domain::Principal& who, const SearchInput& in) {
  JICENG_CHECK(ValidateText(in.q, "q", 100, true));
  if (!in.kind.empty() && in.kind != "material" && in.kind != "minutes")
    return BadInput("kind", "kind 只能是 material 或 minutes / kind is material or minutes");
  JICENG_CHECK(ValidateText(in.tag, "tag", 30, false));
  for (const auto* d : {&in.from, &in.to})
    if (!d->empty()) JICENG_CHECK(domain::ValidateDate(*d, d == &in.from ? "from" : "to"));
  const text::Query query = text::ParseQuery(in.q);
  if (query.Empty())
    return BadInput(
        "q", "检索词中没有可检索的文字 / the query has no letters, digits or Chinese characters");
  const auto roots = domain::ScopeRoots(who, domain::Permission::kReadOrgs);
  return ctx.db.Read([&](store::Tx& tx) {
    store::SearchFilter f;
    f.query = &query;
    f.kind = in.kind;
    f.tag = in.tag;
    f.from = in.from;
    f.to = in.to;
    f.scope_roots = roots;
    const auto tree = ctx.orgs.snapshot();
    f.everything = std::any_of(roots.begin(), roots.end(), [&](int64_t id) {
      const auto* n = tree->Find(id);
      return n && n->enter == 0 && n->exit == static_cast<int32_t>(tree->nodes.size());
    });
    f.limit = in.size;
    f.offset = (in.page - 1) * in.size;
    auto found = store::SearchRepository::Search(tx, f);
    SearchPage page;
    page.total = found.total;
    page.total_exact = found.total_exact;
    for (auto& h : found.hits) {
      auto title = text::Highlight(h.title, query);
      auto snippet = text::Highlight(h.body, query, kSnippetWidth);
      page.items.push_back({h.kind, h.ref_id, h.org_id, std::move(title.text),
                            std::move(title.marks), std::move(snippet.text),
                            std::move(snippet.marks), std::move(h.dated), std::move(h.tags_json),
                            h.score});
    }
    return page;
  });
}

namespace {

// The version of meeting `id` as stored now and its number of corrections (which append
// without a new version) — a read of the meetings module's tables, named in ARCHITECTURE.md
// "Table ownership": the index takes a text only while it is the latest.
constexpr store::Query kMeetingVersion{
    "search_meeting_version",
    "SELECT m.version, (SELECT COUNT(*) FROM meeting_corrections c WHERE c.meeting_id = m.id) "
    "FROM meetings m WHERE m.id = ?1"};

void IndexCommittedMeeting(const Context& ctx, const store::MeetingRecord& m) {
  auto doc = store::MeetingDoc(m);  // analyzed here, before the index's transaction
  auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
    auto now = tx.FetchOne(kMeetingVersion, {m.id});
    if (!now || now->Int(0) != m.version ||
        now->Int(1) != static_cast<int64_t>(m.corrections.size()))
      return {};  // a later save's event writes its text
    if (doc)
      store::SearchRepository::Put(tx, *doc);
    else
      store::SearchRepository::Remove(tx, "minutes", m.id);
    return {};
  });
  (void)done;
}

}  // namespace

void Subscribe(Context& ctx) {
  ctx.events->Subscribe<meetings::MeetingSaved>(
      "search.minutes",
      [&ctx](const meetings::MeetingSaved& e) { IndexCommittedMeeting(ctx, e.meeting); });
  ctx.events->Subscribe<materials::MaterialSaved>(
      "search.materials", [&ctx](const materials::MaterialSaved& e) {
        auto doc = store::MaterialDoc(e.material);  // analyzed before the transaction
        auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
          store::SearchRepository::Put(tx, doc);
          return {};
        });
        (void)done;
      });
  ctx.events->Subscribe<orgs::OrgMoved>("search.facets", [&ctx](const orgs::OrgMoved& e) {
    auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
      store::SearchRepository::MoveFacets(tx, e.new_path);  // minutes under the new ancestors
      return {};
    });
    (void)done;
  });
}

}  // namespace jiceng::search
