// Full-text search over HTTP on both stores, with real Chinese sentences: two-character
// words, traditional characters, pinyin titles, whole-word ranking, snippets, filters,
// the minutes' scope, corrections re-indexed, and bad queries.
#include <set>

#include "api_fixture.h"
#include "store/db.h"
#include "store/search_repo.h"

namespace jiceng::testing {
namespace {

std::string Encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (isalnum(c) || c == '-' || c == '_' || c == '.') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

class SearchTest : public BranchApiTest {
 protected:
  void SetUp() override {
    BranchApiTest::SetUp();  // admin_ logged in, branch_ under street_a_
    if (IsSkipped() || HasFatalFailure()) return;
    other_ = MakeOrg(admin_, district_b_, "中共福田区机关第一支部委员会", "branch");
    int i = 0;
    for (int64_t org : {branch_, other_}) {
      auto made = Post("/api/members",
                       {{"org_id", org},
                        {"name", "党员" + std::to_string(i)},
                        {"national_id", CitizenId("4403051990010" + std::to_string(++i) + "123")},
                        {"status", "full"},
                        {"joined_on", "2015-07-01"},
                        {"shenzhen_hukou", true}},
                       admin_);
      ASSERT_EQ(made.status, 201) << made.body;
      member_of_[org] = made.Json()["id"];
    }
    studied_ = Material("习近平总书记重要讲话", "全文略。");
  }
  int64_t Material(const std::string& title, const std::string& body,
                   const json& tags = json::array(), const std::string& date = "2024-06-28") {
    auto r = Post("/api/materials",
                  {{"title", title},
                   {"source", "人民日报"},
                   {"published_on", date},
                   {"body", body},
                   {"tags", tags}},
                  admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("id", int64_t{0});
  }
  int64_t Minutes(int64_t org, const std::string& title, const std::string& minutes) {
    auto r = Post("/api/meetings",
                  {{"org_id", org},
                   {"type", "committee_meeting"},
                   {"title", title},
                   {"held_at", "2024-08-15T19:30:00+08:00"},
                   {"first_topic", {{"material_ids", {studied_}}, {"notes", "集中学习"}}},
                   {"minutes", minutes},
                   {"attendance", {{{"member_id", member_of_[org]}, {"status", "present"}}}}},
                  admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("id", int64_t{0});
  }
  json Search(const std::string& q, const std::string& extra = "", const std::string& cookie = "") {
    auto r = Get("/api/search?q=" + Encode(q) + extra, cookie.empty() ? admin_ : cookie);
    EXPECT_EQ(r.status, 200) << q << ": " << r.body;
    return r.Json();
  }
  static std::vector<int64_t> Ids(const json& page) {
    std::vector<int64_t> ids;
    for (const auto& i : page["items"]) ids.push_back(i["id"].get<int64_t>());
    return ids;
  }
  int64_t other_ = 0;
  std::map<int64_t, int64_t> member_of_;
  int64_t studied_ = 0;
};
JICENG_API_TEST_SUITE(SearchTest);

TEST_P(SearchTest, TwoCharacterWordsAndTraditionalQueriesFindSimplifiedText) {
  int64_t speech = Material("在全国组织工作会议上的讲话",
                            "要坚持大抓基层的鲜明导向，推进抓党建促基层治理能力提升。");
  int64_t rules = Material("中国共产党支部工作条例（试行）",
                           "党支部是党的基础组织，是党在社会基层组织中的战斗堡垒。");
  int64_t other = Material("生态环境保护条例", "加强生态文明建设，推动绿色发展。");
  auto dangjian = Search("党建");
  EXPECT_EQ(Ids(dangjian), std::vector<int64_t>{speech});
  auto jiceng = Ids(Search("基层"));
  EXPECT_EQ(jiceng.size(), 2u);
  EXPECT_NE(std::find(jiceng.begin(), jiceng.end(), speech), jiceng.end());
  EXPECT_NE(std::find(jiceng.begin(), jiceng.end(), rules), jiceng.end());
  // Traditional characters find the simplified text; full-width and case do not matter.
  EXPECT_EQ(Ids(Search("黨建")), std::vector<int64_t>{speech});
  EXPECT_EQ(Ids(Search("基層治理")), std::vector<int64_t>{speech});
  EXPECT_EQ(Ids(Search("生态 文明")), std::vector<int64_t>{other});
  EXPECT_EQ(Search("乡村振兴")["total"], 0);
  // A lone character is a prefix of the grams.
  EXPECT_EQ(Ids(Search("堡")), std::vector<int64_t>{rules});
  // The snippet marks where the hit is, in code points of the snippet.
  json hit = dangjian["items"][0];
  EXPECT_EQ(hit["kind"], "material");
  std::string snippet = hit["snippet"];
  ASSERT_EQ(hit["snippet_marks"].size(), 1u);
  size_t start = hit["snippet_marks"][0][0], length = hit["snippet_marks"][0][1];
  EXPECT_EQ(length, 2u);
  EXPECT_EQ(snippet.substr(snippet.find("党建"), 6), "党建");
  EXPECT_EQ(snippet.find("党建"), start * 3);  // every character before it is CJK (3 bytes)
}

TEST_P(SearchTest, PinyinFindsTitles) {
  int64_t a = Material("基层党建工作手册", "第一章 总则。");
  Material("生态环境保护条例", "第一章 总则。");
  EXPECT_EQ(Ids(Search("dangjian")), std::vector<int64_t>{a});
  EXPECT_EQ(Ids(Search("jiceng dangjian")), std::vector<int64_t>{a});
  EXPECT_EQ(Ids(Search("JCDJ")), std::vector<int64_t>{a});   // initials of the title
  EXPECT_EQ(Ids(Search("dangj")), std::vector<int64_t>{a});  // typing ahead
  EXPECT_EQ(Search("xiangcun")["total"], 0);
}

TEST_P(SearchTest, WholeWordHitsRankAbovePartialOnes) {
  // Both hold the characters 基层 side by side; only the first has the word 基层 (the
  // second reads 地基 / 层面).
  int64_t partial = Material("建筑规范", "房屋地基层面的处理要求与验收标准说明。");
  int64_t whole = Material("治理指南", "推进基层治理的处理要求与验收标准说明。");
  // Filters do not change the score: a filtered search ranks the same way.
  for (std::string filter : {"", "&kind=material", "&from=2024-01-01&to=2024-12-31"}) {
    auto page = Search("基层", filter);
    EXPECT_EQ(Ids(page), (std::vector<int64_t>{whole, partial})) << filter;
    EXPECT_GT(page["items"][0]["score"].get<int64_t>(), page["items"][1]["score"].get<int64_t>())
        << filter;
    EXPECT_EQ(page["items"][0]["score"], Search("基层")["items"][0]["score"]) << filter;
  }
}

TEST_P(SearchTest, FiltersByKindTagAndDate) {
  int64_t a = Material("学习贯彻党的二十大精神", "深入学习党的二十大精神，加强党建引领。",
                       {"二十大", "学习"}, "2022-10-30");
  int64_t b = Material("党建引领基层治理", "以党建引领基层治理。", {"治理"}, "2024-03-01");
  int64_t m = Minutes(branch_, "支委会：学习党建引领", "会议认为党建引领成效明显。");
  auto all = Ids(Search("党建引领"));
  EXPECT_EQ(all.size(), 3u);
  EXPECT_EQ(Ids(Search("党建引领", "&kind=minutes")), std::vector<int64_t>{m});
  EXPECT_EQ(Search("党建引领", "&kind=material")["total"], 2);
  EXPECT_EQ(Ids(Search("党建引领", "&tag=" + Encode("二十大"))), std::vector<int64_t>{a});
  EXPECT_EQ(Ids(Search("党建引领", "&kind=material&from=2023-01-01")), std::vector<int64_t>{b});
  EXPECT_EQ(Ids(Search("党建引领", "&to=2023-01-01")), std::vector<int64_t>{a});
  // Paging: the total stays, the page holds one.
  auto paged = Search("党建引领", "&size=1&page=2");
  EXPECT_EQ(paged["total"], 3);
  EXPECT_EQ(paged["items"].size(), 1u);
}

// Date ranges are inclusive at both ends, whole months, years and decades or single days,
// open at either end, and across leap days and year ends.
TEST_P(SearchTest, DateRangesIncludeTheirEndsExactly) {
  std::map<std::string, int64_t> dated;
  for (const char* date : {"1938-05-26", "2019-12-31", "2020-01-01", "2023-12-31", "2024-01-01",
                           "2024-02-29", "2024-03-01", "2029-12-31", "2030-01-01", "2100-07-01"})
    dated[date] = Material("党建文件 " + std::string(date), "党建工作。", json::array(), date);
  auto found = [&](const std::string& range) {
    std::vector<std::string> dates;
    const auto page = Search("党建工作", range + "&size=100");
    for (const auto& i : page["items"]) dates.push_back(i["date"].get<std::string>());
    std::sort(dates.begin(), dates.end());
    return dates;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(found("&from=2024-01-01&to=2024-02-29"), (V{"2024-01-01", "2024-02-29"}));
  EXPECT_EQ(found("&from=2024-02-29&to=2024-02-29"), (V{"2024-02-29"}));
  EXPECT_EQ(found("&from=2023-12-31&to=2024-01-01"), (V{"2023-12-31", "2024-01-01"}));
  EXPECT_EQ(found("&to=2019-12-31"), (V{"1938-05-26", "2019-12-31"}));
  EXPECT_EQ(found("&from=2030-01-01"), (V{"2030-01-01", "2100-07-01"}));
  EXPECT_EQ(found("&from=2020-01-01&to=2029-12-31"), (V{"2020-01-01", "2023-12-31", "2024-01-01",
                                                        "2024-02-29", "2024-03-01", "2029-12-31"}));
  EXPECT_EQ(found("&from=2019-12-31&to=2030-01-01").size(), 8u);
  EXPECT_EQ(found("&from=2024-03-02&to=2024-03-01"), V{});  // an empty range
  EXPECT_EQ(Get("/api/search?q=" + Encode("党建") + "&from=2024-02-30", admin_).status, 400);
}

TEST_P(SearchTest, MinutesAreFoundOnlyWithinScopeAndAfterCorrections) {
  int64_t ours = Minutes(branch_, "支委会", "研究了社区微实事项目的推进。");
  int64_t theirs = Minutes(other_, "支委会", "研究了社区微实事项目的验收。");
  MakeUser("nanshan", "street_admin", street_a_);
  auto street = Login("nanshan", kPassword);
  EXPECT_EQ(Ids(Search("微实事", "", street)), std::vector<int64_t>{ours});
  EXPECT_EQ(Search("微实事")["total"], 2);  // the city sees both
  json hit = Search("微实事", "", street)["items"][0];
  EXPECT_EQ(hit["kind"], "minutes");
  EXPECT_EQ(hit["org_id"], branch_);
  EXPECT_EQ(hit["date"], "2024-08-15");
  (void)theirs;
  // Confirmed, then corrected: the corrected minutes are what is found.
  auto confirmed =
      Post("/api/meetings/" + std::to_string(ours) + "/confirm", {{"version", 1}}, admin_);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  auto corrected = Post(
      "/api/meetings/" + std::to_string(ours) + "/corrections",
      {{"field", "minutes"}, {"value", "研究了老旧小区加装电梯的推进。"}, {"reason", "记录有误"}},
      admin_);
  ASSERT_EQ(corrected.status, 201) << corrected.body;
  EXPECT_EQ(Search("微实事", "", street)["total"], 0);
  EXPECT_EQ(Ids(Search("加装电梯", "", street)), std::vector<int64_t>{ours});
}

TEST_P(SearchTest, BadQueriesAreRefusedAndOperatorsAreJustText) {
  Material("党建工作", "加强党建。");
  for (const std::string& path : std::vector<std::string>{
           "/api/search", "/api/search?q=", "/api/search?q=%EF%BC%8C%E3%80%82",  // ，。 only
           "/api/search?q=%FF%FE", "/api/search?q=" + std::string(101, 'a'),
           "/api/search?q=abc&kind=people", "/api/search?q=abc&from=2024-13-01",
           "/api/search?q=abc&size=0"}) {
    auto r = Get(path, admin_);
    EXPECT_EQ(r.status, 400) << path << ": " << r.body;
    EXPECT_EQ(r.Json()["error"]["code"], "invalid_field") << path;
  }
  // FTS5 and tsquery syntax in a query is plain text.
  for (const std::string& q :
       std::vector<std::string>{"党建\" OR \"*", "党建 & !基层 | (", "NEAR(党建", "' OR 1=1 --",
                                "<script>alert(1)</script>"}) {
    auto r = Get("/api/search?q=" + Encode(q), admin_);
    EXPECT_EQ(r.status, 200) << q << ": " << r.body;
  }
  EXPECT_EQ(Get("/api/search?q=abc").status, 401);
}

}  // namespace
}  // namespace jiceng::testing

namespace jiceng::testing {
namespace {

TEST_P(SearchTest, MinutesFollowTheirOrganizationWhenItMoves) {
  int64_t ours = Minutes(branch_, "支委会", "研究了社区微实事项目的推进。");
  MakeUser("nanshan", "street_admin", street_a_);
  MakeUser("futian", "district_admin", district_b_);
  auto nanshan = Login("nanshan", kPassword);
  auto futian = Login("futian", kPassword);
  EXPECT_EQ(Ids(Search("微实事", "", nanshan)), std::vector<int64_t>{ours});
  EXPECT_EQ(Search("微实事", "", futian)["total"], 0);
  int64_t street_b = MakeOrg(admin_, district_b_, "中共福田区乙街道工作委员会", "street");
  auto version = Get("/api/orgs/" + std::to_string(branch_), admin_).Json()["version"];
  auto moved = Post("/api/orgs/" + std::to_string(branch_) + "/move",
                    {{"version", version}, {"new_parent_id", street_b}}, admin_);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(Search("微实事", "", nanshan)["total"], 0);
  EXPECT_EQ(Ids(Search("微实事", "", futian)), std::vector<int64_t>{ours});
  EXPECT_EQ(Ids(Search("微实事", "&kind=minutes", futian)), std::vector<int64_t>{ours});
  EXPECT_EQ(Search("微实事", "&kind=material", futian)["total"], 0);
}

// More hits than are ranked: the total stops at 2,000 (and says there are more), the pages
// reach exactly the newest 2,000 hits; hits that are all old are found and ranked the same
// way (PostgreSQL looks among the newest documents first, then widens), and fewer than
// 2,000 are counted exactly.
TEST_P(SearchTest, BroadQueriesPageThroughTheirNewest2000Hits) {
  constexpr int kDocs = 10050;
  constexpr int64_t kFirstRef = 100000;
  ASSERT_TRUE(runtime_->db()
                  .Write([&](store::Tx& tx) -> Status {
                    for (int i = 1; i <= kDocs; ++i) {
                      // Every document: 党建; the oldest 2,100 also 甲乙; 1,001–2,990 also 丙丁.
                      std::string words = "党建", grams = "党建";
                      if (i <= 2100) words += " 甲乙", grams += " 甲乙";
                      if (i > 1000 && i <= 2990) words += " 丙丁", grams += " 丙丁";
                      store::SearchDoc doc;
                      doc.kind = "material";
                      doc.ref_id = kFirstRef + i;
                      doc.title = "第" + std::to_string(i) + "号文件";
                      doc.dated = "2024-01-01";
                      doc.body = words;
                      doc.tokens.words = words;
                      doc.tokens.grams = grams;
                      store::SearchRepository::Put(tx, doc);
                    }
                    return {};
                  })
                  .has_value());
  auto reachable = [&](const std::string& q) {
    std::set<int64_t> ids;
    for (int page = 1; page <= 21; ++page)
      for (int64_t id : Ids(Search(q, "&size=100&page=" + std::to_string(page)))) ids.insert(id);
    return ids;
  };
  auto range = [](int64_t from, int64_t to) {
    std::set<int64_t> ids;
    for (int64_t id = from; id <= to; ++id) ids.insert(id);
    return ids;
  };
  for (auto [q, newest] :
       {std::pair{"党建", kFirstRef + kDocs}, std::pair{"甲乙", kFirstRef + 2100}}) {
    auto first = Search(q, "&size=1");
    EXPECT_EQ(first["total"], 2000) << q;
    EXPECT_EQ(first["total_exact"], false) << q;
    EXPECT_EQ(reachable(q), range(newest - 1999, newest)) << q;
  }
  auto fewer = Search("丙丁", "&size=1");
  EXPECT_EQ(fewer["total"], 1990);
  EXPECT_EQ(fewer["total_exact"], true);
  EXPECT_EQ(reachable("丙丁"), range(kFirstRef + 1001, kFirstRef + 2990));
  auto one = Search("习近平");
  EXPECT_EQ(one["total"], 1);
  EXPECT_EQ(one["total_exact"], true);
}

}  // namespace
}  // namespace jiceng::testing
