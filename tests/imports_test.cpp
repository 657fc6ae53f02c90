// Bulk import and export over HTTP on both stores: templates, dry runs that report every
// problem as (row, column, message), all-or-nothing applies, UTF-8 / GB18030 CSV and
// XLSX, upload limits, and exports that respect scope and masking.
#include <iconv.h>
#include <minizip/unzip.h>
#include <minizip/zip.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <set>

#include "api_fixture.h"
#include "domain/identifiers.h"
#include "domain/members.h"
#include "platform/config.h"
#include "platform/tabular.h"
#include "platform/utf8.h"
#include "service/import_service.h"
#include "service/org_registry.h"
#include "store/db.h"

namespace jiceng::testing {
namespace {

std::string ToGb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2 + 8, '\0');
  char* src = const_cast<char*>(utf8.data());
  size_t src_left = utf8.size(), dst_left = out.size();
  char* dst = out.data();
  iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

// The entries of the zip `bytes`, in order, as (name, content).
std::vector<std::pair<std::string, std::string>> ZipEntries(const std::string& bytes) {
  char path[] = "/tmp/jiceng-zip-XXXXXX";
  int fd = mkstemp(path);
  ::close(fd);
  std::ofstream(path, std::ios::binary) << bytes;
  std::vector<std::pair<std::string, std::string>> out;
  unzFile zip = unzOpen64(path);
  for (int rc = unzGoToFirstFile(zip); rc == UNZ_OK; rc = unzGoToNextFile(zip)) {
    char name[512];
    unz_file_info64 info;
    unzGetCurrentFileInfo64(zip, &info, name, sizeof name, nullptr, 0, nullptr, 0);
    std::string content(info.uncompressed_size, '\0');
    unzOpenCurrentFile(zip);
    unzReadCurrentFile(zip, content.data(), static_cast<unsigned>(content.size()));
    unzCloseCurrentFile(zip);
    out.emplace_back(name, content);
  }
  unzClose(zip);
  std::remove(path);
  return out;
}

std::string ReadXlsxEntryForTest(const std::string& xlsx, const std::string& name) {
  for (const auto& [n, content] : ZipEntries(xlsx))
    if (n == name) return content;
  return "";
}

// `xlsx` with the entry `name` replaced by `content`.
std::string WriteXlsxEntryForTest(const std::string& xlsx, const std::string& name,
                                  const std::string& content) {
  char path[] = "/tmp/jiceng-zip-XXXXXX";
  int fd = mkstemp(path);
  ::close(fd);
  zipFile zip = zipOpen64(path, APPEND_STATUS_CREATE);
  for (const auto& [n, c] : ZipEntries(xlsx)) {
    const std::string& data = n == name ? content : c;
    zipOpenNewFileInZip64(zip, n.c_str(), nullptr, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                          Z_DEFAULT_COMPRESSION, 0);
    zipWriteInFileInZip(zip, data.data(), static_cast<unsigned>(data.size()));
    zipCloseFileInZip(zip);
  }
  zipClose(zip, nullptr);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  std::remove(path);
  return out.str();
}

class ImportsTest : public BranchApiTest {
 protected:
  void Configure(Config& c) override { c.max_upload_bytes = 3 * 1024 * 1024; }
  void SetUp() override {
    BranchApiTest::SetUp();  // admin_ logged in, branch_ under street_a_
    if (IsSkipped() || HasFatalFailure()) return;
    other_ = MakeOrg(admin_, district_b_, "中共福田区机关第一支部委员会", "branch");
  }
  static std::string Header() {
    return "姓名,性别,民族,出生日期,公民身份号码,手机号码,学历,党组织ID,人员类别,入党日期,"
           "转正日期,工作单位,是否深户\n";
  }
  // The header with the optional dates of the earlier stages.
  static std::string StagesHeader() {
    std::string h = Header();
    h.pop_back();
    return h + ",申请入党日期,确定积极分子日期,确定发展对象日期\n";
  }
  // A row with every stage date (empty ones left empty).
  std::string StagedRow(const std::string& name, const std::string& first17,
                        const std::string& status, const std::string& joined,
                        const std::string& full, const std::string& applied,
                        const std::string& activist, const std::string& candidate) {
    std::string row = Row(name, first17, branch_, status);
    row.replace(row.find(",2015-07-01,,"), 13, "," + joined + "," + full + ",");
    row.pop_back();
    return row + "," + applied + "," + activist + "," + candidate + "\n";
  }
  std::string Row(const std::string& name, const std::string& first17, int64_t org,
                  const std::string& status = "正式党员", std::string gender = "") {
    std::string id = CitizenId(first17);
    if (gender.empty()) gender = (id[16] - '0') % 2 ? "男" : "女";
    std::string birth = id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2);
    return name + "," + gender + ",汉族," + birth + "," + id + ",13812345678,大学本科," +
           std::to_string(org) + "," + status + ",2015-07-01,,某科技公司,是\n";
  }
  HttpResult Upload(const std::string& kind, const std::string& body, bool dry_run,
                    const std::string& cookie, const std::string& type = "text/csv") {
    return Call(
        {"POST", "/api/imports/" + kind + (dry_run ? "?dry_run=1" : ""), body, type, cookie});
  }
  int64_t MemberCount() { return Get("/api/members", admin_).Json()["total"]; }
  // `n` clean member rows in branch_, with distinct ID numbers and mobiles numbered from
  // `first` (birth dates and sequence numbers spread so every number is a valid one).
  std::string Rows(int first, int n) {
    std::string out;
    for (int i = first; i < first + n; ++i) {
      char first17[40], mobile[40];  // roomy: the compiler cannot see i's range
      std::snprintf(first17, sizeof first17, "440305%04d%02d%02d%03d", 1980 + i / 336000,
                    1 + (i / 28000) % 12, 1 + (i / 1000) % 28, i % 1000);
      std::snprintf(mobile, sizeof mobile, "139%08d", i);
      out += Row("批量" + std::to_string(i), first17, branch_);
      out.replace(out.rfind("13812345678"), 11, mobile);
    }
    return out;
  }
  // The names of the members table's indexes and constraints, as the store lists them.
  std::set<std::string> MemberIndexes() {
    return runtime_->db().Read([](store::Tx& tx) {
      std::set<std::string> names;
      const store::Query q =
          tx.dialect() == store::Dialect::kSqlite
              ? store::Query{"t",
                             "SELECT name FROM sqlite_master WHERE type = 'index' AND "
                             "tbl_name = 'members'"}
              : store::Query{"t",
                             "SELECT indexname FROM pg_indexes WHERE schemaname = "
                             "current_schema() AND tablename = 'members' UNION ALL "
                             "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM "
                             "pg_constraint WHERE conrelid = 'members'::regclass"};
      for (const auto& r : tx.Fetch(q)) names.insert(r.Text(0));
      return names;
    });
  }
  int64_t other_ = 0;
};
JICENG_API_TEST_SUITE(ImportsTest);

