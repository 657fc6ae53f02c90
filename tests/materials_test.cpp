// The study library over HTTP on both stores (its own module since issue 13: materials are
// added by those who record meetings, read by everyone signed in, found by text or tag),
// with bad input on each of its routes.
#include "api_fixture.h"

namespace jiceng::testing {
namespace {

class MaterialsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = Login("admin", kPassword);
    material_ = AddSpeech(admin_);
    ASSERT_NE(material_, 0);
  }
  std::string admin_;
  int64_t material_ = 0;
};
JICENG_API_TEST_SUITE(MaterialsTest);

TEST_P(MaterialsTest, AddedByThoseWhoRecordMeetingsReadByEveryoneSignedIn) {
  auto made = Get("/api/materials/" + std::to_string(material_), admin_);
  ASSERT_EQ(made.status, 200) << made.body;
  EXPECT_EQ(made.Json()["title"], "在全国组织工作会议上的讲话");
  EXPECT_EQ(made.Json()["source"], "人民日报");
  EXPECT_EQ(made.Json()["published_on"], "2024-06-28");
  EXPECT_EQ(made.Json()["tags"], json({"讲话", "党建"}));
  auto list = Get("/api/materials", admin_).Json();
  ASSERT_EQ(list["total"], 1);
  EXPECT_FALSE(list["items"][0].contains("body"));  // the list leaves the body out
  EXPECT_EQ(Get("/api/materials?tag=讲话&q=组织工作", admin_).Json()["total"], 1);
  EXPECT_EQ(Get("/api/materials?tag=治理", admin_).Json()["total"], 0);
  EXPECT_EQ(Get("/api/materials").status, 401);
  // Study materials are for everyone signed in; adding them for those who record meetings.
  MakeUser("plain", "member", street_a_);
  auto plain = Login("plain", kPassword);
  EXPECT_EQ(Get("/api/materials?tag=党建", plain).Json()["total"], 1);
  EXPECT_EQ(Get("/api/materials?q=基层治理", plain).Json()["total"], 1);
  EXPECT_EQ(Get("/api/materials/" + std::to_string(material_), plain).Json()["body"],
            "加强基层党建，推进基层治理现代化。");
  EXPECT_EQ(Post("/api/materials", {{"title", "x"}, {"body", "y"}}, plain).status, 403);
}

TEST_P(MaterialsTest, BadInputOnEveryRoute) {
  EXPECT_EQ(Post("/api/materials", {{"title", "无正文"}}, admin_).status, 400);
  EXPECT_EQ(Post("/api/materials", {{"title", "x"}, {"body", "y"}, {"published_on", "2024-13-01"}},
                 admin_)
                .status,
            400);
  auto no_body = Post("/api/materials", {{"title", "无正文"}}, admin_);
  EXPECT_EQ(no_body.ErrorCode(), "invalid_field");
  EXPECT_EQ(no_body.Json()["error"]["field"], "body");
  auto date = Post("/api/materials",
                   {{"title", "x"}, {"body", "y"}, {"published_on", "2024-13-01"}}, admin_);
  EXPECT_EQ(date.Json()["error"]["field"], "published_on");
  auto tags = Post("/api/materials", {{"title", "x"}, {"body", "y"}, {"tags", "党建"}}, admin_);
  EXPECT_EQ(tags.status, 400);
  EXPECT_EQ(tags.Json()["error"]["field"], "tags");
  json many = json::array();
  for (int i = 0; i < 21; ++i) many.push_back("标签" + std::to_string(i));
  auto too_many = Post("/api/materials", {{"title", "x"}, {"body", "y"}, {"tags", many}}, admin_);
  EXPECT_EQ(too_many.status, 400);
  EXPECT_EQ(too_many.Json()["error"]["field"], "tags");
  EXPECT_EQ(Get("/api/materials/" + std::to_string(material_ + 1000), admin_).status, 404);
  EXPECT_EQ(Get("/api/materials/abc", admin_).status, 404);
  EXPECT_EQ(Get("/api/materials?q=" + std::string(101, 'x'), admin_).status, 400);
  EXPECT_EQ(Get("/api/materials?size=500", admin_).status, 400);
  // Nothing was added by the refused requests.
  EXPECT_EQ(Get("/api/materials", admin_).Json()["total"], 1);
}

}  // namespace
}  // namespace jiceng::testing
