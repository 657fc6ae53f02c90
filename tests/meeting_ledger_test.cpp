// The ledger over HTTP on both stores: the year's meetings of a subtree as an XLSX for
// inspectors.
#include "meetings_fixture.h"
#include "platform/tabular.h"

namespace jiceng::testing {
namespace {

TEST_P(MeetingsTest, TheLedgerListsTheYearsMeetingsForInspectors) {
  ASSERT_EQ(Post("/api/meetings", Meeting("theme_day", "2024-08-15T19:30:00+08:00"), admin_).status,
            201);
  ASSERT_EQ(Post("/api/meetings", Meeting("committee_meeting", "2024-03-02T09:00:00+08:00"), admin_)
                .status,
            201);
  ASSERT_EQ(Post("/api/meetings", Meeting("theme_day", "2023-12-30T09:00:00+08:00"), admin_).status,
            201);  // another year
  auto r = Get("/api/orgs/" + std::to_string(street_a_) + "/ledger.xlsx?year=2024", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.headers["content-disposition"].find("filename*=UTF-8''"), std::string::npos);
  auto table = ReadXlsx(r.body);
  ASSERT_TRUE(table) << table.error().message;
  ASSERT_EQ(table->size(), 3u);  // header + two meetings of 2024, oldest first
  EXPECT_EQ((*table)[0][0], "序号");
  EXPECT_EQ((*table)[0][8], "第一议题（学习内容）");
  EXPECT_EQ((*table)[1][2], "支委会");
  EXPECT_EQ((*table)[1][4], "2024-03-02T09:00");
  EXPECT_EQ((*table)[2][8], "在全国组织工作会议上的讲话");
  EXPECT_EQ((*table)[2][9], "3");   // listed
  EXPECT_EQ((*table)[2][10], "2");  // present
  EXPECT_EQ((*table)[2][11], "1");  // excused
  EXPECT_EQ((*table)[2][13], "66.7%");
  EXPECT_EQ((*table)[2][14], "已记录");
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(street_a_) + "/ledger.xlsx", admin_).status, 400);
  MakeUser("futian", "street_admin", district_b_);
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(street_a_) + "/ledger.xlsx?year=2024",
                Login("futian", kPassword))
                .status,
            404);
  auto audit = Get("/api/audit?action=meeting.export", Login("auditor", kPassword)).Json();
  EXPECT_EQ(audit["total"], 1);
}

}  // namespace
}  // namespace jiceng::testing
