#include "platform/tabular.h"

#include <expat.h>
#include <iconv.h>
#include <minizip/unzip.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>

#include "platform/utf8.h"

namespace jiceng {
namespace {

tl::unexpected<Error> Unreadable(const std::string& why) {
  return Fail(ErrorKind::kBadInput, "unreadable_file",
              "无法读取文件 / cannot read the file: " + why, "file");
}

Result<std::string> Gb18030ToUtf8(std::string_view in) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return Unreadable("no GB18030 converter");
  std::string out(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1))
    return Unreadable("既非 UTF-8 也非 GB18030 / neither UTF-8 nor GB18030");
  out.resize(out.size() - dst_left);
  return out;
}

void DropTrailingEmptyRows(Table& t) {
  auto empty = [](const std::vector<std::string>& row) {
    for (const auto& c : row)
      if (c.find_first_not_of(" \t") != std::string::npos) return false;
    return true;
  };
  while (!t.empty() && empty(t.back())) t.pop_back();
}

// A temporary file holding `bytes`, removed on destruction.
class TempFile {
 public:
  TempFile() {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir && *dir ? dir : "/tmp") + "/jiceng-XXXXXX";
    int fd = mkstemp(path_.data());
    if (fd >= 0)
      close(fd);
    else
      path_.clear();
  }
  ~TempFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// --- XLSX reading ------------------------------------------------------------------------

// XML inflates 5–20-fold in real workbooks; far more is a zip bomb.
constexpr uint64_t kMaxInflation = 200;
constexpr uint64_t kMaxInflatedBytes = 1ull << 30;

bool Inflated(const unz_file_info64& info, uint64_t bytes) {
  return bytes > kMaxInflatedBytes || bytes > kMaxInflation * info.compressed_size + (1u << 20);
}