TEST_P(ImportsTest, TemplatesCarryTheColumnsInOrder) {
  const std::string header =
      "姓名,性别,民族,出生日期,公民身份号码,手机号码,学历,党组织,人员类别,入党日期,转正日期,"
      "工作单位,是否深户";
  auto csv = Get("/api/imports/templates/members.csv", admin_);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_NE(csv.headers["content-disposition"].find("filename*=UTF-8''"), std::string::npos);
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");  // a BOM, so Excel reads UTF-8
  EXPECT_EQ(csv.body.substr(3, header.size()), header);
  auto csv_table = ReadTable(csv.body);
  ASSERT_TRUE(csv_table);
  ASSERT_EQ(csv_table->size(), 2u);  // the header and the example
  EXPECT_TRUE((*csv_table)[1][0].starts_with("【示例】"));
  auto xlsx = Get("/api/imports/templates/members.xlsx", admin_);
  ASSERT_EQ(xlsx.status, 200);
  auto table = ReadXlsx(xlsx.body);
  ASSERT_TRUE(table) << table.error().message;
  ASSERT_EQ(table->size(), 2u);
  EXPECT_EQ((*table)[0][0], "姓名");
  EXPECT_EQ((*table)[0][7], "党组织");
  EXPECT_EQ((*table)[0][12], "是否深户");
  EXPECT_TRUE((*table)[1][0].starts_with("【示例】"));
  // A second sheet of instructions, and drop-down lists on the coded columns that refer
  // to the allowed values listed there.
  std::string workbook = ReadXlsxEntryForTest(xlsx.body, "xl/workbook.xml");
  EXPECT_NE(workbook.find("<sheet name=\"党员\""), std::string::npos) << workbook;
  EXPECT_NE(workbook.find("<sheet name=\"填写说明\""), std::string::npos) << workbook;
  std::string sheet = ReadXlsxEntryForTest(xlsx.body, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<dataValidations count=\"5\""), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("sqref=\"B2:B1048576\""), std::string::npos);  // 性别
  EXPECT_NE(sheet.find("sqref=\"I2:I1048576\""), std::string::npos);  // 人员类别
  std::string help = ReadXlsxEntryForTest(xlsx.body, "xl/sharedStrings.xml");
  for (const char* text : {"是否必填", "可选值", "预备党员", "汉族", "【示例】"})
    EXPECT_NE(help.find(text), std::string::npos) << text;
  auto units_xlsx = Get("/api/imports/templates/units.xlsx", admin_).body;
  auto units = ReadTable(units_xlsx);
  ASSERT_TRUE(units);
  EXPECT_EQ((*units)[0][1], "统一社会信用代码");
  EXPECT_EQ((*units)[0][6], "所属党组织");
  EXPECT_NE(ReadXlsxEntryForTest(units_xlsx, "xl/worksheets/sheet1.xml").find("<dataValidations"),
            std::string::npos);
  EXPECT_EQ(Get("/api/imports/templates/members.csv").status, 401);
}

// The instructions sheet reads as a table: one row per template column, in the template's
// order, from row 2; each drop-down's list sits in its own column beside it, and its range
// covers exactly its values; the notes come after everything, below an empty row.
TEST(ImportTemplates, TheInstructionsSheetLinesUp) {
  for (auto kind : {imports::Kind::kMembers, imports::Kind::kUnits}) {
    auto book = imports::TemplateBook(kind);
    ASSERT_EQ(book.size(), 2u);
    const Table& header = book[0].table;
    const Table& info = book[1].table;
    const auto& names = header[0];
    ASSERT_GT(info.size(), names.size() + 1);
    for (size_t i = 0; i < names.size(); ++i) {
      ASSERT_FALSE(info[i + 1].empty());
      EXPECT_EQ(info[i + 1][0], names[i]) << "row " << i + 2;
    }
    for (const auto& list : book[0].lists) {
      // "='填写说明'!$F$2:$F$3": column letter and last row.
      auto dollar = list.source.find('$');
      ASSERT_NE(dollar, std::string::npos) << list.source;
      size_t col = static_cast<size_t>(list.source[dollar + 1] - 'A');
      size_t last = std::stoul(list.source.substr(list.source.rfind('$') + 1));
      EXPECT_EQ(info[0].at(col), names[list.column]) << list.source;  // the list's heading
      for (size_t r = 1; r < last; ++r)
        EXPECT_FALSE(info[r].at(col).empty()) << list.source << " row " << r + 1;
      if (last < info.size() && info[last].size() > col) {
        EXPECT_TRUE(info[last][col].empty()) << list.source;
      }
    }
    size_t notes = 0;
    for (size_t r = 0; r < info.size(); ++r)
      if (!info[r].empty() && info[r][0] == "说明") notes = r;
    EXPECT_GT(notes, names.size() + 1);
    for (size_t r = notes; r < info.size(); ++r) EXPECT_EQ(info[r].size(), 1u) << "row " << r + 1;
    // Nothing of the lists runs into the notes.
    for (size_t r = notes - 1; r < info.size(); ++r)
      for (size_t c = 1; c < info[r].size(); ++c) EXPECT_TRUE(info[r][c].empty());
  }
}

