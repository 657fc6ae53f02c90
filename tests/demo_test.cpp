// The demo reads like real data: the new sector's names are names a party worker would
// recognise (no place named twice, no "（2）" counters, unique among their siblings, valid
// for the registry), and minutes and study materials do not repeat the same sentences.
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "api_fixture.h"
#include "demo/demo_centers.h"
#include "demo/demo_meetings.h"
#include "demo/demo_members.h"
#include "demo/demo_sector.h"
#include "demo/demo_text.h"
#include "demo/demo_tree.h"
#include "demo/divisions.h"
#include "domain/orgs.h"
#include "platform/geo.h"
#include "service/org_service.h"
#include "store/center_repo.h"
#include "store/db.h"

namespace jiceng::testing {
namespace {

bool EndsWith(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The characters of a UTF-8 string, each as its own string.
std::vector<std::string> Chars(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

size_t Occurrences(const std::string& text, const std::string& token) {
  size_t n = 0;
  for (size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + 1)) ++n;
  return n;
}

// Shenzhen's place names of two or more characters, as the NBS lists them without their
// level ("南山", "粤海", "大塘龙", "鹅埠"), and the city's own.
std::set<std::string> PlaceTokens() {
  auto sz = divisions::LoadShenzhen(kDivisions);
  EXPECT_TRUE(sz);
  std::set<std::string> out = {"深圳", "大鹏", "深汕"};
  auto add = [&](std::string name) {
    for (std::string_view tail : {"街道", "社区", "新区", "区", "镇", "村"})
      if (EndsWith(name, tail) && name.size() > tail.size()) {
        name.resize(name.size() - tail.size());
        break;
      }
    if (Chars(name).size() >= 2) out.insert(name);
  };
  for (const auto& d : sz->districts) add(d.name);
  for (const auto& s : sz->streets) add(s.name);
  for (const auto& t : sz->towns) add(t.name);
  for (const auto& c : sz->communities) add(c.name);
  for (const auto& v : sz->villages) add(v.name);
  return out;
}

// What a generated name must never show: a place named twice, a "（2）" counter, the same
// two or three characters twice in a row ("蛇口蛇口").
void ExpectReadsLikeAName(const std::string& name, const std::set<std::string>& places) {
  auto chars = Chars(name);
  // A counter: digits (ASCII or full-width) in brackets.
  for (size_t i = 0; i < chars.size(); ++i) {
    if (chars[i] != "（" && chars[i] != "(") continue;
    size_t j = i + 1;
    while (j < chars.size() && (std::isdigit(static_cast<unsigned char>(chars[j][0])) ||
                                (chars[j] >= "０" && chars[j] <= "９" && chars[j].size() == 3)))
      ++j;
    EXPECT_FALSE(j > i + 1 && j < chars.size() && (chars[j] == "）" || chars[j] == ")")) << name;
  }
  for (const auto& place : places)
    EXPECT_LE(Occurrences(name, place), 1u) << name << " / " << place;
  for (size_t width = 2; width <= 3; ++width)
    for (size_t i = 0; i + 2 * width <= chars.size(); ++i) {
      bool twice = true;
      for (size_t k = 0; k < width && twice; ++k) twice = chars[i + k] == chars[i + width + k];
      EXPECT_FALSE(twice) << name;
    }
}

// The sentences of a text (split at 。 and ；).
std::set<std::string> Sentences(const std::string& text) {
  std::set<std::string> out;
  size_t start = 0;
  auto cut = [&](size_t end) {
    if (end > start) out.insert(text.substr(start, end - start));
  };
  for (size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "。") == 0 || text.compare(i, 3, "；") == 0) {
      cut(i);
      i += 3;
      start = i;
    } else {
      ++i;
    }
  }
  cut(text.size());
  return out;
}

// The largest share of `texts` one sentence occurs in, and that sentence.
std::pair<double, std::string> MostRepeated(const std::vector<std::string>& texts) {
  std::map<std::string, int> seen;
  for (const auto& t : texts)
    for (const auto& s : Sentences(t)) ++seen[s];
  std::pair<double, std::string> top{0, ""};
  for (const auto& [s, n] : seen)
    if (n > top.first * static_cast<double>(texts.size()))
      top = {static_cast<double>(n) / static_cast<double>(texts.size()), s};
  return top;
}

// How many sentences two texts share.
int InCommon(const std::string& a, const std::string& b) {
  auto x = Sentences(a), y = Sentences(b);
  int n = 0;
  for (const auto& s : x) n += static_cast<int>(y.count(s));
  return n;
}

class DemoDataTest : public ApiTest {
 protected:
  void Seed(int members) {
    auto& ctx = runtime_->context();
    ASSERT_TRUE(orgs::SeedDemoDivisions(ctx, root_, kDivisions));
    auto plan = demo::PlanFor("small");
    ASSERT_TRUE(plan);
    auto sector = demo::SeedSector(ctx, *plan, 7);
    ASSERT_TRUE(sector) << sector.error().message;
    ASSERT_TRUE(members::SeedDemoMembers(ctx, members, 7));
  }
};
JICENG_API_TEST_SUITE(DemoDataTest);

// The new sector's organizations and units: enterprises, parks, buildings, associations,
// their party organizations and branches.
TEST_P(DemoDataTest, GeneratedNamesReadLikeRealOnes) {
  Seed(300);
  const auto places = PlaceTokens();
  ASSERT_GT(places.size(), 700u);
  auto tree = runtime_->context().orgs.snapshot();
  const std::set<std::string> sector_kinds = {"park",        "building",   "industry",
                                              "association", "enterprise", "joint_branch"};
  // Organizations of the new sector and what stands under them.
  auto in_sector = [&](const index::OrgNode& n) {
    for (const auto* up : tree->Chain(n.id))
      if (sector_kinds.count(up->kind)) return true;
    return false;
  };
  std::map<int64_t, std::set<std::string>> siblings;
  int sector_orgs = 0;
  for (const auto& n : tree->nodes) {
    // Every name of the tree is one the registry accepts, nested as the party nests them,
    // and unique among its siblings.
    EXPECT_TRUE(domain::ValidateOrgName(n.name)) << n.name;
    if (const auto* up = tree->Find(n.parent_id)) {
      EXPECT_TRUE(
          domain::CheckNesting(domain::ParseOrgKind(up->kind), *domain::ParseOrgKind(n.kind)))
          << up->name << " > " << n.name;
    }
    EXPECT_TRUE(siblings[n.parent_id].insert(n.name).second)
        << "twice under one parent: " << n.name;
    if (n.kind == "group") {
      // 第一党小组, 第二党小组… in Chinese numerals.
      auto chars = Chars(n.name);
      bool numeral = chars.size() >= 5 && chars.front() == "第" && EndsWith(n.name, "党小组");
      for (size_t i = 1; numeral && i + 3 < chars.size(); ++i)
        numeral = std::string_view("一二三四五六七八九十").find(chars[i]) != std::string_view::npos;
      EXPECT_TRUE(numeral) << n.name;
      continue;
    }
    if (!in_sector(n)) continue;
    ++sector_orgs;
    ExpectReadsLikeAName(n.name, places);
    EXPECT_EQ(n.name.rfind("中共", 0), 0u) << n.name;
    EXPECT_TRUE(EndsWith(n.name, "委员会")) << n.name;
  }
  EXPECT_GT(sector_orgs, 900);

  // Units: every name once in the city, read as a name; companies in a company's form.
  auto units = runtime_->db().Read([](store::Tx& tx) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : tx.Fetch({"test_demo_units", "SELECT name, type FROM units"}))
      out.emplace_back(r.Text(0), r.Text(1));
    return out;
  });
  ASSERT_GT(units.size(), 900u);
  std::set<std::string> unit_names;
  std::set<std::string> forms;
  for (const auto& [name, type] : units) {
    EXPECT_TRUE(unit_names.insert(name).second) << "twice: " << name;
    ExpectReadsLikeAName(name, places);
    if (type == "enterprise" || type == "internet") {
      bool company = false;
      for (std::string_view form :
           {"股份有限公司", "集团有限公司", "有限责任公司", "（深圳）有限公司", "有限公司"})
        if (EndsWith(name, form)) {
          company = true;
          forms.insert(std::string(form));
          break;
        }
      EXPECT_TRUE(company) << name;
    }
    if (type == "social_org") {
      bool association = false;
      for (std::string_view form : {"协会", "商会", "促进会", "联合会", "学会", "慈善会"})
        association = association || EndsWith(name, form);
      EXPECT_TRUE(association) << name;
    }
  }
  EXPECT_GE(forms.size(), 4u);  // not one form for every company
}