// Streams the zip entry `name` in chunks to `sink`, checking its inflation as it goes.
Status StreamZipEntry(unzFile zip, const char* name,
                      const std::function<Status(std::string_view chunk, bool last)>& sink) {
  if (unzLocateFile(zip, name, 0) != UNZ_OK) return Unreadable(std::string("missing ") + name);
  unz_file_info64 info;
  if (unzGetCurrentFileInfo64(zip, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK ||
      Inflated(info, info.uncompressed_size))
    return Unreadable(std::string(name) + " too large");
  if (unzOpenCurrentFile(zip) != UNZ_OK) return Unreadable(std::string("cannot open ") + name);
  std::unique_ptr<void, int (*)(unzFile)> close(zip, unzCloseCurrentFile);
  std::vector<char> buffer(64 * 1024);
  uint64_t total = 0;
  for (;;) {
    int n = unzReadCurrentFile(zip, buffer.data(), static_cast<unsigned>(buffer.size()));
    if (n < 0) return Unreadable(std::string("corrupt ") + name);
    total += static_cast<uint64_t>(n);
    // The declared size is the zip's word; what inflates is checked too.
    if (Inflated(info, total)) return Unreadable(std::string(name) + " too large");
    JICENG_CHECK(sink(std::string_view(buffer.data(), static_cast<size_t>(n)), n == 0));
    if (n == 0) return {};
  }
}

Result<std::string> ZipEntry(unzFile zip, const char* name) {
  std::string out;
  JICENG_CHECK(StreamZipEntry(zip, name, [&](std::string_view chunk, bool) -> Status {
    if (out.size() + chunk.size() > (16u << 20))
      return Unreadable(std::string(name) + " too large");
    out.append(chunk);
    return {};
  }));
  return out;
}

struct XmlState {
  const TableLimits* limits = nullptr;
  // sharedStrings: <si> … <t>text</t> … </si>
  std::vector<std::string>* strings = nullptr;
  // sheet: <row><c r="B3" t="s"><v>0</v></c> or t="inlineStr" <is><t>…</t></is>
  Table* table = nullptr;
  const std::vector<std::string>* shared = nullptr;
  std::string text, cell_type, cell_value;
  size_t row = 0, col = 0;
  size_t cells = 0;  // non-empty cells kept so far
  // Bytes that the strings and rows kept may still take: a multiple of the file's size, so
  // that a small file cannot make the server hold gigabytes (shared strings of <si/> by the
  // million inflate 200-fold and cost 32 bytes each).
  size_t budget = 0;
  bool in_text = false, in_value = false, in_cell = false;
  const char* failed = nullptr;  // why the sheet is refused
};

// Takes `bytes` from the state's budget; false (and the sheet refused) when it runs out.
bool Spend(XmlState& s, size_t bytes) {
  if (bytes > s.budget) {
    s.failed = "内容过多 / more content than the file's size allows";
    return false;
  }
  s.budget -= bytes;
  return true;
}

// Excel holds at most 32,767 characters in a cell (4 bytes each at most in UTF-8).
constexpr size_t kMaxCellBytes = 32'767 * 4;

size_t ColumnOf(const char* ref) {
  size_t col = 0;
  for (; *ref >= 'A' && *ref <= 'Z' && col < 1'000'000; ++ref)
    col = col * 26 + static_cast<size_t>(*ref - 'A' + 1);
  return col == 0 ? 0 : col - 1;
}
size_t RowOf(const char* ref) {
  while (*ref >= 'A' && *ref <= 'Z') ++ref;
  return static_cast<size_t>(std::strtoul(ref, nullptr, 10));
}

void XMLCALL OnStart(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto* s = static_cast<XmlState*>(data);
  std::string_view n(name);
  if (s->strings) {
    if (n == "si") s->text.clear();
    if (n == "t") s->in_text = true;
    return;
  }
  if (n == "row") {
    ++s->row;
    for (int i = 0; attrs[i]; i += 2)
      if (std::string_view(attrs[i]) == "r") s->row = std::strtoul(attrs[i + 1], nullptr, 10);
    s->col = 0;
  } else if (n == "c") {
    s->in_cell = true;
    s->cell_type = "n";
    s->cell_value.clear();
    for (int i = 0; attrs[i]; i += 2) {
      std::string_view a(attrs[i]);
      if (a == "t") s->cell_type = attrs[i + 1];
      if (a == "r") {
        s->col = ColumnOf(attrs[i + 1]);
        if (size_t r = RowOf(attrs[i + 1])) s->row = r;
      }
    }
  } else if ((n == "v" || n == "t") && s->in_cell) {
    s->in_value = true;
  }
}

void XMLCALL OnEnd(void* data, const XML_Char* name) {
  auto* s = static_cast<XmlState*>(data);
  std::string_view n(name);
  if (s->strings) {
    if (n == "t") s->in_text = false;
    if (n == "si") {
      if (!Spend(*s, s->text.size() + sizeof(std::string))) return;
      s->strings->push_back(s->text);
    }
    return;
  }
  if (n == "v" || n == "t") s->in_value = false;
  if (n == "c" && s->in_cell) {
    s->in_cell = false;
    std::string v = s->cell_value;
    if (s->cell_type == "s") {
      size_t i = std::strtoul(v.c_str(), nullptr, 10);
      v = s->shared && i < s->shared->size() ? (*s->shared)[i] : "";
    } else if (s->cell_type == "b") {
      v = v == "1" ? "TRUE" : "FALSE";
    }
    const TableLimits& limits = *s->limits;
    if (s->row == 0 || s->row > limits.max_rows) {
      s->failed = "too many rows";
    } else if (s->col >= limits.max_columns) {
      s->failed = "too many columns";
    } else if (s->row > s->cells + limits.max_row_gap) {
      s->failed = "rows far beyond the content";
    }
    if (s->failed) return;
    if (!v.empty()) {  // an empty cell costs nothing: rows are padded only up to a value
      auto& t = *s->table;
      size_t new_rows = s->row > t.size() ? s->row - t.size() : 0;
      size_t width = s->row <= t.size() ? t[s->row - 1].size() : 0;
      size_t padding = s->col + 1 > width ? s->col + 1 - width : 0;
      if (!Spend(*s, v.size() + padding * sizeof(std::string) +
                         new_rows * sizeof(std::vector<std::string>)))
        return;
      if (t.size() < s->row) t.resize(s->row);
      auto& r = t[s->row - 1];
      if (r.size() <= s->col) r.resize(s->col + 1);
      r[s->col] = std::move(v);
      ++s->cells;
    }
    ++s->col;
  }
}

void XMLCALL OnText(void* data, const XML_Char* text, int len) {
  auto* s = static_cast<XmlState*>(data);
  if (s->strings ? s->in_text : s->in_value) {
    std::string& into = s->strings ? s->text : s->cell_value;
    if (into.size() + static_cast<size_t>(len) > kMaxCellBytes) {
      s->failed = "单元格过长 / a cell longer than Excel allows";
      return;
    }
    into.append(text, static_cast<size_t>(len));
  }
}

// Parses the zip entry `name` with `state` as it inflates.
Status ParseXmlEntry(unzFile zip, const char* name, XmlState& state) {
  std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> p(XML_ParserCreate("UTF-8"),
                                                                 XML_ParserFree);
  if (!p) return Unreadable("no XML parser");
  XML_SetUserData(p.get(), &state);
  XML_SetElementHandler(p.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(p.get(), OnText);
  return StreamZipEntry(zip, name, [&](std::string_view chunk, bool last) -> Status {
    if (XML_Parse(p.get(), chunk.data(), static_cast<int>(chunk.size()), last ? 1 : 0) ==
            XML_STATUS_ERROR ||
        state.failed) {
      if (state.failed) XML_StopParser(p.get(), XML_FALSE);
      return Unreadable(state.failed ? state.failed : "malformed sheet");
    }
    return {};
  });
}

// The path of the workbook's first sheet, from workbook.xml and its relationships.
std::string FirstSheetPath(unzFile zip) {
  auto workbook = ZipEntry(zip, "xl/workbook.xml");
  auto rels = ZipEntry(zip, "xl/_rels/workbook.xml.rels");
  if (!workbook || !rels) return "xl/worksheets/sheet1.xml";
  auto sheet = workbook->find("<sheet ");
  if (sheet == std::string::npos) return "xl/worksheets/sheet1.xml";
  auto rid = workbook->find("r:id=\"", sheet);
  if (rid == std::string::npos) return "xl/worksheets/sheet1.xml";
  rid += 6;
  std::string id = workbook->substr(rid, workbook->find('"', rid) - rid);
  auto rel = rels->find("Id=\"" + id + "\"");
  if (rel == std::string::npos) return "xl/worksheets/sheet1.xml";
  auto begin = rels->rfind('<', rel);
  auto end = rels->find('>', rel);
  auto target = rels->find("Target=\"", begin);
  if (target == std::string::npos || target > end) return "xl/worksheets/sheet1.xml";
  target += 8;
  std::string path = rels->substr(target, rels->find('"', target) - target);
  if (!path.empty() && path[0] == '/') return path.substr(1);
  return "xl/" + path;
}

}  // namespace

Result<Table> ReadCsv(std::string_view bytes, const TableLimits& limits) {
  std::string converted;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (!IsValidUtf8(bytes)) {
    JICENG_TRY(utf8, Gb18030ToUtf8(bytes));
    converted = std::move(utf8);
  }
  std::string_view text = converted.empty() ? bytes : std::string_view(converted);
  Table table;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cell += c;
      }
      continue;
    }
    if (c == '"' && cell.empty()) {
      quoted = true;
      any = true;
    } else if (c == ',') {
      if (row.size() + 1 >= limits.max_columns)
        return Unreadable("第 " + std::to_string(table.size() + 1) +
                          " 行列数过多 / too many columns in row " +
                          std::to_string(table.size() + 1));
      row.push_back(std::move(cell));
      cell.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      // An empty line keeps no cell (a file of newlines costs a row header each).
      if (any || !cell.empty()) row.push_back(std::move(cell));
      cell.clear();
      table.push_back(std::move(row));
      row.clear();
      any = false;
      if (table.size() > limits.max_rows) return Unreadable("行数过多 / too many rows");
    } else {
      // Copy the run of ordinary characters up to the next delimiter at once.
      size_t stop = text.find_first_of(",\r\n\"", i + 1);
      if (stop == std::string_view::npos) stop = text.size();
      cell.append(text.substr(i, stop - i));
      i = stop - 1;
      any = true;
    }
  }
  if (quoted) return Unreadable("未闭合的引号 / an unclosed quote");
  if (any || !cell.empty()) {
    row.push_back(std::move(cell));
    table.push_back(std::move(row));
  }
  DropTrailingEmptyRows(table);
  return table;
}