// The templates' example rows are skipped: importing a template as downloaded, or with
// the example left above real rows, reads no example and reports no problem for it.
TEST_P(ImportsTest, TheTemplatesExampleRowIsSkipped) {
  for (const char* kind : {"members", "units"}) {
    for (const char* ext : {"csv", "xlsx"}) {
      auto file = Get(std::string("/api/imports/templates/") + kind + "." + ext, admin_);
      ASSERT_EQ(file.status, 200);
      auto dry = Upload(kind, file.body, true, admin_,
                        std::string(ext) == "csv"
                            ? "text/csv"
                            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      ASSERT_EQ(dry.status, 200) << dry.body;
      EXPECT_EQ(dry.Json()["rows"], 0) << kind << ext;
      EXPECT_EQ(dry.Json()["problems_total"], 0) << kind << ext << dry.body;
    }
  }
  auto csv = Get("/api/imports/templates/members.csv", admin_).body;
  std::string file = csv + Row("张三丰", "44030519900101123", branch_);
  auto applied = Upload("members", file, false, admin_);
  ASSERT_EQ(applied.status, 200) << applied.body;
  EXPECT_EQ(applied.Json()["rows"], 1);
  EXPECT_EQ(applied.Json()["applied"], 1);
  EXPECT_EQ(MemberCount(), 1);
}

// One row with several problems reports each of them, with the offending value (an ID
// number or mobile only in part); rows and problems are counted apart.
TEST_P(ImportsTest, EveryProblemOfARowIsReportedWithItsValue) {
  std::string bad = Row("", "44030519900101123", branch_);  // row 2: no name
  std::string id = CitizenId("44030519900101123");
  std::string wrong_id = id.substr(0, 17) + (id[17] == '0' ? "1" : "0");
  bad.replace(bad.find(id), id.size(), wrong_id);          // a bad check digit
  bad.replace(bad.find("13812345678"), 11, "1381234567");  // 10 digits
  std::string file = Header() + bad + Row("李四", "44030519920202234", branch_, "皇帝");
  auto dry = Upload("members", file, true, admin_);
  ASSERT_EQ(dry.status, 200) << dry.body;
  json report = dry.Json();
  std::map<std::string, json> row2;
  for (auto& p : report["problems"])
    if (p["row"] == 2) row2[p["column"].get<std::string>()] = p;
  ASSERT_TRUE(row2.count("姓名")) << dry.body;
  ASSERT_TRUE(row2.count("公民身份号码")) << dry.body;
  ASSERT_TRUE(row2.count("手机号码")) << dry.body;
  EXPECT_EQ(row2["姓名"]["value"], "");
  EXPECT_EQ(row2["手机号码"]["value"], "138***4567");
  std::string shown = row2["公民身份号码"]["value"];
  EXPECT_EQ(shown.size(), 18u);
  EXPECT_EQ(shown.substr(0, 2), "44");
  EXPECT_EQ(shown.find(wrong_id.substr(2, 15)), std::string::npos);  // never the whole number
  EXPECT_EQ(report["rows_with_problems"], 2);
  EXPECT_EQ(report["problems_total"], 4);
  EXPECT_EQ(report["problems"].back()["value"], "皇帝");
  // A 10-digit mobile alone is a problem too.
  std::string ten = Row("王五", "44030519930303345", branch_);
  ten.replace(ten.find("13812345678"), 11, "1381234567");
  auto one = Upload("members", Header() + ten, true, admin_).Json();
  ASSERT_EQ(one["problems_total"], 1);
  EXPECT_EQ(one["problems"][0]["column"], "手机号码");
}

// A large bad file: the report lists the first 10,000 problems and counts all of them, and
// every row that has one — across the import's chunks of 8,192 rows.
TEST_P(ImportsTest, ProblemsBeyondTheListAreStillCounted) {
  std::string bad = Row("", "44030519920202234", branch_);  // no name, and …
  bad.replace(bad.find("13812345678"), 11, "1381234567");   // … a 10-digit mobile
  std::string file = Header();
  constexpr int kRows = 9000;
  for (int i = 0; i < kRows; ++i) file += bad;
  auto dry = Upload("members", file, true, admin_);
  ASSERT_EQ(dry.status, 200) << dry.body.substr(0, 500);
  json report = dry.Json();
  EXPECT_EQ(report["rows"], kRows);
  EXPECT_EQ(report["problems"].size(), imports::kMaxProblems);
  EXPECT_EQ(report["problems_total"], 2 * kRows);
  EXPECT_EQ(report["rows_with_problems"], kRows);
}

// The organization column takes the full name or the division code (the numeric id
// still works); a name shared by two organizations in scope names their codes.
TEST_P(ImportsTest, TheOrganizationIsGivenByNameOrDivisionCode) {
  // Given a township-level code, for the 9-digit test below.
  int64_t community =
      MakeOrg(admin_, street_a_, "中共粤海街道科技园社区委员会", "community", "440305007000");
  auto made = [&](const std::string& name, const std::string& code, int64_t parent) {
    auto r = Post("/api/orgs",
                  {{"parent_id", parent},
                   {"name", name},
                   {"kind", "branch"},
                   {"founded_on", "2010-01-01"},
                   {"area_code", code}},
                  admin_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.Json().value("id", int64_t{0});
  };
  int64_t coded = made("中共粤海街道科技园第一支部委员会", "440305007001", street_a_);
  // The same name under two parents (siblings may not share one).
  made("中共同名支部委员会", "440305007002", street_a_);
  made("中共同名支部委员会", "440305007003", community);
  auto with_org = [&](const std::string& first17, const std::string& org) {
    std::string row = Row("张三丰", first17, branch_);
    row.replace(row.find("," + std::to_string(branch_) + ","), std::to_string(branch_).size() + 2,
                "," + org + ",");
    return row;
  };
  std::string file = Header() + with_org("44030519900101123", kBranchName) +  // row 2
                     with_org("44030519910101123", "440305007001") +          // row 3
                     with_org("44030519920101123", "中共同名支部委员会") +    // row 4
                     with_org("44030519930101123", "中共不存在支部委员会") +  // row 5
                     with_org("44030519940101123", "440305009999") +          // row 6
                     with_org("44030519950101123", std::to_string(coded)) +   // row 7: an id
                     with_org("44030519960101123", "440305007");              // row 8: 9 digits
  auto dry = Upload("members", file, true, admin_);
  ASSERT_EQ(dry.status, 200) << dry.body;
  std::map<int64_t, json> got;
  json report = dry.Json();
  for (auto& p : report["problems"]) got[p["row"].get<int64_t>()] = p;
  EXPECT_EQ(got.count(2), 0u) << dry.body;
  EXPECT_EQ(got.count(3), 0u) << dry.body;
  ASSERT_TRUE(got.count(4)) << dry.body;
  EXPECT_EQ(got[4]["column"], "党组织");
  EXPECT_EQ(got[4]["value"], "中共同名支部委员会");
  std::string ambiguous = got[4]["message"];
  EXPECT_NE(ambiguous.find("440305007002"), std::string::npos) << ambiguous;
  EXPECT_NE(ambiguous.find("440305007003"), std::string::npos) << ambiguous;
  ASSERT_TRUE(got.count(5));
  EXPECT_EQ(got[5]["column"], "党组织");
  ASSERT_TRUE(got.count(6));
  EXPECT_EQ(got[6]["column"], "党组织");
  EXPECT_EQ(got.count(7), 0u) << dry.body;
  // 440305007 is 440305007000, the community: found (a member's organization must be a
  // branch, which is what is said), not "no organization with this code".
  ASSERT_TRUE(got.count(8)) << dry.body;
  EXPECT_EQ(got[8]["message"].get<std::string>().find("未找到区划代码"), std::string::npos)
      << got[8];
  // Applied: the rows land in the organizations named.
  std::string clean = Header() + with_org("44030519900101123", kBranchName) +
                      with_org("44030519910101123", "440305007001");
  auto applied = Upload("members", clean, false, admin_);
  ASSERT_EQ(applied.status, 200) << applied.body;
  EXPECT_EQ(Get("/api/members?under=" + std::to_string(coded), admin_).Json()["total"], 1);
  // Outside the importer's scope, a name is unknown, as any other.
  MakeUser("nanshan", "street_admin", street_a_);
  std::string outside = Header() + with_org("44030519960101123", "中共福田区机关第一支部委员会");
  auto refused = Upload("members", outside, true, Login("nanshan", kPassword)).Json();
  ASSERT_EQ(refused["problems_total"], 1);
  EXPECT_EQ(refused["problems"][0]["column"], "党组织");
}

TEST_P(ImportsTest, DryRunThenApplyAllRows) {
  // A probationary member carries the dates of the stages behind them.
  std::string file = StagesHeader() + Row("张三丰", "44030519900101123", branch_) +
                     StagedRow("李四", "44030519920202234", "预备党员", "2015-07-01", "",
                               "2013-03-01", "2013-05-01", "2014-09-01");
  auto dry = Upload("members", file, true, admin_);
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.Json()["rows"], 2);
  EXPECT_EQ(dry.Json()["problems"].size(), 0u);
  EXPECT_EQ(dry.Json()["applied"], 0);
  EXPECT_EQ(MemberCount(), 0);  // a dry run stores nothing
  auto applied = Upload("members", file, false, admin_);
  ASSERT_EQ(applied.status, 200) << applied.body;
  EXPECT_EQ(applied.Json()["applied"], 2);
  EXPECT_EQ(MemberCount(), 2);
  EXPECT_EQ(Get("/api/members?q=zsf", admin_).Json()["total"], 1);  // initials stored too
  auto audit = Get("/api/audit?action=member.import", Login("auditor", kPassword)).Json();
  EXPECT_EQ(audit["total"], 1);
  // Importing the same file again: every row is a duplicate, nothing changes.
  auto again = Upload("members", file, false, admin_);
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(again.ErrorCode(), "import_problems");
  EXPECT_EQ(again.Json()["problems"].size(), 2u);
  EXPECT_EQ(again.Json()["problems"][0]["column"], "公民身份号码");
  EXPECT_EQ(MemberCount(), 2);
}

// Loads bigger than the table take the bulk path (plain indexes — and on PostgreSQL foreign
// keys — dropped and restored, ID numbers left to the unique index, duplicates explained
// in a second pass): the outcome must not differ from the row-by-row one.
TEST_P(ImportsTest, BulkLoadsKeepIndexesAndReportDuplicates) {
  const auto indexes = MemberIndexes();
  ASSERT_GE(indexes.size(), 5u);
  if (GetParam() == "postgres") {
    ASSERT_TRUE(indexes.count("members_org_id_fkey FOREIGN KEY (org_id) REFERENCES orgs(id)"));
  }
  std::string file = Header() + Rows(0, 12000);
  auto applied = Upload("members", file, false, admin_);
  ASSERT_EQ(applied.status, 200) << applied.body.substr(0, 500);
  EXPECT_EQ(applied.Json()["applied"], 12000);
  EXPECT_EQ(MemberIndexes(), indexes);
  EXPECT_EQ(MemberCount(), 12000);
  EXPECT_EQ(Get("/api/members?q=13900000042", admin_).Json()["total"], 1);  // mobile index
  EXPECT_EQ(Get("/api/orgs/" + std::to_string(branch_) + "/stats", admin_)
                .Json()["members_by_status"]["full"],
            12000);
  // A bigger second file repeating one stored member (row 9,002) and one of its own rows
  // (row 12,003 repeats row 12,002): both reported, nothing applied, indexes intact.
  std::string second =
      Header() + Rows(20000, 9000) + Rows(5, 1) + Rows(29000, 3000) + Rows(31999, 1);
  auto dup = Upload("members", second, false, admin_);
  ASSERT_EQ(dup.status, 422) << dup.body.substr(0, 500);
  std::set<int64_t> rows;
  json report = dup.Json();
  for (auto& p : report["problems"]) rows.insert(p["row"].get<int64_t>());
  EXPECT_EQ(rows, (std::set<int64_t>{9002, 12003}));
  EXPECT_EQ(MemberCount(), 12000);
  EXPECT_EQ(MemberIndexes(), indexes);
}

TEST_P(ImportsTest, EveryBadRowIsReportedAndNothingIsApplied) {
  std::string bad_checksum = Row("错号", "44030519900101123", branch_);
  bad_checksum.replace(bad_checksum.find("440305199001011"), 18, "440305199001011230");
  std::string file = Header() +                                                     //
                     Row("张三丰", "44030519900101123", branch_) +                  // row 2: fine
                     bad_checksum +                                                 // row 3
                     Row("王五", "44030519920202234", branch_, "皇帝") +            // row 4
                     Row("赵六", "44030519930303345", branch_, "正式党员", "中") +  // row 5
                     Row("钱七", "44030519940404456", other_) +     // row 6: in scope
                     Row("孙八", "44030519950505567", street_a_) +  // row 7: not a branch
                     Row("张三丰", "44030519900101123", branch_) +  // row 8: duplicate
                     ",男,汉族,,,,,,,,,,\n";                        // row 9: empty
  MakeUser("nanshan", "street_admin", street_a_);
  auto street = Login("nanshan", kPassword);
  auto dry = Upload("members", file, true, street);
  ASSERT_EQ(dry.status, 200) << dry.body;
  std::map<int64_t, std::set<std::string>> got;
  json report = dry.Json();
  for (auto& p : report["problems"])
    got[p["row"].get<int64_t>()].insert(p["column"].get<std::string>());
  EXPECT_EQ(got.count(2), 0u);
  EXPECT_TRUE(got[3].count("公民身份号码")) << dry.body;
  EXPECT_TRUE(got[4].count("人员类别"));
  EXPECT_TRUE(got[5].count("性别"));
  EXPECT_TRUE(got[6].count("党组织"));  // another district: outside the street's scope
  EXPECT_TRUE(got[7].count("党组织"));
  EXPECT_TRUE(got[8].count("公民身份号码"));
  EXPECT_TRUE(got[9].count("姓名"));
  EXPECT_TRUE(got[9].count("公民身份号码"));
  auto apply = Upload("members", file, false, street);
  EXPECT_EQ(apply.status, 422);
  EXPECT_EQ(MemberCount(), 0);  // all or nothing: not even row 2
}

// The pipeline's rules and the identifier rules apply to imported rows as to POST
// /api/members: each bad row is reported in the column of the offending field, and the
// file is refused whole.
TEST_P(ImportsTest, EveryRowBreakingThePipelinesRulesIsReported) {
  const std::string today = orgs::TodayInShanghai(runtime_->context());
  auto ago = [&](int months) { return domain::AddMonths(today, -months); };
  std::string unborn = "440305" + domain::AddYears(today, 1).substr(0, 4) + "0101123";
  std::string file =
      StagesHeader() + Row("张三丰", "44030519900101123", branch_) +  // row 2: fine
      StagedRow("一月积极", "44030519900202123", "发展对象", "", "", ago(14), ago(13),
                ago(12)) +  // row 3: a candidate a month after becoming an activist
      StagedRow("同日", "44030519900303123", "预备党员", ago(2), "", ago(2), ago(2),
                ago(2)) +  // row 4: every date one day
      StagedRow("三年", "44030519900404123", "正式党员", "2015-07-01", "2018-07-01", "", "",
                "") +  // row 5: full three years after joining
      StagedRow("无日期", "44030519900505123", "正式党员", "", "", "", "",
                "") +                                                        // row 6: no dates
      StagedRow("未生", unborn, "正式党员", "2015-07-01", "", "", "", "") +  // row 7: unborn
      StagedRow("二十", "20030519900606123", "正式党员", "2015-07-01", "", "", "",
                "") +  // row 8: no province 20
      StagedRow("非数", "44030519900707123", "正式党员", "nan", "", "", "", "") +  // row 9
      StagedRow("预备中", "44030519900808123", "正式党员", ago(3), "", ago(30), ago(28),
                ago(14));  // row 10: still on probation
  auto dry = Upload("members", file, true, admin_);
  ASSERT_EQ(dry.status, 200) << dry.body;
  std::map<int64_t, std::set<std::string>> got;
  json report = dry.Json();
  for (auto& p : report["problems"]) {
    got[p["row"].get<int64_t>()].insert(p["column"].get<std::string>());
    EXPECT_FALSE(p["message"].get<std::string>().empty());
  }
  const std::map<int64_t, std::set<std::string>> want = {
      {3, {"确定发展对象日期"}}, {4, {"确定发展对象日期"}}, {5, {"转正日期"}}, {6, {"入党日期"}},
      {7, {"公民身份号码"}},     {8, {"公民身份号码"}},     {9, {"入党日期"}}, {10, {"入党日期"}}};
  EXPECT_EQ(got, want) << dry.body;
  auto apply = Upload("members", file, false, admin_);
  EXPECT_EQ(apply.status, 422);
  EXPECT_EQ(apply.ErrorCode(), "import_problems");
  EXPECT_EQ(MemberCount(), 0);  // nothing stored, not even row 2
}

// GB 32100's registering authority and kind of organization, on the units import.
TEST_P(ImportsTest, UnitRowsWithAnUnknownRegisteringAuthorityAreReported) {
  std::string header =
      "单位名称,统一社会信用代码,单位类型,从业人数,所在地区代码,地址,所属党组织ID,覆盖方式,"
      "覆盖党组织ID,党建指导员,所在园区或楼宇信用代码\n";
  std::string s = std::to_string(street_a_);
  auto row = [&](const std::string& name, const std::string& first2, const std::string& body8) {
    return name + "," + domain::CreditCodeFrom(first2 + "440305", body8) + ",企业,10,440305,," + s +
           ",未覆盖,,,\n";
  };
  std::string file = header + row("好公司", "91", "MA5AB001") +  // row 2: fine
                     row("零号公司", "01", "MA5AB002") +         // row 3: no authority 0
                     row("九五公司", "95", "MA5AB003") +         // row 4: 工商 has no kind 5
                     row("其他二", "Y2", "MA5AB004");            // row 5: 其他 is kind 1 only
  auto dry = Upload("units", file, true, admin_);
  ASSERT_EQ(dry.status, 200) << dry.body;
  std::map<int64_t, std::set<std::string>> got;
  json report = dry.Json();
  for (auto& p : report["problems"])
    got[p["row"].get<int64_t>()].insert(p["column"].get<std::string>());
  const std::map<int64_t, std::set<std::string>> want = {
      {3, {"统一社会信用代码"}}, {4, {"统一社会信用代码"}}, {5, {"统一社会信用代码"}}};
  EXPECT_EQ(got, want) << dry.body;
  EXPECT_EQ(Upload("units", file, false, admin_).status, 422);
  EXPECT_EQ(Get("/api/units", admin_).Json()["total"], 0);
}

TEST_P(ImportsTest, Gb18030CsvAndXlsx) {
  std::string file = Header() + Row("张三丰", "44030519900101123", branch_);
  auto gb = Upload("members", ToGb18030(file), false, admin_);
  ASSERT_EQ(gb.status, 200) << gb.body;
  EXPECT_EQ(Get("/api/members", admin_).Json()["items"][0]["name"], "张三丰");
  // An .xlsx written by libxlsxwriter, read back by the importer.
  auto table = ReadCsv(Header() + Row("李四", "44030519920202234", branch_));
  ASSERT_TRUE(table);
  auto xlsx = WriteXlsx(*table, "党员");
  ASSERT_TRUE(xlsx);
  auto res = Upload("members", *xlsx, false, admin_,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(MemberCount(), 2);
}

TEST_P(ImportsTest, UnreadableFilesHeadersAndLimits) {
  EXPECT_EQ(Upload("members", "", true, admin_).status, 400);
  EXPECT_EQ(Upload("members", "名字,性别\n张三,男\n", true, admin_).ErrorCode(), "wrong_header");
  EXPECT_EQ(Upload("members", std::string("PK\x03\x04garbage", 11), true, admin_).ErrorCode(),
            "unreadable_file");
  EXPECT_EQ(Upload("members", Header() + "\"unclosed,男\n", true, admin_).ErrorCode(),
            "unreadable_file");
  EXPECT_EQ(Upload("members", Header() + "\xff\xfe\xfd\n", true, admin_).status, 400);
  EXPECT_EQ(Upload("members", Header(), true, admin_).Json()["rows"], 0);
  EXPECT_EQ(Call({"POST", "/api/imports/members?dry_run=yes", Header(), "text/csv", admin_}).status,
            400);
  EXPECT_EQ(Upload("palace", Header(), true, admin_).status, 404);
  // Over the upload limit (3 MiB here): 413, and the server carries on.
  std::string big = Header();
  while (big.size() < 3200 * 1024) big += Row("张三丰", "44030519900101123", branch_);
  EXPECT_EQ(Upload("members", big, true, admin_).status, 413);
  // Other routes keep their own (1 MiB) limit: under it, a body is parsed as usual.
  EXPECT_EQ(
      Call({"POST", "/api/units", std::string(200 * 1024, ' '), "application/json", admin_}).status,
      400);
  EXPECT_EQ(Get("/healthz").status, 200);
}

// The answer to an upload that may not proceed comes from its header alone: the body (here
// 2.5 MB, over the 1 MiB JSON limit) is never sent, so a client that holds it back gets
// the answer at once, and the server buffers nothing.
TEST_P(ImportsTest, UploadsAreRefusedFromTheHeaderBeforeTheBody) {
  auto head_only = [&](const std::string& target, const std::string& cookie,
                       int timeout_ms = 3000) {
    std::string h = "POST " + target +
                    " HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 2500000\r\n";
    if (!cookie.empty()) h += "Cookie: " + cookie + "\r\n";
    return SendRaw(port_, h + "\r\n", timeout_ms);
  };
  auto anonymous = head_only("/api/imports/members", "");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.headers["connection"], "close");
  EXPECT_EQ(head_only("/api/imports/palace", admin_).status, 404);
  EXPECT_EQ(head_only("/api/no/such/route", "").status, 404);
  EXPECT_EQ(head_only("/api/units", admin_).ErrorCode(), "body_too_large");  // not an upload
  MakeUser("dangyuan", "member", branch_);
  for (const std::string& who :
       {std::string("auditor"), std::string("security"), std::string("dangyuan")}) {
    auto cookie = Login(who, kPassword);
    EXPECT_EQ(head_only("/api/imports/members", cookie).status, 403) << who;
    EXPECT_EQ(head_only("/api/imports/units", cookie).status, 403) << who;
    // A small file too: refused before the parser sees it.
    EXPECT_EQ(Upload("members", "\"unclosed", true, cookie).status, 403) << who;
  }
  // Eight connections holding their bodies back are all answered, and the server serves on.
  std::vector<HttpResult> held;
  for (int i = 0; i < 8; ++i) held.push_back(head_only("/api/imports/members", ""));
  for (const auto& r : held) EXPECT_EQ(r.status, 401);
  // Admitted: the server waits for the body (no answer within half a second).
  EXPECT_EQ(head_only("/api/imports/members?dry_run=1", admin_, 500).status, 0);
  EXPECT_EQ(Get("/healthz").status, 200);
}

// The parser stops at the template's shape: columns, cells per row, rows, and XLSX rows
// addressed far beyond the content, each refused as unreadable at once.
TEST_P(ImportsTest, HostileFilesAreRefusedWithinTheTemplatesShape) {
  // A line of a million commas (1 MB): refused at the column limit.
  auto commas = Upload("members", Header() + std::string(1'000'000, ','), true, admin_);
  EXPECT_EQ(commas.status, 400);
  EXPECT_EQ(commas.ErrorCode(), "unreadable_file");
  // Rows beyond an Excel sheet's 1,048,576.
  auto lines = Upload("members", Header() + std::string(1'100'000, '\n'), true, admin_);
  EXPECT_EQ(lines.ErrorCode(), "unreadable_file");
  // An XLSX whose one cell sits at A2000000, and one at A900000 with nothing before it.
  for (const char* ref : {"A2000000", "A900000"}) {
    Table t{imports::Columns(imports::Kind::kMembers)};
    auto xlsx = WriteXlsx(t, "党员");
    ASSERT_TRUE(xlsx);
    // Re-address the header's first cell: libxlsxwriter writes <c r="A1" …>.
    std::string sheet = ReadXlsxEntryForTest(*xlsx, "xl/worksheets/sheet1.xml");
    ASSERT_NE(sheet.find("<row r=\"1\""), std::string::npos);
    sheet.replace(sheet.find("<row r=\"1\""), 10, std::string("<row r=\"") + (ref + 1) + "\"");
    sheet.replace(sheet.find("r=\"A1\""), 6, std::string("r=\"") + ref + "\"");
    std::string forged = WriteXlsxEntryForTest(*xlsx, "xl/worksheets/sheet1.xml", sheet);
    auto res = Upload("members", forged, true, admin_);
    EXPECT_EQ(res.status, 400) << ref << res.body;
    EXPECT_EQ(res.ErrorCode(), "unreadable_file") << ref;
    EXPECT_LT(res.body.size(), 1000u) << ref;
  }
  // Shared strings by the million (<si/> inflates far beyond any workbook): refused.
  {
    Table t{imports::Columns(imports::Kind::kMembers)};
    auto xlsx = WriteXlsx(t, "党员");
    ASSERT_TRUE(xlsx);
    std::string bomb =
        "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/"
        "spreadsheetml/2006/main\">";
    for (int i = 0; i < 3'000'000; ++i) bomb += "<si/>";
    bomb += "</sst>";
    auto res =
        Upload("members", WriteXlsxEntryForTest(*xlsx, "xl/sharedStrings.xml", bomb), true, admin_);
    EXPECT_EQ(res.ErrorCode(), "unreadable_file") << res.body;
  }
  EXPECT_EQ(Get("/healthz").status, 200);
}

// Most branches' ledgers are named past Excel's 31-character sheet limit
// ("中共…社区第一支部委员会组织生活台账2026"): every spreadsheet export still answers a
// readable workbook (sheet name cut between characters, without [ ] : * ? / \).
TEST_P(ImportsTest, EverySpreadsheetExportWorksForALongName) {
  const std::string name =
      "中共深圳市南山区粤海街道科技园社区[第一]联合党支部委员会：高新*园?区/"
      "楼宇\\第二党小组所在支部";
  int64_t org = MakeOrg(admin_, street_a_, name, "joint_branch");
  ASSERT_GT(org, 0);
  ASSERT_EQ(
      Upload("members", Header() + Row("张三丰", "44030519900101123", org), false, admin_).status,
      200);
  const std::string id = std::to_string(org);
  for (const std::string& path : std::vector<std::string>{
           "/api/orgs/" + id + "/ledger.xlsx?year=2026", "/api/exports/members.xlsx",
           "/api/exports/members.csv", std::string("/api/exports/orgs.xlsx"),
           "/api/exports/orgs.csv", "/api/exports/units.xlsx", "/api/exports/units.csv",
           "/api/imports/templates/members.xlsx", "/api/imports/templates/units.xlsx"}) {
    auto r = Get(path, admin_);
    ASSERT_EQ(r.status, 200) << path << " " << r.body.substr(0, 300);
    if (path.find(".xlsx") == std::string::npos) continue;
    EXPECT_TRUE(ReadXlsx(r.body)) << path;
    std::string workbook = ReadXlsxEntryForTest(r.body, "xl/workbook.xml");
    auto at = workbook.find("<sheet name=\"");
    ASSERT_NE(at, std::string::npos) << path;
    std::string sheet = workbook.substr(at + 13, workbook.find('"', at + 13) - at - 13);
    EXPECT_LE(Utf8Length(sheet), 31u) << path << " " << sheet;
    EXPECT_EQ(sheet.find_first_of("[]:*?/\\"), std::string::npos) << path << " " << sheet;
  }
  EXPECT_EQ(Get("/healthz").status, 200);
}

TEST(SheetNames, CutBetweenCharactersWithinExcelsLimits) {
  EXPECT_EQ(SheetName("党员"), "党员");
  EXPECT_EQ(SheetName(""), "Sheet1");
  EXPECT_EQ(SheetName("[]:*?/\\"), "Sheet1");
  EXPECT_EQ(SheetName("'引号'"), "引号");
  EXPECT_EQ(SheetName("a[b]c:d*e?f/g\\h"), "abcdefgh");
  std::string longest;
  for (int i = 0; i < 40; ++i) longest += "党";
  EXPECT_EQ(Utf8Length(SheetName(longest)), 31u);
  EXPECT_TRUE(IsValidUtf8(SheetName(longest)));
  // A character beyond the BMP counts two, as Excel counts UTF-16 units.
  std::string emoji;
  for (int i = 0; i < 20; ++i) emoji += "\xF0\x9F\x98\x80";
  EXPECT_EQ(Utf8Length(SheetName(emoji)), 15u);
  EXPECT_EQ(SheetName("ab\xE5\x85"), "ab");  // a cut-off character is dropped
}

TEST_P(ImportsTest, UnitsImportResolvesHostsWithinTheFile) {
  std::string header =
      "单位名称,统一社会信用代码,单位类型,从业人数,所在地区代码,地址,所属党组织ID,覆盖方式,"
      "覆盖党组织ID,党建指导员,所在园区或楼宇信用代码\n";
  std::string park = domain::CreditCodeFrom("91440305", "MA5PARK1");
  std::string firm = domain::CreditCodeFrom("91440305", "MA5ABCDE");
  std::string s = std::to_string(street_a_), b = std::to_string(branch_);
  std::string file =
      header + "南山科技园," + park + ",园区,0,440305,,," + s + ",未覆盖,,李指导员,\n";
  file.replace(file.find(",,," + s), 3 + s.size(), ",," + s);  // no address
  file += "某科技公司," + firm + ",企业,120,440305,科技园南区," + s + ",单独组建," + b + ",," +
          park + "\n";
  auto res = Upload("units", file, false, admin_);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.Json()["applied"], 2);
  auto list = Get("/api/units?type=enterprise", admin_).Json();
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["coverage"], "own");
  EXPECT_TRUE(list["items"][0]["host_unit_id"].is_number());
  std::string bad = header + "无名公司," + firm.substr(0, 17) + "0,企业,x,,,," + s + ",瞎写,,,\n";
  auto dry = Upload("units", bad, true, admin_);
  std::set<std::string> columns;
  json report = dry.Json();
  for (auto& p : report["problems"]) columns.insert(p["column"].get<std::string>());
  EXPECT_TRUE(columns.count("从业人数"));
  EXPECT_TRUE(columns.count("覆盖方式"));
}