// Minutes are composed for their meeting: no sentence recurs in more than 3 % of them (the
// former fixed phrases each stood in about a quarter of all minutes), two meetings of one
// organization never read alike, the host is a member present, and the study library's
// materials differ in title and body.
TEST_P(DemoDataTest, MinutesAndMaterialsDoNotRepeatThemselves) {
  // The text is composed before it is stored, the same for either store; the other demo
  // tests seed PostgreSQL. (This one seeds 1,200 meetings: seconds under the sanitizers.)
  if (GetParam() == std::string("postgres"))
    GTEST_SKIP() << "the text does not depend on the store";
  Seed(2000);
  auto& ctx = runtime_->context();
  auto life = meetings::SeedDemoMeetings(ctx, 1, 1200, 7);
  ASSERT_TRUE(life) << life.error().message;
  struct Minutes {
    int64_t id, org;
    std::string type, host, text;
  };
  auto [minutes, hosts_present, with_roster, bodies,
        titles] = runtime_->db().Read([](store::Tx& tx) {
    std::vector<Minutes> m;
    for (const auto& r : tx.Fetch({"test_demo_minutes",
                                   "SELECT id, org_id, type, host, minutes FROM meetings WHERE "
                                   "minutes IS NOT NULL ORDER BY id"}))
      m.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4)});
    // Meetings with a roster: is the host one of the members present?
    auto present = tx.FetchOne(
        {"test_demo_hosts",
         "SELECT COUNT(*) FROM meetings m WHERE EXISTS (SELECT 1 FROM meeting_attendance a JOIN "
         "members p ON p.id = a.member_id WHERE a.meeting_id = m.id AND a.status = 'present' AND "
         "p.name = m.host)"});
    auto rostered = tx.FetchOne(
        {"test_demo_rostered",
         "SELECT COUNT(*) FROM meetings m WHERE EXISTS (SELECT 1 FROM meeting_attendance a WHERE "
         "a.meeting_id = m.id AND a.status = 'present')"});
    std::vector<std::string> b, t;
    for (const auto& r : tx.Fetch({"test_demo_materials", "SELECT title, body FROM materials"})) {
      t.push_back(r.Text(0));
      b.push_back(r.Text(1));
    }
    return std::make_tuple(m, present->Int(0), rostered->Int(0), b, t);
  });
  ASSERT_GE(minutes.size(), 1000u);
  std::vector<std::string> texts;
  std::map<int64_t, std::vector<const Minutes*>> by_org;
  std::set<std::string> types;
  for (const auto& m : minutes) {
    texts.push_back(m.text);
    by_org[m.org].push_back(&m);
    types.insert(m.type);
    // The host is named in the minutes, and is a person, not a role.
    EXPECT_NE(m.text.find(m.host), std::string::npos) << m.text;
    EXPECT_NE(m.host, "支部书记");
  }
  EXPECT_GE(types.size(), 4u);
  auto [share, sentence] = MostRepeated(texts);
  EXPECT_LE(share, 0.03) << sentence;
  for (const auto& [org, list] : by_org)
    for (size_t i = 0; i < list.size(); ++i)
      for (size_t j = i + 1; j < list.size(); ++j)
        EXPECT_LE(InCommon(list[i]->text, list[j]->text), 1) << list[i]->text << "\n"
                                                             << list[j]->text;
  // Wherever members attended, one of them hosted.
  EXPECT_GT(with_roster, 0);
  EXPECT_EQ(hosts_present, with_roster);

  ASSERT_EQ(bodies.size(), 1000u);
  EXPECT_EQ(std::set<std::string>(bodies.begin(), bodies.end()).size(), bodies.size());
  EXPECT_EQ(std::set<std::string>(titles.begin(), titles.end()).size(), titles.size());
  for (const auto& t : titles) EXPECT_EQ(t.find("（第"), std::string::npos) << t;
  auto [body_share, body_sentence] = MostRepeated(bodies);
  EXPECT_LE(body_share, 0.03) << body_sentence;
}

