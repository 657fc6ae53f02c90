// Synthetic organizational life for the demo (demo/demo_meetings.h): materials, years of
// meetings with attendance and minutes, study records, written in batches.
#include "demo/demo_meetings.h"

#include <nlohmann/json.hpp>
#include <random>
#include <unordered_map>

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

// Phrases of real minutes and study notes; a text is a handful of them.
constexpr const char* kPhrases[] = {
    "会议传达学习了上级党委关于加强基层党建工作的部署要求",
    "支部书记领学了习近平新时代中国特色社会主义思想的重要论述",
    "大家围绕抓党建促基层治理能力提升谈体会、找差距",
    "会议研究了社区微实事项目的推进情况和资金使用",
    "讨论了发展党员工作计划，确定了入党积极分子的培养联系人",
    "通报了党费收缴情况，全体党员均已按时足额交纳",
    "会议对老旧小区加装电梯工作中群众反映的问题进行了梳理",
    "组织党员开展志愿服务，参与垃圾分类宣传和文明城市创建",
    "学习了《中国共产党支部工作条例（试行）》有关组织生活的规定",
    "围绕主题教育查摆问题，逐条制定整改措施和完成时限",
    "会议听取了党小组工作汇报，部署下一阶段学习任务",
    "研究了困难党员和老党员走访慰问名单",
    "党员结合岗位实际交流了学习心得，气氛热烈",
    "会议强调要发挥党支部战斗堡垒作用和党员先锋模范作用",
    "讨论了网格化管理和楼栋长队伍建设的具体办法",
    "部署了防汛防台风和安全生产隐患排查工作",
    "开展了批评与自我批评，互相指出问题并提出改进意见",
    "会议决定组织党员到党群服务中心开展主题党日活动",
    "学习了新修订的《中国共产党纪律处分条例》",
    "听取了社区居民议事会对停车难问题的意见建议",
    "会议要求加强对流动党员的教育管理和联系服务",
    "结合两新组织党建工作，研究了党建指导员联系企业机制",
    "对民主评议党员工作进行了动员部署，明确了评议程序",
    "会议审议了支部年度工作总结和来年工作计划",
};
constexpr const char* kMaterialTitles[] = {
    "在全国组织工作会议上的讲话",           "关于加强基层党组织建设的意见",
    "中国共产党支部工作条例（试行）",       "党建引领基层治理工作手册",
    "关于新时代党的组织路线的学习辅导",     "中国共产党纪律处分条例",
    "关于加强和改进流动党员管理工作的通知", "党员教育管理工作条例",
    "深圳市社区党建标准化建设指引",         "学习贯彻党的二十大精神辅导读本",
};

// Local date → the UTC milliseconds of 19:30 that evening in Shanghai.
int64_t EveningUtcMs(int y, int m, int d) {
  return DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86'400'000 +
         (19 * 60 + 30) * 60'000 - 8 * 3'600'000;
}

std::string Text(std::mt19937_64& rng, int min_phrases, int max_phrases) {
  std::uniform_int_distribution<int> count(min_phrases, max_phrases);
  std::uniform_int_distribution<size_t> pick(0, std::size(kPhrases) - 1);
  std::string out;
  for (int i = count(rng); i > 0; --i)
    out += std::string(kPhrases[pick(rng)]) + (i > 1 ? "；" : "。");
  return out;
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

  // Up to 15 members per organization (a group's are its branch's).
  std::unordered_map<int64_t, std::vector<int64_t>> members;
  ctx.db.Read([&](store::Tx& tx) {
    for (const auto& r : tx.Fetch({"demo_meeting_members",
                                   "SELECT org_id, id FROM members WHERE status IN ('full', "
                                   "'probationary') ORDER BY org_id, id"})) {
      auto& list = members[r.Int(0)];
      if (list.size() < kAttendeesPerMeeting) list.push_back(r.Int(1));
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
  {
    int64_t now = ctx.clock.NowMs();
    for (int i = 0; i < kMaterials; ++i) {
      store::MaterialRecord m;
      m.title = std::string(kMaterialTitles[i % std::size(kMaterialTitles)]) + "（第" +
                std::to_string(i / std::size(kMaterialTitles) + 1) + "章）";
      m.source = "演示资料";
      m.published_on = std::to_string(this_year - years + 1 + i % years) + "-0" +
                       std::to_string(1 + i % 9) + "-15";
      m.body = Text(rng, 12, 24);
      m.tags_json = nlohmann::json({i % 2 ? "党建" : "基层治理", "演示"}).dump();
      m.created_at = now;
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
    out.materials = kMaterials;
    out.documents = kMaterials;
    next_id =
        tx.FetchOne({"max_meeting_id", "SELECT COALESCE(MAX(id), 0) FROM meetings"})->Int(0) + 1;
    return {};
  }));
  std::unordered_map<int64_t, std::optional<int64_t>> region;
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
        std::string text = minutes_every && i % minutes_every == 0 ? Text(rng, 4, 9) : "";
        meeting_rows.push_back(
            {id,
             p.org_id,
             store::Opt(r->second),
             std::string(domain::MeetingTypeCode(p.rule->type)),
             std::string(domain::MeetingTypeName(p.rule->type)) + "（" + p.label + "）",
             p.held_at,
             p.held_on,
             std::string("党群服务中心"),
             std::string("支部书记"),
             std::string("组织委员"),
             std::string("[]"),
             study ? store::Value(std::string("支部书记")) : store::Null(),
             study ? store::Value(std::string("领学原文")) : store::Null(),
             text.empty() ? store::Null() : store::Value(text),
             store::Null(),
             std::string("confirmed"),
             p.held_at,
             p.held_at,
             p.held_at,
             int64_t{1}});
        const int64_t material = study ? materials[rng() % materials.size()] : 0;
        if (study) material_rows.push_back({id, material, int64_t{0}});
        auto m = members.find(node->kind == "group" ? node->parent_id : p.org_id);
        if (m != members.end())
          for (int64_t member : m->second) {
            double x = chance(rng);
            bool absent = member % 101 == 0 || x > 0.95;
            bool excused = !absent && x > 0.88;
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
                 excused ? store::Value(std::string("因公出差")) : store::Null()});
          }
        if (!text.empty()) {
          store::MeetingRecord rec;
          rec.id = id;
          rec.org_id = p.org_id;
          rec.title = std::get<std::string>(meeting_rows.back()[4]);
          rec.held_on = p.held_on;
          rec.minutes = text;
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
