// Attachments of a meeting over HTTP on both stores: checked, stored outside the database
// and verified when read.
#include <fstream>

#include "meetings_fixture.h"

namespace jiceng::testing {
namespace {

TEST_P(MeetingsTest, AttachmentsAreCheckedStoredOutsideTheDatabaseAndVerified) {
  auto made = Post("/api/meetings", Meeting("theme_day", "2024-08-15T19:30:00+08:00"), admin_);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = std::to_string(made.Json()["id"].get<int64_t>());
  auto upload = [&](const std::string& name, const std::string& bytes,
                    const std::string& cookie = "") {
    Req r;
    r.method = "POST";
    r.path = "/api/meetings/" + id + "/attachments" + (name.empty() ? "" : "?name=" + name);
    r.body = bytes;
    r.content_type = "application/octet-stream";
    r.cookie = cookie.empty() ? admin_ : cookie;
    return Call(r);
  };
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(5000, '\x42');
  auto photo = upload("%E7%8E%B0%E5%9C%BA.png", png);  // 现场.png
  ASSERT_EQ(photo.status, 201) << photo.body;
  json a = photo.Json();
  EXPECT_EQ(a["name"], "现场.png");
  EXPECT_EQ(a["content_type"], "image/png");
  EXPECT_EQ(a["size"], 5008);
  EXPECT_EQ(a["sha256"].get<std::string>().size(), 64u);
  auto got = Get(a["url"], admin_);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, png);
  EXPECT_EQ(got.headers["content-type"], "image/png");
  // A docx is a ZIP named so; a ZIP named otherwise, text, or an executable is not taken.
  EXPECT_EQ(upload("minutes.docx", std::string("PK\x03\x04", 4) + "rest").status, 201);
  for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"a.zip", std::string("PK\x03\x04", 4) + "rest"},
           {"a.png", "just text pretending"},
           {"a.exe", "MZ\x90\x00 binary"}}) {
    auto r = upload(name, bytes);
    EXPECT_EQ(r.status, 415) << name;
    EXPECT_EQ(r.Json()["error"]["code"], "attachment_type") << name;
  }
  EXPECT_EQ(upload("..%2Fx.png", png).status, 400);  // a path in the name
  EXPECT_EQ(upload("", png).status, 400);            // no name
  EXPECT_EQ(upload("empty.png", "").status, 400);
  EXPECT_EQ(upload("big.pdf", "%PDF-" + std::string(20 * 1024 * 1024, 'x')).status, 413);
  // Listed on the record; others' scope sees nothing.
  auto meeting = Get("/api/meetings/" + id, admin_).Json();
  ASSERT_EQ(meeting["attachments"].size(), 2u);
  MakeUser("futian", "street_admin", district_b_);
  auto futian = Login("futian", kPassword);
  EXPECT_EQ(Get(a["url"], futian).status, 404);
  EXPECT_EQ(upload("x.png", png, futian).status, 404);
  // A file over the 1 MiB JSON limit is admitted from its header alone: outside scope,
  // not logged in, or over 20 MB, the answer comes before a byte of the body is sent.
  auto head_only = [&](const std::string& cookie, size_t length) {
    std::string h = "POST /api/meetings/" + id +
                    "/attachments?name=a.pdf HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    "application/pdf\r\nContent-Length: " +
                    std::to_string(length) + "\r\n";
    if (!cookie.empty()) h += "Cookie: " + cookie + "\r\n";
    return SendRaw(port_, h + "\r\n", 3000);
  };
  EXPECT_EQ(head_only("", 5'000'000).status, 401);
  EXPECT_EQ(head_only(futian, 5'000'000).status, 404);
  EXPECT_EQ(head_only(admin_, 30'000'000).status, 413);
  EXPECT_EQ(head_only(admin_, 30'000'000).ErrorCode(), "attachment_too_large");
  // Bytes changed on disk are refused, not served.
  std::string sha = a["sha256"];
  {
    std::ofstream f(work_dir_ + "/attachments/" + sha.substr(0, 2) + "/" + sha,
                    std::ios::binary | std::ios::trunc);
    f << "tampered";
  }
  auto corrupt = Get(a["url"], admin_);
  EXPECT_EQ(corrupt.status, 500);
  EXPECT_EQ(corrupt.Json()["error"]["code"], "file_corrupt");
  // Removed while unconfirmed; once confirmed, attachments are part of the record.
  std::string docx_url = meeting["attachments"][1]["url"];
  EXPECT_EQ(Delete(a["url"], admin_).status, 204);
  EXPECT_EQ(Get(a["url"], admin_).status, 404);
  auto confirmed =
      Post("/api/meetings/" + id + "/confirm", {{"version", meeting["version"]}}, admin_);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(upload("late.png", png).status, 409);
  EXPECT_EQ(Delete(docx_url, admin_).status, 409);
}

}  // namespace
}  // namespace jiceng::testing