// The same seed gives the same texts; another seed other texts.
TEST(DemoText, TheSameSeedGivesTheSameMinutesAndMaterials) {
  demo::MeetingFacts f;
  f.type = domain::MeetingType::kLifeMeeting;
  f.org = demo::ShortOrgName("中共粤海街道大塘龙社区第一支部委员会");
  EXPECT_EQ(f.org, "粤海街道大塘龙社区第一支部");
  EXPECT_EQ(demo::ShortOrgName("中共深圳市南山区粤海街道工作委员会"), "深圳市南山区粤海街道党工委");
  f.place = "粤海街道大塘龙社区";
  f.period = "2025年3月";
  f.present = {"王建国", "李芳", "陈思远"};
  f.host = f.present[0];
  f.recorder = f.present[1];
  f.expected = 4;
  f.attended = 3;
  f.material = "党建引领城中村治理案例：城中村综合治理";
  auto minutes = [&](uint64_t seed) {
    std::mt19937_64 rng(seed);
    return demo::Minutes(rng, f);
  };
  EXPECT_EQ(minutes(7), minutes(7));
  EXPECT_NE(minutes(7), minutes(8));
  EXPECT_NE(minutes(7).find("王建国"), std::string::npos);
  const std::string text = minutes(7);
  bool counted = false;  // the opening gives the attendance
  for (const char* said : {"实到3人", "实到3名", "实到党员3名"})
    counted = counted || text.find(said) != std::string::npos;
  EXPECT_TRUE(counted) << text;
  auto library = [](uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::string> out;
    for (auto& m : demo::StudyLibrary(rng, 50, 2024, 2025, {"深圳市南山区粤海街道"}))
      out.push_back(m.title + m.body);
    return out;
  };
  // A branch's year: twelve member meetings and twelve group meetings by the same people
  // never read alike (at most one sentence in common).
  std::vector<std::string> year;
  std::mt19937_64 rng(11);
  for (int month = 1; month <= 12; ++month)
    for (auto type : {domain::MeetingType::kMemberMeeting, domain::MeetingType::kGroupMeeting}) {
      f.type = type;
      f.period = "2025年" + std::to_string(month) + "月";
      year.push_back(demo::Minutes(rng, f));
    }
  for (size_t i = 0; i < year.size(); ++i)
    for (size_t j = i + 1; j < year.size(); ++j)
      EXPECT_LE(InCommon(year[i], year[j]), 1) << year[i] << "\n" << year[j];

  EXPECT_EQ(library(7), library(7));
  EXPECT_NE(library(7), library(8));
}

}  // namespace
}  // namespace jiceng::testing

