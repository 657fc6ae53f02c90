// Spreadsheets in and out: CSV (UTF-8, with or without BOM, or GB18030 as Excel in China
// writes it) and XLSX (read with minizip + expat, written with libxlsxwriter). A table is
// rows of cells as UTF-8 text; row i of the table is row i+1 of the file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "platform/error.h"

namespace jiceng {

using Table = std::vector<std::vector<std::string>>;

// What a file may hold. A file beyond them is refused as soon as the parser meets the
// excess, so memory for a hostile file stays within a small multiple of its size: no more
// than max_columns cells are kept per row (a line of a million commas stops at the
// limit), no row past max_rows, and an XLSX file may not address rows far beyond what it
// holds (a single cell at A1000000 would otherwise materialize a million empty rows).
struct TableLimits {
  size_t max_columns = 200;
  size_t max_rows = 1'048'576;  // Excel's own limit
  // An XLSX row number may run ahead of the number of cells read so far by this much.
  size_t max_row_gap = 10'000;
};

// Detects the format (XLSX by its ZIP signature, otherwise CSV) and reads the first sheet.
// Trailing empty rows are dropped. 400 `unreadable_file` when the bytes are neither, or
// when they exceed `limits`.
Result<Table> ReadTable(std::string_view bytes, const TableLimits& limits = {});

// RFC 4180 CSV; the text must be UTF-8 or GB18030 (converted to UTF-8).
Result<Table> ReadCsv(std::string_view bytes, const TableLimits& limits = {});
// The first sheet, decompressed and parsed in a stream (never whole in memory); entries
// that inflate more than 200-fold (a zip bomb) are refused.
Result<Table> ReadXlsx(std::string_view bytes, const TableLimits& limits = {});

// True when a spreadsheet could read `cell` as a formula: it starts with = + - @, a tab,
// CR or LF, or a full-width ＝ ＋ － ＠ (OWASP's CSV-injection list, widened).
bool StartsLikeAFormula(std::string_view cell);

// CSV for Excel: UTF-8 with a BOM, CRLF line ends, quoted where needed. Cells that
// StartsLikeAFormula are prefixed with a single quote (OWASP's advice for CSV injection).
// XLSX exports need no prefix: WriteXlsx stores every cell as a shared string in a text
// ("@") format, which a spreadsheet never evaluates.
std::string WriteCsv(const Table& table);
// One sheet named `sheet`; the first row bold as a header; every cell stored as text so
// that 18-digit ID numbers keep their digits.
// The sheet is named SheetName(sheet). A failure of the writer is 500 `export_failed`.
Result<std::string> WriteXlsx(const Table& table, const std::string& sheet);
// A sheet of a workbook, with drop-down lists on some of its columns.
struct ListValidation {
  size_t column = 0;   // 0-based; applies from the second row (below the header) down
  std::string source;  // a range formula, e.g. "='填写说明'!$H$2:$H$3"
  bool strict = true;  // false: other values are allowed after a warning
  std::string title;   // shown with the drop-down's input prompt and its error
  std::string prompt;
};
struct SheetSpec {
  std::string name;
  Table table;
  std::vector<ListValidation> lists;
};
// A workbook of several sheets, each as WriteXlsx writes one, plus its drop-down lists
// (Excel's data validation of type "list").
Result<std::string> WriteXlsxBook(const std::vector<SheetSpec>& sheets);
// `name` as Excel allows a sheet name: at most 31 characters (cut between characters),
// without [ ] : * ? / \ or control characters, no apostrophe at either end; "Sheet1"
// when nothing is left.
std::string SheetName(std::string_view name);

// Excel's date serial (1900 system) as YYYY-MM-DD, or "" when `cell` is not one.
std::string ExcelSerialToDate(const std::string& cell);

}  // namespace jiceng
