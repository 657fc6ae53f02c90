#include "service/import_service.h"

#include <algorithm>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <unordered_set>

#include "domain/identifiers.h"
#include "domain/members.h"
#include "domain/units.h"
#include "platform/clock.h"
#include "platform/crypto.h"
#include "service/audit_service.h"
#include "service/member_service.h"
#include "service/unit_service.h"
#include "store/db.h"
#include "store/member_repo.h"
#include "store/unit_repo.h"

namespace jiceng::imports {
namespace {

// Column names, and the API field each one feeds (to place a rule's error in its column).
struct Column {
  const char* name;
  const char* field;
};
constexpr Column kMemberColumns[] = {{"姓名", "name"},
                                     {"性别", "gender"},
                                     {"民族", "ethnicity"},
                                     {"出生日期", "birth_date"},
                                     {"公民身份号码", "national_id"},
                                     {"手机号码", "mobile"},
                                     {"学历", "education"},
                                     {"党组织ID", "org_id"},
                                     {"人员类别", "status"},
                                     {"入党日期", "joined_on"},
                                     {"转正日期", "full_on"},
                                     {"工作单位", "work_unit"},
                                     {"是否深户", "shenzhen_hukou"},
                                     {"申请入党日期", "applied_on"},
                                     {"确定积极分子日期", "activist_on"},
                                     {"确定发展对象日期", "candidate_on"}};
constexpr size_t kMemberRequiredColumns = 13;  // the rest may be left out

constexpr Column kUnitColumns[] = {{"单位名称", "name"},
                                   {"统一社会信用代码", "credit_code"},
                                   {"单位类型", "type"},
                                   {"从业人数", "employees"},
                                   {"所在地区代码", "area_code"},
                                   {"地址", "address"},
                                   {"所属党组织ID", "org_id"},
                                   {"覆盖方式", "coverage"},
                                   {"覆盖党组织ID", "covering_org_id"},
                                   {"党建指导员", "instructor"},
                                   {"所在园区或楼宇信用代码", "host_unit_id"}};
constexpr size_t kUnitRequiredColumns = 11;

constexpr std::pair<const char*, const char*> kCoverageNames[] = {
    {"单独组建", "own"}, {"联合组建", "joint"}, {"未覆盖", "none"}};

std::span<const Column> ColumnsOf(Kind kind) {
  if (kind == Kind::kMembers) return kMemberColumns;
  return kUnitColumns;
}

std::string Trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// One row's cells by column index, trimmed; "" past the end.
struct Cells {
  const std::vector<std::string>& row;
  std::string operator[](size_t i) const { return i < row.size() ? Trim(row[i]) : ""; }
};

class Collector {
 public:
  Collector(Report& report, std::span<const Column> columns) : report_(report), columns_(columns) {}
  void Add(int64_t row, const std::string& column, const std::string& message) {
    ++report_.problems_total;
    if (report_.problems.size() < kMaxProblems) report_.problems.push_back({row, column, message});
  }
  // Places a service error in the column of its field (the whole row when it has none).
  void Add(int64_t row, const Error& e) {
    // Scope and existence failures concern the organization named in the row.
    std::string field = e.kind == ErrorKind::kNotFound && e.field.empty() ? "org_id" : e.field;
    std::string message =
        e.kind == ErrorKind::kNotFound
            ? "党组织不存在或不在管辖范围内 / organization not found in your scope"
            : e.message;
    std::string column;
    for (const auto& c : columns_)
      if (field == c.field) column = c.name;
    Add(row, column, message);
  }