namespace jiceng::testing {
namespace {

// `jiceng demo`'s service centers: the city's proportions over the whole tree, each where
// its street is, open by a plan, offering the catalog.
TEST_P(DemoDataTest, EveryStreetAndCommunityHasAServiceCenterNearby) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "the seed does not depend on the store";
  Seed(0);
  auto& ctx = runtime_->context();
  auto seeded = centers::SeedDemoCenters(ctx, 7);
  ASSERT_TRUE(seeded) << seeded.error().message;
  EXPECT_GE(seeded->centers, 1050);
  EXPECT_EQ(seeded->services, 17);
  EXPECT_TRUE(centers::SeedDemoCenters(ctx, 7)->skipped);  // idempotent

  auto all = Get("/api/centers?size=200").Json();
  EXPECT_EQ(all["total"], seeded->centers);
  const auto tree = ctx.orgs.snapshot();
  int streets = 0, communities = 0;
  for (const auto& n : tree->nodes) {
    if (n.kind != "street" && n.kind != "town" && n.kind != "community") continue;
    (n.kind == "community" ? communities : streets)++;
    auto mine = Get("/api/centers?size=5&org=" + std::to_string(n.id) +
                    "&level=" + (n.kind == "community" ? "community" : "street"))
                    .Json();
    ASSERT_GE(mine["total"].get<int>(), 1) << n.name;
    const auto& c = mine["items"][0];
    // Named after its place, not its party committee; in Shenzhen; found nearest at its own
    // door.
    const std::string name = c["name"];
    EXPECT_EQ(name.find("中共"), std::string::npos) << name;
    EXPECT_NE(name.find("党群服务"), std::string::npos) << name;
    const double lat = c["lat"], lng = c["lng"];
    EXPECT_TRUE(lat > 22.4 && lat < 22.95 && lng > 113.75 && lng < 115.3) << name;
    if (n.kind == "community" && communities % 97 == 1) {
      char near[64];
      std::snprintf(near, sizeof near, "%.6f,%.6f", lat, lng);
      auto found = Get(std::string("/api/centers?limit=1&near=") + near).Json();
      EXPECT_EQ(found["items"][0]["distance_m"], 0) << name;
      // Its services, and a weekday's slots of one it books.
      auto detail = Get("/api/centers/" + std::to_string(c["id"].get<int64_t>())).Json();
      ASSERT_GE(detail["services"].size(), 10u) << name;
      EXPECT_GE(detail["hours"]["week"]["mon"].size(), 2u);  // and perhaps an evening
    }
  }
  EXPECT_GE(streets, 78);  // and the fixture's own
  EXPECT_GE(communities, 700);

