// Bulk import of members and units from CSV or XLSX: the templates, a dry run that
// reports every problem as (row, column, message), and an all-or-nothing apply. Rows are
// counted as in the file (the header is row 1). The HTTP route and `jiceng import` share it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/error.h"
#include "platform/tabular.h"
#include "service/context.h"

namespace jiceng::imports {

enum class Kind { kMembers, kUnits };
std::optional<Kind> ParseKind(std::string_view code);

// The template's header row: the member columns in the order the city's forms use
// (姓名,性别,民族,出生日期,公民身份号码,手机号码,学历,党组织,人员类别,入党日期,转正日期,
// 工作单位,是否深户), then the optional dates of the earlier pipeline stages. An
// organization column takes the organization's full name, its 12-digit division code or
// its numeric id; the headers of earlier templates (党组织ID, …) are still accepted.
const std::vector<std::string>& Columns(Kind kind);
// The CSV template: the header and a filled example row, whose first cell starts with
// 「【示例】」 — the importer skips such rows (never imported, never a problem).
Table Template(Kind kind);
// The XLSX template: the sheet of Template(kind) with drop-down lists on the coded
// columns, and a second sheet 「填写说明」 listing each column (required or not, its format,
// its allowed values) with the lists the drop-downs refer to.
std::vector<SheetSpec> TemplateBook(Kind kind);

struct Problem {
  int64_t row = 0;  // as in the file; 1 is the header
  std::string column;
  std::string message;
  std::string value;  // the offending cell; an ID number or mobile only in part
};

struct Report {
  int64_t rows = 0;  // data rows read, the template's example row not counted
  bool dry_run = true;
  int64_t applied = 0;            // rows stored (0 unless applied without problems)
  std::vector<Problem> problems;  // the first kMaxProblems
  int64_t problems_total = 0;
  int64_t rows_with_problems = 0;
};

constexpr size_t kMaxProblems = 10'000;

// Reads `bytes` (CSV in UTF-8 or GB18030, or XLSX), checks every row, and — unless
// `dry_run` or any row has a problem — stores all rows in one transaction with one audit
// entry. Without a principal (the CLI) no scope applies. Fails only when the file itself
// cannot be read or has the wrong header.
Result<Report> Run(const Context& ctx, const Actor& actor, Kind kind, std::string_view bytes,
                   bool dry_run);

}  // namespace jiceng::imports
