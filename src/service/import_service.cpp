// Bulk import of members and units (over 700 lines, past the ~600 guideline, on purpose for now):
// the file's rows, the organization resolver, the problem collector, the templates and
// their instructions sheet, and the chunked member pipeline share the column tables and the
// Collector, and read best together. The seam when it grows again: the templates and their
// instructions (TemplateBook, Help, ExampleRow) into import_templates.cpp.
#include "service/import_service.h"

#include <algorithm>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <unordered_set>

#include "domain/access.h"
#include "domain/identifiers.h"
#include "domain/members.h"
#include "domain/units.h"
#include "index/org_tree.h"
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
  const char* old_name = nullptr;  // the header of earlier templates, still accepted
};
constexpr Column kMemberColumns[] = {{"姓名", "name"},
                                     {"性别", "gender"},
                                     {"民族", "ethnicity"},
                                     {"出生日期", "birth_date"},
                                     {"公民身份号码", "national_id"},
                                     {"手机号码", "mobile"},
                                     {"学历", "education"},
                                     {"党组织", "org_id", "党组织ID"},
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
                                   {"所属党组织", "org_id", "所属党组织ID"},
                                   {"覆盖方式", "coverage"},
                                   {"覆盖党组织", "covering_org_id", "覆盖党组织ID"},
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

// What a problem shows of the offending cell: ID numbers and mobiles only in part (the
// same share the masks of lists leave, so the problem list and its download never carry a
// whole number), anything else as written, cut to 100 bytes at a character boundary.
std::string ShownValue(const std::string& field, const std::string& value) {
  bool id = field == "national_id", mobile = field == "mobile";
  if (!id && !mobile) {
    if (value.size() <= 100) return value;
    size_t cut = 100;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
    return value.substr(0, cut) + "…";
  }
  bool ascii = std::all_of(value.begin(), value.end(),
                           [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
  size_t head = id ? 2 : 3, tail = id ? 1 : 4;
  if (!ascii || value.size() < head + tail + 3) return std::string(ascii ? value.size() : 3, '*');
  return value.substr(0, head) + std::string(value.size() - head - tail, '*') +
         value.substr(value.size() - tail);
}

class Collector {
 public:
  Collector(Report& report, std::span<const Column> columns) : report_(report), columns_(columns) {}
  void Add(int64_t row, const std::string& column, const std::string& message,
           const std::string& value = "") {
    ++report_.problems_total;
    // Problems arrive in row order (members chunk by chunk, each sorted; units row by row).
    if (row != last_row_) ++report_.rows_with_problems;
    last_row_ = row;
    if (report_.problems.size() < kMaxProblems)
      report_.problems.push_back({row, column, message, value});
  }
  // Places a service error in the column of its field (the whole row when it has none),
  // with that column's cell of `cells` as the offending value.
  void Add(int64_t row, const Error& e, const std::vector<std::string>* cells = nullptr) {
    // Scope and existence failures concern the organization named in the row.
    std::string field = e.kind == ErrorKind::kNotFound && e.field.empty() ? "org_id" : e.field;
    std::string message =
        e.kind == ErrorKind::kNotFound
            ? "党组织不存在或不在管辖范围内 / organization not found in your scope"
            : e.message;
    std::string column, value;
    for (size_t i = 0; i < columns_.size(); ++i)
      if (field == columns_[i].field) {
        column = columns_[i].name;
        if (cells && i < cells->size()) value = ShownValue(field, (*cells)[i]);
      }
    Add(row, column, message, value);
  }
  // Counts problems found but not kept (beyond another report's kMaxProblems), on rows
  // not counted yet.
  void AddUnlisted(int64_t problems, int64_t rows) {
    report_.problems_total += problems;
    report_.rows_with_problems += rows;
  }

 private:
  Report& report_;
  std::span<const Column> columns_;
  int64_t last_row_ = -1;
};

// Resolves an organization cell to its id: the organization's full name as registered
// (中共…委员会), its 12-digit division code (统一区划代码, the area code stored on it; a
// county's 6 or a township's 9 digits stand for their 12-digit form), or
// — for files made from earlier templates and from exports — its numeric id. Names and
// codes are looked up only among the active organizations within the importer's scope
// (the CLI has none: every organization); a numeric id is passed on, for the service's own
// scope check. Built once per import; read-only after, so prepare threads may share it.
class OrgResolver {
 public:
  OrgResolver(const Context& ctx, const Actor& actor, domain::Permission needed)
      : tree_(ctx.orgs.snapshot()) {
    auto contains = [&](int64_t root, int64_t o) { return tree_->Contains(root, o); };
    for (const auto& n : tree_->nodes) {
      if (n.status != "active") continue;
      if (actor.principal && !domain::Authorize(*actor.principal, needed, n.id, contains)) continue;
      by_name_[n.name].push_back(&n);
      if (!n.area_code.empty()) by_code_[n.area_code].push_back(&n);
    }
  }

  Result<int64_t> Resolve(const std::string& cell, const char* field) const {
    if (cell.empty()) return BadInput(field, "必填：党组织全称或区划代码 / required: name or code");
    bool digits = cell.find_first_not_of("0123456789") == std::string::npos;
    if (digits && cell.size() == 12) {
      // A division code (county 6 + township 3 + community 3 digits).
      return One(by_code_, cell, field,
                 "未找到区划代码为该值的党组织（或不在管辖范围内） / no organization with this "
                 "division code in your scope");
    }
    if (digits && (cell.size() == 6 || cell.size() == 9)) {
      // A county's or a township's code as people often write it, without the trailing
      // zeros of its 12-digit form (440309 → 440309000000, 440309005 → 440309005000).
      // An organization id of that length still works when no organization has the code.
      // An organization may also carry the short code itself (ParseAreaCode takes 6, 9 or
      // 12 digits).
      if (by_code_.contains(cell)) return One(by_code_, cell, field, "");
      std::string code = cell + std::string(12 - cell.size(), '0');
      if (by_code_.contains(code)) return One(by_code_, code, field, "");
    }
    if (digits) {
      if (cell.size() > 18) return BadInput(field, "党组织ID过长 / organization id too long");
      return std::stoll(cell);
    }
    return One(by_name_, cell, field,
               "未找到该名称的党组织（或不在管辖范围内），请填写全称或区划代码 / no organization "
               "with this name in your scope; give the full name or the division code");
  }

 private:
  using Map = std::unordered_map<std::string, std::vector<const index::OrgNode*>>;
  static Result<int64_t> One(const Map& map, const std::string& key, const char* field,
                             const char* unknown) {
    auto it = map.find(key);
    if (it == map.end()) return BadInput(field, unknown);
    if (it->second.size() == 1) return it->second.front()->id;
    std::string candidates;
    for (const auto* n : it->second) {
      if (!candidates.empty()) candidates += "、";
      candidates += n->area_code.empty() ? "ID " + std::to_string(n->id) : n->area_code;
    }
    return BadInput(field, "有多个同名党组织（" + candidates +
                               "），请改填区划代码 / several organizations have this name (" +
                               candidates + "); give the division code");
  }

  std::shared_ptr<const index::OrgTree::Snapshot> tree_;
  Map by_name_, by_code_;
};

// The template's example row starts with this in its first cell; such a row is skipped.
constexpr std::string_view kExampleMark = "【示例】";

bool IsExampleRow(const std::vector<std::string>& row) {
  return !row.empty() && row[0].find_first_not_of(" \t") != std::string::npos &&
         row[0].substr(row[0].find_first_not_of(" \t")).starts_with(kExampleMark);
}

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

// Maps a member row to the input of members::Prepare. Every cell is checked on its own
// and every problem of the row is collected (a missing name does not hide a bad ID number);
// the rules across cells are left to Prepare, which runs only on a row whose cells are fine.
std::optional<members::MemberInput> MemberRow(const Cells& c, int64_t row, const OrgResolver& orgs,
                                              Collector& out) {
  members::MemberInput in;
  bool ok = true;
  auto bad = [&](size_t col, const std::string& message) {
    out.Add(row, kMemberColumns[col].name, message, ShownValue(kMemberColumns[col].field, c[col]));
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
  // A mobile number has 11 digits and starts with 1 (the MIIT numbering plan for public
  // mobile networks, YD/T 2020 ch. 4: 1 + network code + subscriber number).
  if (!in.mobile.empty())
    if (auto m = domain::ParseMobile(in.mobile); !m) bad(5, m.error().message);
  in.education = c[6];
  if (auto org = orgs.Resolve(c[7], "org_id"))
    in.org_id = *org;
  else
    bad(7, org.error().message);
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
                                        const OrgResolver& orgs, Collector& out) {
  units::UnitInput in;
  bool ok = true;
  auto bad = [&](size_t col, const std::string& message) {
    out.Add(row, kUnitColumns[col].name, message, ShownValue(kUnitColumns[col].field, c[col]));
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
  if (auto org = orgs.Resolve(c[6], "org_id"))
    in.org_id = *org;
  else
    bad(6, org.error().message);
  std::string coverage = c[7];
  in.coverage = coverage.empty() ? "none" : "";
  for (auto [zh, code] : kCoverageNames)
    if (coverage == zh) in.coverage = code;
  if (in.coverage.empty()) bad(7, "须为单独组建、联合组建或未覆盖 / unknown coverage");
  if (!c[8].empty()) {
    if (auto org = orgs.Resolve(c[8], "covering_org_id"))
      in.covering_org_id = *org;
    else
      bad(8, org.error().message);
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
    if (got != columns[i].name && (!columns[i].old_name || got != columns[i].old_name))
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

PreparedChunk PrepareMembers(const Context& ctx, const Actor& actor, const OrgResolver& orgs,
                             const Table& table, size_t begin, size_t end) {
  PreparedChunk chunk;
  Collector problems(chunk.problems, kMemberColumns);
  for (size_t i = begin; i < end; ++i) {
    if (IsExampleRow(table[i])) continue;
    int64_t row = static_cast<int64_t>(i) + 1;
    auto in = MemberRow(Cells{table[i]}, row, orgs, problems);
    if (!in) continue;
    auto record = members::Prepare(ctx, actor, *in);
    if (!record) {
      problems.Add(row, record.error(), &table[i]);
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

namespace {

// What the instructions sheet says of a column; `values` are its allowed values (a
// drop-down list), `strict` when nothing else is accepted.
struct Help {
  const char* required;
  const char* format;
  std::vector<std::string> values;
  bool strict = true;
};

// The 56 ethnic groups in the order of GB/T 3304 (中国各民族名称的罗马字母拼写法和代码).
const std::vector<std::string> kEthnicGroups = {
    "汉族",     "蒙古族",   "回族",       "藏族",     "维吾尔族",   "苗族",   "彝族",     "壮族",
    "布依族",   "朝鲜族",   "满族",       "侗族",     "瑶族",       "白族",   "土家族",   "哈尼族",
    "哈萨克族", "傣族",     "黎族",       "傈僳族",   "佤族",       "畲族",   "高山族",   "拉祜族",
    "水族",     "东乡族",   "纳西族",     "景颇族",   "柯尔克孜族", "土族",   "达斡尔族", "仫佬族",
    "羌族",     "布朗族",   "撒拉族",     "毛南族",   "仡佬族",     "锡伯族", "阿昌族",   "普米族",
    "塔吉克族", "怒族",     "乌孜别克族", "俄罗斯族", "鄂温克族",   "德昂族", "保安族",   "裕固族",
    "京族",     "塔塔尔族", "独龙族",     "鄂伦春族", "赫哲族",     "门巴族", "珞巴族",   "基诺族"};
// The education levels of the party's member statistics (党内统计学历分类).
const std::vector<std::string> kEducation = {"研究生", "大学本科", "大学专科", "中等专科",
                                             "高中",   "中等职业", "初中",     "小学及以下"};

std::vector<Help> HelpOf(Kind kind) {
  const char* date = "日期，格式 YYYY-MM-DD（如 2020-07-01）";
  const char* org =
      "党组织全称（如 中共XX街道XX社区委员会）或其12位区划代码；也可填党组织数字ID。"
      "同名党组织有多个时须填区划代码";
  if (kind == Kind::kMembers) {
    std::vector<std::string> statuses;
    for (auto code : domain::RegistrableStatusCodes())
      if (auto st = domain::ParseMemberStatus(code))
        statuses.emplace_back(domain::MemberStatusName(*st));
    return {{"必填", "不超过50字", {}},
            {"选填", "与公民身份号码一致；不填则按号码", {"男", "女"}},
            {"选填", "民族全称", kEthnicGroups, false},
            {"选填", "与公民身份号码中的出生日期一致", {}},
            {"必填", "18位公民身份号码（末位可为X）", {}},
            {"选填", "11位手机号码，以13–19开头", {}},
            {"选填", "最高学历", kEducation, false},
            {"必填", org, {}},
            {"必填", "登记时的人员类别", statuses},
            {"预备党员、正式党员必填", date, {}},
            {"正式党员必填", date, {}},
            {"选填", "不超过100字", {}},
            {"选填", "不填视为“否”", {"是", "否"}},
            {"按人员类别", date, {}},
            {"按人员类别", date, {}},
            {"按人员类别", date, {}}};
  }
  std::vector<std::string> types;
  for (auto t : domain::AllUnitTypes()) types.emplace_back(domain::UnitTypeName(t));
  std::vector<std::string> coverage;
  for (auto [zh, code] : kCoverageNames) coverage.emplace_back(zh);
  return {{"必填", "单位全称", {}},
          {"必填", "18位统一社会信用代码", {}},
          {"必填", "单位类型", types},
          {"选填", "非负整数", {}},
          {"选填", "6、9或12位区划代码", {}},
          {"选填", "不超过200字", {}},
          {"必填", org, {}},
          {"选填", "不填视为“未覆盖”", coverage},
          {"联合组建时填写", org, {}},
          {"选填", "姓名", {}},
          {"选填", "已登记（或本文件中靠前）的园区、楼宇的统一社会信用代码", {}}};
}

std::vector<std::string> ExampleRow(Kind kind) {
  std::string mark(kExampleMark);
  if (kind == Kind::kMembers)
    // GB 11643's own example number; the row is skipped on import.
    return {mark + "张三",
            "女",
            "汉族",
            "1949-12-31",
            "11010519491231002X",
            "13800138000",
            "大学本科",
            "中共XX街道XX社区委员会第一支部委员会",
            "正式党员",
            "1975-07-01",
            "1976-07-01",
            "深圳市XX科技有限公司",
            "是",
            "1974-03-01",
            "1974-06-01",
            "1974-12-01"};
  return {mark + "深圳市XX科技有限公司",
          "91440300084123453L",
          "企业",
          "120",
          "440304001001",
          "深圳市福田区XX路1号",
          "中共XX街道XX社区委员会",
          "单独组建",
          "",
          "李四",
          ""};
}

constexpr const char* kHelpSheet = "填写说明";

}  // namespace

Table Template(Kind kind) { return {Columns(kind), ExampleRow(kind)}; }

std::vector<SheetSpec> TemplateBook(Kind kind) {
  auto columns = ColumnsOf(kind);
  auto help = HelpOf(kind);
  SheetSpec data{kind == Kind::kMembers ? "党员" : "单位", Template(kind), {}};
  SheetSpec info{kHelpSheet, {{"列名", "是否必填", "格式与说明", "可选值"}}, {}};
  // Columns A–D: one row per template column, rows 2 to columns + 1.
  for (size_t i = 0; i < columns.size(); ++i) {
    const Help& h = help[i];
    std::string values;
    for (const auto& v : h.values) values += (values.empty() ? "" : "、") + v;
    if (!h.values.empty() && !h.strict) values += "（也可填其他值）";
    info.table.push_back({columns[i].name, h.required, h.format, values});
  }
  // The lists the drop-downs refer to, one column each from F on, beside those rows (a
  // list may be longer than the rows: the table grows for it).
  size_t list_column = 5;
  for (size_t i = 0; i < columns.size(); ++i) {
    const Help& h = help[i];
    if (h.values.empty()) continue;
    for (size_t r = 0; r <= h.values.size(); ++r) {
      if (info.table.size() <= r) info.table.emplace_back();
      auto& row = info.table[r];
      row.resize(std::max(row.size(), list_column + 1));
      row[list_column] = r == 0 ? std::string(columns[i].name) : h.values[r - 1];
    }
    std::string letter(1, static_cast<char>('A' + list_column));
    data.lists.push_back({i,
                          "='" + std::string(kHelpSheet) + "'!$" + letter + "$2:$" + letter + "$" +
                              std::to_string(h.values.size() + 1),
                          h.strict, columns[i].name,
                          h.strict ? "请从列表中选择" : "可从列表中选择"});
    ++list_column;
  }
  // The notes in column A, after one empty row below everything above.
  size_t notes_at = info.table.size() + 1;
  std::vector<std::string> notes = {
      "说明", "第2行是示例：第一格以“【示例】”开头的行不会导入，也不会报错，可保留或删除。",
      "第1行（表头）请勿修改；从第3行起每行填写一条记录。",
      "党组织一列填党组织全称或12位区划代码（也接受党组织数字ID），只能填本人管辖范围内的党组织。",
      "带下拉箭头的列请从列表中选择；先“检查”再“导入”，有问题时不会导入任何数据。"};
  info.table.resize(notes_at + notes.size());
  for (size_t k = 0; k < notes.size(); ++k) info.table[notes_at + k] = {notes[k]};
  return {std::move(data), std::move(info)};
}

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
  const OrgResolver orgs(ctx, actor, domain::Permission::kManageMembers);
  if (check_duplicates) seen.reserve(table.size());
  auto prepare = [&](size_t begin, PreparedChunk spent) {
    return std::async(std::launch::async, [&, begin, spent = std::move(spent)]() mutable {
      spent = {};
      return PrepareMembers(ctx, actor, orgs, table, begin,
                            std::min(table.size(), begin + kChunkRows));
    });
  };
  auto next = prepare(1, {});
  PreparedChunk spent;
  store::MemberRepository::MemberCounts counts;
  for (size_t begin = 1; begin < table.size(); begin += kChunkRows) {
    PreparedChunk chunk = next.get();
    if (begin + kChunkRows < table.size()) next = prepare(begin + kChunkRows, std::move(spent));
    // The chunk keeps its first kMaxProblems; what it only counted is counted here too.
    std::set<int64_t> listed_rows;
    for (const auto& p : chunk.problems.problems) listed_rows.insert(p.row);
    problems.AddUnlisted(
        chunk.problems.problems_total - static_cast<int64_t>(chunk.problems.problems.size()),
        chunk.problems.rows_with_problems - static_cast<int64_t>(listed_rows.size()));
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
    for (const auto& [i, error] : failed)
      collect.Add(chunk.rows[i], error, &table[static_cast<size_t>(chunk.rows[i]) - 1]);
    found.insert(found.end(), store_problems.problems.begin(), store_problems.problems.end());
    // Cell problems and store problems of a row side by side, rows in file order.
    std::stable_sort(found.begin(), found.end(),
                     [](const Problem& a, const Problem& b) { return a.row < b.row; });
    for (auto& p : found) problems.Add(p.row, p.column, p.message, p.value);
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
  for (size_t i = 1; i < table.size(); ++i) report.rows -= IsExampleRow(table[i]);
  Collector problems(report, ColumnsOf(kind));
  int64_t stored = 0;
  auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
    std::vector<std::string> rebuild;
    if (kind == Kind::kMembers) {
      rebuild = store::MemberRepository::BeginBulkLoad(tx, report.rows);
      stored = ImportMembers(tx, ctx, actor, table, problems, check_duplicates, hits);
    }
    std::optional<OrgResolver> unit_orgs;
    if (kind == Kind::kUnits) unit_orgs.emplace(ctx, actor, domain::Permission::kManageOrgs);
    for (size_t i = 1; kind == Kind::kUnits && i < table.size(); ++i) {
      if (IsExampleRow(table[i])) continue;
      int64_t row = static_cast<int64_t>(i) + 1;
      auto in = UnitRow(Cells{table[i]}, row, tx, *unit_orgs, problems);
      if (!in) continue;
      if (auto u = units::CreateInTx(tx, ctx, actor, *in); !u)
        problems.Add(row, u.error(), &table[i]);
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
