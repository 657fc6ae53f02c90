// Synthetic organizational life for the demo (demo/demo_meetings.h): materials, years of
// meetings with attendance and minutes, study records, written in batches.
#include "demo/demo_meetings.h"

#include <nlohmann/json.hpp>
#include <random>
#include <unordered_map>

#include "demo/demo_text.h"
#include "domain/meetings.h"
#include "domain/orgs.h"
#include "index/facts.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "service/facts_service.h"
#include "store/db.h"
#include "store/meeting_repo.h"
#include "store/search_repo.h"

namespace jiceng::meetings {
namespace {

constexpr size_t kAttendeesPerMeeting = 15;
constexpr size_t kChunk = 20000;     // meetings per InsertRows batch
constexpr double kReadAgain = 0.03;  // of present members at a study session
constexpr int kMaterials = 1000;
constexpr std::string_view kExcuses[] = {"因公出差", "身体不适", "家中有事",    "外出培训",
                                         "单位值班", "陪护家人", "参加上级会议"};

// Committees hold their meetings without a roster of members: their secretary, recorder
// and members present are people named for the organization (the same names every time).
constexpr std::string_view kSurnames =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
    "吕";
constexpr std::string_view kGiven =
    "伟芳敏静丽强磊军洋勇艳杰涛明超秀霞平刚华红建国文辉鹏飞玲燕波宁海峰志斌晶雪梅琳婷浩宇欣怡";

std::vector<std::string> CommitteeOf(int64_t org_id, uint64_t seed) {
  std::mt19937_64 rng(seed ^ (static_cast<uint64_t>(org_id) * 0x9e3779b97f4a7c15ULL));
  auto pick = [&](std::string_view chars) {
    return std::string(chars.substr((rng() % (chars.size() / 3)) * 3, 3));
  };
  std::vector<std::string> out(5 + rng() % 4);
  for (auto& name : out) {
    name = pick(kSurnames) + pick(kGiven);
    if (rng() % 3) name += pick(kGiven);
  }
  return out;
}

// The place an organization works in, as its minutes name it: its community, park,
// building, street or district ("粤海街道大塘龙社区", "深圳市粤海科技园").
std::string PlaceOf(const index::OrgTree::Snapshot& tree, int64_t org_id) {
  const auto chain = tree.Chain(org_id);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const auto& k = (*it)->kind;
    if (k == "community" || k == "village" || k == "park" || k == "building" || k == "street" ||
        k == "town" || domain::IsDistrictLevel(k)) {
      std::string s = demo::ShortOrgName((*it)->name);
      for (std::string_view tail : {"党工委", "党委"})
        if (s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0) {
          s.resize(s.size() - tail.size());
          break;
        }
      return s;
    }
  }
  return "深圳市";
}

// Local date → the UTC milliseconds of 19:30 that evening in Shanghai.
int64_t EveningUtcMs(int y, int m, int d) {
  return DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86'400'000 +
         (19 * 60 + 30) * 60'000 - 8 * 3'600'000;
}

struct Planned {
  int64_t org_id;
  int64_t held_at;
  std::string held_on;
  const domain::MeetingRule* rule;
  std::string label;
};

}  // namespace