Result<Table> ReadXlsx(std::string_view bytes, const TableLimits& limits) {
  TempFile tmp;
  if (tmp.path().empty()) return Unreadable("no temporary file");
  {
    std::ofstream out(tmp.path(), std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return Unreadable("no temporary file");
  }
  std::unique_ptr<void, decltype(&unzClose)> zip(unzOpen64(tmp.path().c_str()), unzClose);
  if (!zip) return Unreadable("not an xlsx file");
  // What the strings and rows kept may take, shared strings and sheet together.
  size_t budget = 32 * bytes.size() + (16u << 20);
  std::vector<std::string> shared;
  if (unzLocateFile(zip.get(), "xl/sharedStrings.xml", 0) == UNZ_OK) {
    XmlState s;
    s.limits = &limits;
    s.strings = &shared;
    s.budget = budget;
    JICENG_CHECK(ParseXmlEntry(zip.get(), "xl/sharedStrings.xml", s));
    budget = s.budget;
  }
  Table table;
  XmlState s;
  s.budget = budget;
  s.limits = &limits;
  s.table = &table;
  s.shared = &shared;
  JICENG_CHECK(ParseXmlEntry(zip.get(), FirstSheetPath(zip.get()).c_str(), s));
  for (auto& row : table)
    for (auto& cell : row)
      if (!IsValidUtf8(cell)) return Unreadable("invalid text");
  DropTrailingEmptyRows(table);
  return table;
}

Result<Table> ReadTable(std::string_view bytes, const TableLimits& limits) {
  if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return ReadXlsx(bytes, limits);
  return ReadCsv(bytes, limits);
}

bool StartsLikeAFormula(std::string_view cell) {
  if (cell.empty()) return false;
  switch (cell[0]) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
    case '\n':
      return true;
    default:
      break;
  }
  // Full-width ＝ ＋ － ＠ (U+FF1D, U+FF0B, U+FF0D, U+FF20): spreadsheets with East Asian
  // input normalise them to their ASCII forms.
  for (std::string_view wide : {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0"})
    if (cell.starts_with(wide)) return true;
  return false;
}

std::string WriteCsv(const Table& table) {
  std::string out = "\xEF\xBB\xBF";
  for (const auto& row : table) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      std::string cell = row[i];
      if (StartsLikeAFormula(cell)) cell.insert(cell.begin(), '\'');
      if (cell.find_first_of(",\"\r\n") != std::string::npos) {
        std::string q = "\"";
        for (char c : cell) {
          if (c == '"') q += '"';
          q += c;
        }
        cell = q + '"';
      }
      out += cell;
    }
    out += "\r\n";
  }
  return out;
}