TEST_P(ImportsTest, ExportsRespectScopeAndMasking) {
  ASSERT_EQ(Upload("members",
                   Header() + Row("张三丰", "44030519900101123", branch_) +
                       Row("王五", "44030419850505345", other_),
                   false, admin_)
                .status,
            200);
  MakeUser("nanshan", "street_admin", street_a_);
  auto street = Login("nanshan", kPassword);
  auto csv = Get("/api/exports/members.csv", street);
  ASSERT_EQ(csv.status, 200);
  auto rows = ReadCsv(csv.body);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);  // the header and the street's one member
  EXPECT_EQ((*rows)[1][0], "张三丰");
  EXPECT_EQ((*rows)[1][4], domain::MaskCitizenId(CitizenId("44030519900101123")));
  EXPECT_EQ((*rows)[1][5], "138****5678");
  EXPECT_EQ(csv.body.find(CitizenId("44030519900101123")), std::string::npos);
  // The organization as its id, under a header that says so, and its name at the end.
  EXPECT_EQ((*rows)[0][7], "党组织ID");
  EXPECT_EQ((*rows)[1][7], std::to_string(branch_));
  EXPECT_EQ((*rows)[0].end()[-2], "党组织名称");
  EXPECT_EQ((*rows)[1].end()[-2], kBranchName);
  auto xlsx = Get("/api/exports/members.xlsx?q=zsf", admin_);
  ASSERT_EQ(xlsx.status, 200);
  auto sheet = ReadXlsx(xlsx.body);
  ASSERT_TRUE(sheet);
  ASSERT_EQ(sheet->size(), 2u);
  EXPECT_EQ((*sheet)[1][0], "张三丰");
  EXPECT_EQ(Get("/api/exports/members.csv?status=emperor", admin_).status, 400);
  EXPECT_EQ(Get("/api/exports/orgs.csv?q=jgdy", admin_).status, 200);
  EXPECT_EQ(ReadCsv(Get("/api/exports/orgs.csv?q=jgdy", admin_).body)->size(), 3u);
  auto units = Get("/api/exports/units.csv", street);
  ASSERT_EQ(units.status, 200);
  auto unit_header = (*ReadCsv(units.body))[0];
  EXPECT_NE(std::find(unit_header.begin(), unit_header.end(), "所属党组织ID"), unit_header.end());
  EXPECT_NE(std::find(unit_header.begin(), unit_header.end(), "所属党组织名称"), unit_header.end());
  auto audit = Get("/api/audit?action=member.export", Login("auditor", kPassword)).Json();
  EXPECT_EQ(audit["total"], 2);  // the refused export is not one
}

}  // namespace
}  // namespace jiceng::testing