  // Every center lies in its street's area — nearer its street's center than any other
  // street's — and so does every population point, counted to a community of that street.
  const auto stored =
      runtime_->db().Read([](store::Tx& tx) { return store::CenterRepository::Centers(tx); });
  auto street_of = [&](int64_t org) -> int64_t {
    for (const auto* up : tree->Chain(org))
      if (up->kind == "street" || up->kind == "town") return up->id;
    return 0;
  };
  std::map<int64_t, geo::LatLng> street_at;
  auto at = [](int64_t lat_e7, int64_t lng_e7) {
    return geo::LatLng{static_cast<double>(lat_e7) / 1e7, static_cast<double>(lng_e7) / 1e7};
  };
  for (const auto& c : stored)
    if (c.level == "street") street_at[c.org_id] = at(c.lat_e7, c.lng_e7);
  auto nearest_street = [&](geo::LatLng p) {
    int64_t best = 0;
    double best_m = INFINITY;
    for (const auto& [id, there] : street_at)
      if (double d = geo::DistanceMeters(p, there); d < best_m) best_m = d, best = id;
    return best;
  };
  int outside = 0;
  for (const auto& c : stored)
    if (nearest_street(at(c.lat_e7, c.lng_e7)) != street_of(c.org_id)) ++outside;
  EXPECT_EQ(outside, 0);
  auto people = centers::SeedDemoPopulation(ctx, 7);
  ASSERT_TRUE(people) << people.error().message;
  EXPECT_GT(people->points, 10'000);
  EXPECT_NEAR(static_cast<double>(people->people), 17.8e6, 1e4);
  const auto points =
      runtime_->db().Read([](store::Tx& tx) { return store::CenterRepository::Population(tx); });
  for (const auto& p : points)
    if (nearest_street(at(p.lat_e7, p.lng_e7)) != street_of(p.org_id)) ++outside;
  EXPECT_EQ(outside, 0);
}

}  // namespace
}  // namespace jiceng::testing