std::string SheetName(std::string_view name) {
  // Excel: at most 31 characters (UTF-16 units: a character beyond the BMP takes two),
  // none of [ ] : * ? / \, and no apostrophe at either end. Cut between characters only.
  std::string out;
  size_t units = 0;
  for (size_t i = 0; i < name.size();) {
    auto lead = static_cast<unsigned char>(name[i]);
    size_t len = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
    if (len == 0 || i + len > name.size() || !IsValidUtf8(name.substr(i, len))) {
      ++i;  // not UTF-8 here: skip the byte
      continue;
    }
    std::string_view ch = name.substr(i, len);
    i += len;
    if (ch.size() == 1 && (std::string_view("[]:*?/\\").find(ch[0]) != std::string_view::npos ||
                           static_cast<unsigned char>(ch[0]) < 0x20 || ch[0] == 0x7f))
      continue;
    size_t width = len == 4 ? 2 : 1;
    if (units + width > 31) break;
    if (out.empty() && ch == "'") continue;
    out += ch;
    units += width;
  }
  while (!out.empty() && out.back() == '\'') out.pop_back();
  return out.empty() ? "Sheet1" : out;
}

Result<std::string> WriteXlsx(const Table& table, const std::string& sheet) {
  return WriteXlsxBook({SheetSpec{sheet, table, {}}});
}

