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

// Detects the format (XLSX by its ZIP signature, otherwise CSV) and reads the first sheet.
// Trailing empty rows are dropped. 400 `unreadable_file` when the bytes are neither.
Result<Table> ReadTable(std::string_view bytes);

// RFC 4180 CSV; the text must be UTF-8 or GB18030 (converted to UTF-8).
Result<Table> ReadCsv(std::string_view bytes);
Result<Table> ReadXlsx(std::string_view bytes);

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
Result<std::string> WriteXlsx(const Table& table, const std::string& sheet);

// Excel's date serial (1900 system) as YYYY-MM-DD, or "" when `cell` is not one.
std::string ExcelSerialToDate(const std::string& cell);

}  // namespace jiceng