Result<DemoMeetings> SeedDemoMeetings(const Context& ctx, int years, int64_t minutes,
                                      uint64_t seed) {
  DemoMeetings out;
  if (years <= 0) return out;
  if (ctx.db.Read([](store::Tx& tx) {
        return tx.FetchOne({"any_meeting", "SELECT 1 FROM meetings LIMIT 1"}).has_value();
      })) {
    out.skipped = true;
    return out;
  }
  std::mt19937_64 rng(seed ^ 0x6d656574696e6773ULL);
  auto tree = ctx.orgs.snapshot();
  const int64_t now_ms = ctx.clock.NowMs();
  const std::string today = domain::ShanghaiDate(now_ms);
  const int this_year = std::stoi(today.substr(0, 4));

  // Up to 15 members per organization (a group's are its branch's), with their names.
  struct Roster {
    std::vector<int64_t> ids;
    std::vector<std::string> names;
  };
  std::unordered_map<int64_t, Roster> members;
  ctx.db.Read([&](store::Tx& tx) {
    for (const auto& r : tx.Fetch({"demo_meeting_members",
                                   "SELECT org_id, id, name FROM members WHERE status IN ('full', "
                                   "'probationary') ORDER BY org_id, id"})) {
      auto& list = members[r.Int(0)];
      if (list.ids.size() < kAttendeesPerMeeting) {
        list.ids.push_back(r.Int(1));
        list.names.push_back(r.Text(2));
      }
    }
  });

  // What took place: most rhythm periods of every applicable rule, on a day inside them.
  std::uniform_real_distribution<double> chance(0, 1);
  std::vector<Planned> plan;
  for (const auto& node : tree->nodes) {
    if (node.status != "active") continue;
    for (const auto& rule : domain::DefaultMeetingRules()) {
      if (rule.org_kind != node.kind) continue;
      for (int y = this_year - years + 1; y <= this_year; ++y) {
        int periods = rule.frequency == domain::Frequency::kMonthly     ? 12
                      : rule.frequency == domain::Frequency::kQuarterly ? 4
                                                                        : 1;
        for (int p = 0; p < periods; ++p) {
          if (chance(rng) > 0.92) continue;  // missed
          int month = rule.frequency == domain::Frequency::kMonthly     ? p + 1
                      : rule.frequency == domain::Frequency::kQuarterly ? p * 3 + 1 + rng() % 3
                                                                        : 11 + rng() % 2;
          int day = 1 + static_cast<int>(rng() % 28);
          char date[16];
          std::snprintf(date, sizeof date, "%04d-%02d-%02d", y % 10000, month % 100, day % 100);
          if (date >= today) continue;
          // Only while the organization exists (founded_on … dissolved_on): the same rule
          // as every other path in (service/meeting_records.cpp, CheckLifetime).
          if (!node.founded_on.empty() && date < node.founded_on) continue;
          if (!node.dissolved_on.empty() && date > node.dissolved_on) continue;
          char label[16];
          std::snprintf(label, sizeof label, "%04d年%d月", y % 10000, month % 100);
          plan.push_back({node.id, EveningUtcMs(y, month, day), date, &rule, label});
        }
      }
    }
  }
  const size_t minutes_every = minutes > 0 ? std::max<size_t>(1, plan.size() / minutes) : 0;

  // The study library, then the meetings in batches of their own transactions: one
  // transaction of millions of rows grows SQLite's WAL to gigabytes, and every later read
  // in it crawls through the WAL index.
  std::vector<int64_t> materials;
  int64_t next_id = 0;
  std::vector<store::MaterialRecord> library;
  std::vector<std::string> titles;  // by position in `materials`
  {
    int64_t now = ctx.clock.NowMs();
    std::vector<std::string> streets;  // the places the materials speak of
    for (const auto& node : tree->nodes)
      if (node.kind == "street" || node.kind == "town") streets.push_back(PlaceOf(*tree, node.id));
    auto texts = demo::StudyLibrary(rng, kMaterials, this_year - years + 1, this_year, streets);
    for (size_t i = 0; i < texts.size(); ++i) {
      store::MaterialRecord m;
      m.title = std::move(texts[i].title);
      m.source = "演示资料";
      m.published_on = std::to_string(this_year - years + 1 + static_cast<int>(i) % years) + "-0" +
                       std::to_string(1 + i % 9) + "-15";
      m.body = std::move(texts[i].body);
      m.tags_json = nlohmann::json({texts[i].tag, "演示"}).dump();
      m.created_at = now;
      titles.push_back(m.title);
      library.push_back(std::move(m));
    }
  }
  std::vector<store::SearchDoc> library_docs;  // analyzed before the transaction
  for (const auto& m : library) library_docs.push_back(store::MaterialDoc(m));
  JICENG_CHECK(ctx.db.Write([&](store::Tx& tx) -> Status {
    for (size_t i = 0; i < library.size(); ++i) {
      library_docs[i].ref_id = store::MaterialRepository::Insert(tx, library[i]);
      store::SearchRepository::Put(tx, library_docs[i]);
      materials.push_back(library_docs[i].ref_id);
    }
    out.materials = static_cast<int64_t>(library.size());
    out.documents = static_cast<int64_t>(library.size());
    next_id =
        tx.FetchOne({"max_meeting_id", "SELECT COALESCE(MAX(id), 0) FROM meetings"})->Int(0) + 1;
    return {};
  }));
  std::unordered_map<int64_t, std::optional<int64_t>> region;
  std::unordered_map<int64_t, std::vector<std::string>> committees;  // see CommitteeOf
  std::vector<const std::string*> present;                           // of one meeting
  for (size_t start = 0; start < plan.size(); start += kChunk) {
    // The batch is made (and its minutes analyzed for search) before its transaction opens:
    // text analysis never runs inside a write transaction.
    std::vector<store::Params> meeting_rows, attendance_rows, material_rows, reading_rows;
    std::vector<store::SearchDoc> docs;
    {
      for (size_t i = start; i < std::min(plan.size(), start + kChunk); ++i) {
        const Planned& p = plan[i];
        const int64_t id = next_id++;
        const auto* node = tree->Find(p.org_id);
        auto [r, fresh] = region.try_emplace(p.org_id);
        if (fresh)
          for (const auto* n : tree->Chain(p.org_id))
            if (domain::IsDistrictLevel(n->kind)) r->second = n->id;
        const bool study =
            domain::NeedsFirstTopic(p.rule->type) && chance(rng) < 0.9 && !materials.empty();
        const bool with_minutes = minutes_every && i % minutes_every == 0;
        const size_t which = study ? rng() % materials.size() : 0;
        const int64_t material = study ? materials[which] : 0;
        if (study) material_rows.push_back({id, material, int64_t{0}});
        // Attendance first: the host, the recorder and the minutes name those present.
        demo::MeetingFacts facts;
        facts.type = p.rule->type;
        present.clear();  // names are copied only for the minutes
        auto m = members.find(node->kind == "group" ? node->parent_id : p.org_id);
        if (m != members.end()) {
          facts.expected = static_cast<int>(m->second.ids.size());
          for (size_t k = 0; k < m->second.ids.size(); ++k) {
            const int64_t member = m->second.ids[k];
            double x = chance(rng);
            bool absent = member % 101 == 0 || x > 0.95;
            bool excused = !absent && x > 0.88;
            if (!absent && !excused) present.push_back(&m->second.names[k]);
            facts.excused += excused;
            // A few present members read the material again in the following days.
            if (study && !absent && !excused && chance(rng) < kReadAgain) {
              const int64_t at =
                  p.held_at + (1 + int64_t(rng() % 5)) * 86'400'000 + int64_t(rng() % 3600) * 1000;
              if (at < now_ms)
                reading_rows.push_back({member, m->first, material, at, domain::ShanghaiDate(at),
                                        int64_t(300 + rng() % 2400), at});
            }
            attendance_rows.push_back(
                {id, member,
                 std::string(absent    ? "absent"
                             : excused ? "excused"
                                       : "present"),
                 excused ? store::Value(std::string(kExcuses[rng() % std::size(kExcuses)]))
                         : store::Null()});
          }
        }
        facts.attended = static_cast<int>(present.size());
        if (present.empty()) {
          auto [c, made] = committees.try_emplace(p.org_id);
          if (made) c->second = CommitteeOf(p.org_id, seed);
          for (const auto& name : c->second) present.push_back(&name);
        }
        facts.host = *present.front();
        facts.recorder = present.size() > 1 ? *present[1] : facts.host;
        std::string title =
            std::string(domain::MeetingTypeName(p.rule->type)) + "（" + p.label + "）";
        std::string text;
        if (with_minutes) {
          facts.org = demo::ShortOrgName(node->name);
          if (node->kind == "group")
            if (const auto* up = tree->Find(node->parent_id))
              facts.org = demo::ShortOrgName(up->name) + node->name;
          facts.place = PlaceOf(*tree, p.org_id);
          facts.period = p.label;
          if (study) facts.material = titles[which];
          for (const auto* name : present) facts.present.push_back(*name);
          text = demo::Minutes(rng, facts);
        }
        meeting_rows.push_back({id,
                                p.org_id,
                                store::Opt(r->second),
                                std::string(domain::MeetingTypeCode(p.rule->type)),
                                title,
                                p.held_at,
                                p.held_on,
                                std::string("党群服务中心"),
                                facts.host,
                                facts.recorder,
                                std::string("[]"),
                                study ? store::Value(facts.host) : store::Null(),
                                study ? store::Value(std::string("领学原文")) : store::Null(),
                                text.empty() ? store::Null() : store::Value(text),
                                store::Null(),
                                std::string("confirmed"),
                                p.held_at,
                                p.held_at,
                                p.held_at,
                                int64_t{1}});
        if (!text.empty()) {
          store::MeetingRecord rec;
          rec.id = id;
          rec.org_id = p.org_id;
          rec.title = std::move(title);
          rec.held_on = p.held_on;
          rec.minutes = std::move(text);
          if (auto doc = store::MeetingDoc(rec)) docs.push_back(std::move(*doc));
          ++out.documents;
        }
      }
    }
    JICENG_CHECK(ctx.db.Write([&](store::Tx& tx) -> Status {
      tx.InsertRows("meetings",
                    {"id",
                     "org_id",
                     "region_id",
                     "type",
                     "title",
                     "held_at",
                     "held_on",
                     "place",
                     "host",
                     "recorder",
                     "agenda",
                     "first_topic_leader",
                     "first_topic_notes",
                     "minutes",
                     "decisions",
                     "state",
                     "confirmed_at",
                     "created_at",
                     "updated_at",
                     "version"},
                    meeting_rows);
      tx.InsertRows("meeting_materials", {"meeting_id", "material_id", "position"}, material_rows);
      tx.InsertRows("meeting_attendance", {"meeting_id", "member_id", "status", "reason"},
                    attendance_rows);
      tx.InsertRows(
          "material_readings",
          {"member_id", "org_id", "material_id", "started_at", "read_on", "seconds", "updated_at"},
          reading_rows);
      for (const auto& doc : docs) store::SearchRepository::Put(tx, doc);
      out.readings += static_cast<int64_t>(reading_rows.size());
      out.meetings += static_cast<int64_t>(meeting_rows.size());
      out.attendance += static_cast<int64_t>(attendance_rows.size());
      return {};
    }));
  }
  auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
    store::MeetingRepository::RebuildAbsences(tx);
    if (tx.dialect() == store::Dialect::kPostgres)
      tx.Fetch({"meetings_sequence",
                "SELECT setval(pg_get_serial_sequence('meetings', 'id'), (SELECT MAX(id) FROM "
                "meetings))"});
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  // The facts table and index recounted once for the whole load.
  facts::Rebuild(ctx);
  return out;
}

}  // namespace jiceng::meetings