 private:
  Report& report_;
  std::span<const Column> columns_;
};

// A date cell: YYYY-MM-DD, or an Excel date serial from an XLSX date-formatted cell —
// digits with at most a decimal fraction, nothing else that strtod would take for a number
// ("nan", "1e3", "0x1p4", " 5"). Anything else is passed on as written, for the rules to
// refuse by its field.
std::string DateCell(const std::string& v) {
  size_t digits = v.find_first_not_of("0123456789");
  bool serial =
      digits != 0 && (digits == std::string::npos ||
                      (v[digits] == '.' && digits + 1 < v.size() &&
                       v.find_first_not_of("0123456789", digits + 1) == std::string::npos));
  if (serial)
    if (auto d = ExcelSerialToDate(v); !d.empty()) return d;
  return v;
}

std::optional<int64_t> IdCell(const std::string& v) {
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(v);
}

// Maps a member row to the input of members::Prepare; problems with the cells' format
// are collected, rule checks are left to Prepare.
std::optional<members::MemberInput> MemberRow(const Cells& c, int64_t row, Collector& out) {
  members::MemberInput in;
  bool ok = true;
  auto bad = [&](size_t col, const std::string& message) {
    out.Add(row, kMemberColumns[col].name, message);
    ok = false;
  };
  in.name = c[0];
  if (in.name.empty()) bad(0, "必填 / required");
  std::string gender = c[1];
  if (gender == "男")
    in.gender = "male";
  else if (gender == "女")
    in.gender = "female";
  else if (!gender.empty())
    bad(1, "须为“男”或“女” / must be 男 or 女");
  in.ethnicity = c[2];
  std::string birth = DateCell(c[3]);
  in.national_id = c[4];
  if (in.national_id.empty()) bad(4, "必填 / required");
  if (!in.national_id.empty()) {
    // The birth date is part of the ID number; the column must agree with it.
    auto id = domain::ParseCitizenId(in.national_id);
    if (!id)
      bad(4, id.error().message);
    else if (!birth.empty()) {
      char from_id[32];
      std::snprintf(from_id, sizeof from_id, "%04d-%02d-%02d", id->birth_year % 10000,
                    id->birth_month % 100, id->birth_day % 100);
      if (birth != from_id) bad(3, "与公民身份号码不符 / does not match the ID number");
    }
  }
  in.mobile = c[5];
  in.education = c[6];
  if (auto org = IdCell(c[7]))
    in.org_id = *org;
  else
    bad(7, "须为党组织的数字ID / must be the organization's numeric id");
  if (auto status = domain::MemberStatusFromTemplateName(c[8]))
    in.status = std::string(domain::MemberStatusCode(*status));
  else
    bad(8, "须为申请人、积极分子、发展对象、预备党员或正式党员 / unknown category");
  in.joined_on = DateCell(c[9]);
  in.full_on = DateCell(c[10]);
  in.work_unit = c[11];
  std::string hukou = c[12];
  if (hukou == "是")
    in.shenzhen_hukou = true;
  else if (hukou == "否" || hukou.empty())
    in.shenzhen_hukou = false;
  else
    bad(12, "须为“是”或“否” / must be 是 or 否");
  in.applied_on = DateCell(c[13]);
  in.activist_on = DateCell(c[14]);
  in.candidate_on = DateCell(c[15]);
  if (!ok) return std::nullopt;
  return in;
}

std::optional<units::UnitInput> UnitRow(const Cells& c, int64_t row, store::Tx& tx,
                                        Collector& out) {
  units::UnitInput in;
  bool ok = true;
  auto bad = [&](size_t col, const std::string& message) {
    out.Add(row, kUnitColumns[col].name, message);
    ok = false;
  };
  in.name = c[0];
  in.credit_code = c[1];
  std::string type = c[2];
  for (auto t : domain::AllUnitTypes())
    if (type == domain::UnitTypeName(t)) in.type = std::string(domain::UnitTypeCode(t));
  if (in.type.empty()) bad(2, "须为企业、社会组织、互联网企业、商务楼宇或园区 / unknown type");
  if (!c[3].empty()) {
    if (auto n = IdCell(c[3]))
      in.employees = *n;
    else
      bad(3, "须为非负整数 / must be a whole number");
  }
  in.area_code = c[4];
  in.address = c[5];
  if (auto org = IdCell(c[6]))
    in.org_id = *org;
  else
    bad(6, "须为党组织的数字ID / must be the organization's numeric id");
  std::string coverage = c[7];
  in.coverage = coverage.empty() ? "none" : "";
  for (auto [zh, code] : kCoverageNames)
    if (coverage == zh) in.coverage = code;
  if (in.coverage.empty()) bad(7, "须为单独组建、联合组建或未覆盖 / unknown coverage");
  if (!c[8].empty()) {
    if (auto org = IdCell(c[8]))
      in.covering_org_id = *org;
    else
      bad(8, "须为党组织的数字ID / must be the organization's numeric id");
  }
  in.instructor = c[9];
  if (!c[10].empty()) {
    // The host may be registered earlier in the same file: it is in this transaction.
    auto host = store::UnitRepository::FindIdByCreditCode(tx, c[10]);
    if (host)
      in.host_unit_id = *host;
    else
      bad(10, "未找到该信用代码的园区或楼宇 / no park or building with this code");
  }
  if (!ok) return std::nullopt;
  return in;
}

Status CheckHeader(const Table& table, Kind kind) {
  auto columns = ColumnsOf(kind);
  size_t required = kind == Kind::kMembers ? kMemberRequiredColumns : kUnitRequiredColumns;
  if (table.empty()) return BadInput("file", "文件为空 / the file is empty");
  const auto& header = table[0];
  for (size_t i = 0; i < columns.size(); ++i) {
    std::string got = i < header.size() ? Trim(header[i]) : "";
    if (i >= required && got.empty()) break;
    if (got != columns[i].name)
      return Fail(ErrorKind::kBadInput, "wrong_header",
                  "第1行第" + std::to_string(i + 1) + "列应为“" + columns[i].name +
                      "”，请使用导入模板 / column " + std::to_string(i + 1) +
                      " of the header must "
                      "be " +
                      columns[i].name + "; use the template",
                  "file");
  }
  return {};
}

// Forces the write transaction to roll back after a dry run or a failed apply.
constexpr const char* kRollback = "import_rollback";

// Member rows checked off the writer's thread: the records to insert (row, record) and the
// problems found, in row order.
struct PreparedChunk {
  std::vector<store::MemberRecord> records;
  std::vector<int64_t> rows;          // the file row of each record
  std::vector<store::Params> params;  // the insert's parameters of each record
  Report problems;
};
constexpr size_t kChunkRows = 8192;

PreparedChunk PrepareMembers(const Context& ctx, const Actor& actor, const Table& table,
                             size_t begin, size_t end) {
  PreparedChunk chunk;
  Collector problems(chunk.problems, kMemberColumns);
  for (size_t i = begin; i < end; ++i) {
    int64_t row = static_cast<int64_t>(i) + 1;
    auto in = MemberRow(Cells{table[i]}, row, problems);
    if (!in) continue;
    auto record = members::Prepare(ctx, actor, *in);
    if (!record) {
      problems.Add(row, record.error());
    } else {
      chunk.params.push_back(store::MemberRepository::RowParams(*record));
      chunk.records.push_back(std::move(*record));
      chunk.rows.push_back(row);
    }
  }
  return chunk;
}

}  // namespace

std::optional<Kind> ParseKind(std::string_view code) {
  if (code == "members") return Kind::kMembers;
  if (code == "units") return Kind::kUnits;
  return std::nullopt;
}

const std::vector<std::string>& Columns(Kind kind) {
  static const std::vector<std::string> members = [] {
    std::vector<std::string> v;
    for (const auto& c : kMemberColumns) v.push_back(c.name);
    return v;
  }();
  static const std::vector<std::string> units = [] {
    std::vector<std::string> v;
    for (const auto& c : kUnitColumns) v.push_back(c.name);
    return v;
  }();
  return kind == Kind::kMembers ? members : units;
}

Table Template(Kind kind) { return {Columns(kind)}; }

namespace {

// Imports the member rows of `table` in the caller's transaction; returns how many were
// stored. A pipeline: the next chunk is parsed, checked and sealed on another thread while
// this one (the store's writer) inserts the current chunk; a spent chunk is freed by the
// thread that prepares the one after, off the writer.
int64_t ImportMembers(store::Tx& tx, const Context& ctx, const Actor& actor, const Table& table,
                      Collector& problems, bool check_duplicates,
                      std::vector<members::IdHit>& hits) {
  int64_t stored = 0;
  members::BranchChecks branches;
  std::unordered_set<std::string> seen;
  if (check_duplicates) seen.reserve(table.size());
  auto prepare = [&](size_t begin, PreparedChunk spent) {
    return std::async(std::launch::async, [&, begin, spent = std::move(spent)]() mutable {
      spent = {};
      return PrepareMembers(ctx, actor, table, begin, std::min(table.size(), begin + kChunkRows));
    });
  };
  auto next = prepare(1, {});
  PreparedChunk spent;
  store::MemberRepository::MemberCounts counts;
  for (size_t begin = 1; begin < table.size(); begin += kChunkRows) {
    PreparedChunk chunk = next.get();
    if (begin + kChunkRows < table.size()) next = prepare(begin + kChunkRows, std::move(spent));
    std::vector<Problem> found = std::move(chunk.problems.problems);
    auto failed = members::InsertBatch(tx, chunk.records, chunk.params, branches,
                                       check_duplicates ? &seen : nullptr, counts,
                                       [&](const members::IdHit& hit) {
                                         hits.push_back(hit);
                                         return members::DuplicateError(ctx, actor, hit);
                                       });
    stored += static_cast<int64_t>(chunk.records.size() - failed.size());
    Report store_problems;
    Collector collect(store_problems, kMemberColumns);
    for (const auto& [i, error] : failed) collect.Add(chunk.rows[i], error);
    found.insert(found.end(), store_problems.problems.begin(), store_problems.problems.end());
    // Cell problems and store problems of a row side by side, rows in file order.
    std::stable_sort(found.begin(), found.end(),
                     [](const Problem& a, const Problem& b) { return a.row < b.row; });
    for (auto& p : found) problems.Add(p.row, p.column, p.message);
    spent = std::move(chunk);
  }
  store::MemberRepository::AddCounts(tx, counts);
  return stored;
}

Result<Report> RunOnce(const Context& ctx, const Actor& actor, Kind kind, const Table& table,
                       std::string_view bytes, bool dry_run, bool check_duplicates,
                       std::vector<members::IdHit>& hits) {
  Report report;
  report.dry_run = dry_run;
  report.rows = static_cast<int64_t>(table.size()) - 1;
  Collector problems(report, ColumnsOf(kind));
  int64_t stored = 0;
  auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
    std::vector<std::string> rebuild;
    if (kind == Kind::kMembers) {
      rebuild = store::MemberRepository::BeginBulkLoad(tx, report.rows);
      stored = ImportMembers(tx, ctx, actor, table, problems, check_duplicates, hits);
    }
    for (size_t i = 1; kind == Kind::kUnits && i < table.size(); ++i) {
      int64_t row = static_cast<int64_t>(i) + 1;
      auto in = UnitRow(Cells{table[i]}, row, tx, problems);
      if (!in) continue;
      if (auto u = units::CreateInTx(tx, ctx, actor, *in); !u)
        problems.Add(row, u.error());
      else
        ++stored;
    }
    if (dry_run || report.problems_total > 0)
      return Fail(ErrorKind::kConflict, kRollback, "rolled back");  // indexes come back too
    store::MemberRepository::FinishBulkLoad(tx, rebuild);
    audit::Record(
        tx, ctx, actor,
        {kind == Kind::kMembers ? "member.import" : "unit.import", "import", std::nullopt,
         std::nullopt, std::nullopt,
         nlohmann::json{{"rows", stored}, {"file_sha256", crypto::Sha256Hex(bytes)}}.dump()});
    return {};
  });
  if (!done && done.error().code != kRollback) return tl::unexpected(done.error());
  if (done) report.applied = stored;
  return report;
}

}  // namespace