Result<std::string> WriteXlsxBook(const std::vector<SheetSpec>& sheets) {
  auto failed = [](const char* what) {
    return Fail(ErrorKind::kInternal, "export_failed",
                std::string("导出失败 / the export failed: ") + what);
  };
  TempFile tmp;
  if (tmp.path().empty()) return failed("no temporary file");
  // Every libxlsxwriter call can fail (NULL or an error code): each is checked, and the
  // workbook is always closed (which frees it) whatever happened.
  lxw_workbook* wb = workbook_new(tmp.path().c_str());
  if (!wb) return failed("cannot create the workbook");
  std::unique_ptr<lxw_workbook, lxw_error (*)(lxw_workbook*)> closer(wb, workbook_close);
  lxw_format* text = workbook_add_format(wb);
  lxw_format* header = workbook_add_format(wb);
  if (!text || !header) return failed("cannot add a format");
  format_set_num_format(text, "@");
  format_set_bold(header);
  format_set_num_format(header, "@");
  for (const auto& spec : sheets) {
    const Table& table = spec.table;
    const std::string name = SheetName(spec.name);
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    if (!ws) return failed("cannot add the sheet");
    if (table.size() > LXW_ROW_MAX) return failed("too many rows for one sheet");
    size_t columns = 0;
    for (const auto& row : table) columns = std::max(columns, row.size());
    if (columns > LXW_COL_MAX) return failed("too many columns for one sheet");
    for (size_t c = 0; c < columns; ++c)
      if (worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), 18,
                               text) != LXW_NO_ERROR)
        return failed("cannot format a column");
    for (size_t r = 0; r < table.size(); ++r)
      for (size_t c = 0; c < table[r].size(); ++c)
        if (worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                   table[r][c].c_str(), r == 0 ? header : text) != LXW_NO_ERROR)
          return failed("cannot write a cell");
    if (!table.empty()) worksheet_freeze_panes(ws, 1, 0);
    for (const auto& list : spec.lists) {
      if (list.column >= LXW_COL_MAX) return failed("a drop-down beyond the last column");
      lxw_data_validation v{};
      v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
      // The C API takes non-const pointers but only reads them.
      v.value_formula = const_cast<char*>(list.source.c_str());
      v.ignore_blank = LXW_VALIDATION_ON;
      v.error_type =
          list.strict ? LXW_VALIDATION_ERROR_TYPE_STOP : LXW_VALIDATION_ERROR_TYPE_WARNING;
      if (!list.title.empty()) {
        v.input_title = const_cast<char*>(list.title.c_str());
        v.error_title = const_cast<char*>(list.title.c_str());
      }
      if (!list.prompt.empty()) {
        v.input_message = const_cast<char*>(list.prompt.c_str());
        v.error_message = const_cast<char*>(list.prompt.c_str());
      }
      auto col = static_cast<lxw_col_t>(list.column);
      if (worksheet_data_validation_range(ws, 1, col, LXW_ROW_MAX - 1, col, &v) != LXW_NO_ERROR)
        return failed("cannot add a drop-down list");
    }
  }
  if (workbook_close(closer.release()) != LXW_NO_ERROR) return failed("cannot write the workbook");
  std::ifstream in(tmp.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof()) return failed("cannot read the workbook back");
  return bytes.str();
}

std::string ExcelSerialToDate(const std::string& cell) {
  if (cell.empty() || cell.size() > 12) return "";
  char* end = nullptr;
  double serial = std::strtod(cell.c_str(), &end);
  if (*end != '\0' || serial < 1 || serial > 2958465) return "";
  // Days since 1899-12-30 (Excel counts the non-existent 1900-02-29, which this absorbs
  // for every date after it).
  long days = static_cast<long>(serial) - 25569;  // to the Unix epoch
  long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char out[64];
  std::snprintf(out, sizeof out, "%04ld-%02ld-%02ld", y % 10000, m % 100, d % 100);
  return out;
}

}  // namespace jiceng
