// SQL for full-text search over study materials and meeting minutes: one document per
// material or meeting, its tokens from platform/chinese_text.h in an FTS5 table (SQLite) or
// a weighted tsvector (PostgreSQL).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "platform/chinese_text.h"
#include "store/db.h"
#include "store/material_repo.h"
#include "store/meeting_repo.h"
#include "store/scope_sql.h"

namespace jiceng::store {

struct SearchDoc {
  std::string kind;  // material | minutes
  int64_t ref_id = 0;
  std::optional<int64_t> org_id;  // minutes only
  std::string title;
  std::string tags_json = "[]";
  std::string dated;
  std::string body;
  text::Tokens tokens;
};

struct SearchFilter {
  const text::Query* query = nullptr;
  std::string kind;  // empty: both
  std::string tag;
  std::string from, to;  // dates, inclusive
  // Minutes are found only under these organizations (materials everywhere) …
  std::vector<int64_t> scope_roots;
  bool everything = false;  // … unless the scope is the whole tree
  int64_t limit = 20, offset = 0;
};

struct SearchHit {
  std::string kind;
  int64_t ref_id = 0;
  std::optional<int64_t> org_id;
  std::string title, tags_json, dated;
  std::string body;   // its analyzed part: what a snippet may show a hit in
  int64_t score = 0;  // higher is better; the store's rank × 10^6
};

// What the index holds of a material: title, source and body (the title also by pinyin).
SearchDoc MaterialDoc(const MaterialRecord& m);
// Of a meeting: its title and the notes of its first agenda item, minutes and decisions,
// each as last corrected; nullopt while it has none of those texts.
std::optional<SearchDoc> MeetingDoc(const MeetingRecord& m);

struct SearchPage {
  std::vector<SearchHit> hits;
  int64_t total = 0;        // the number of hits, at most 2,000 …
  bool total_exact = true;  // … false: there are more, and `total` are the newest of them
};

class SearchRepository {
 public:
  // Adds or replaces the document of (kind, ref_id).
  static void Put(Tx& tx, const SearchDoc& doc);
  static void Remove(Tx& tx, const std::string& kind, int64_t ref_id);
  // After organizations moved: the documents under `path_prefix` (the moved organization's
  // new path) get their ancestors' facets anew.
  static void MoveFacets(Tx& tx, const std::string& path_prefix);
  // The hits, best first, and their number. A query with more than 2,000 hits ranks and
  // counts the newest 2,000 of them (pages past those are empty) and says there are more.
  static SearchPage Search(Tx& tx, const SearchFilter& f);
  // Indexes every material and meeting already stored (migration 6).
  static void Backfill(Tx& tx);
};

}  // namespace jiceng::store