Result<Report> Run(const Context& ctx, const Actor& actor, Kind kind, std::string_view bytes,
                   bool dry_run) {
  // An account over its limit of ID-number hits outside its scope reads no file at all.
  if (kind == Kind::kMembers) JICENG_CHECK(members::AdmitRegistration(ctx, actor));
  // The template's shape bounds the parser: its columns and a few more for notes (an
  // export adds 党组织名称 and ID), and as many rows as an Excel sheet holds.
  TableLimits limits;
  limits.max_columns = ColumnsOf(kind).size() + 16;
  JICENG_TRY(table, ReadTable(bytes, limits));
  JICENG_CHECK(CheckHeader(table, kind));
  // Optimistic first: member ID numbers are left to the store's unique index. When it
  // objects, the transaction is gone and the import runs again looking up every ID number,
  // so that each duplicate is reported with its row. Nothing is applied either way then.
  std::vector<members::IdHit> hits;
  try {
    return RunOnce(ctx, actor, kind, table, bytes, dry_run, /*check_duplicates=*/false, hits);
  } catch (const store::StoreError& e) {
    if (e.kind() != store::StoreError::Kind::kUniqueViolation) throw;
  }
  hits.clear();
  auto report = RunOnce(ctx, actor, kind, table, bytes, dry_run, /*check_duplicates=*/true, hits);
  // Every ID number found registered already is audited; when the file holds more hits
  // outside the caller's scope than the account may still make, the rows are not told
  // apart at all (nothing is applied either way: a duplicate rolls the import back).
  int remaining = members::RemainingIdProbes(ctx, actor);
  int outside = members::RecordIdHits(ctx, actor, hits, "import");
  if (outside > remaining) return members::IdProbesExhausted(ctx, actor);
  return report;
}

}  // namespace jiceng::imports
