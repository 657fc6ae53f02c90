#include "platform/tabular.h"

#include <expat.h>
#include <iconv.h>
#include <minizip/unzip.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
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

Result<std::string> ZipEntry(unzFile zip, const char* name, size_t max_bytes) {
  if (unzLocateFile(zip, name, 0) != UNZ_OK) return Unreadable(std::string("missing ") + name);
  unz_file_info64 info;
  if (unzGetCurrentFileInfo64(zip, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK ||
      info.uncompressed_size > max_bytes)
    return Unreadable(std::string(name) + " too large");
  if (unzOpenCurrentFile(zip) != UNZ_OK) return Unreadable(std::string("cannot open ") + name);
  std::string out(static_cast<size_t>(info.uncompressed_size), '\0');
  int n = out.empty() ? 0 : unzReadCurrentFile(zip, out.data(), static_cast<unsigned>(out.size()));
  unzCloseCurrentFile(zip);
  if (n < 0 || static_cast<size_t>(n) != out.size())
    return Unreadable(std::string("corrupt ") + name);
  return out;
}

struct XmlState {
  // sharedStrings: <si> … <t>text</t> … </si>
  std::vector<std::string>* strings = nullptr;
  // sheet: <row><c r="B3" t="s"><v>0</v></c> or t="inlineStr" <is><t>…</t></is>
  Table* table = nullptr;
  const std::vector<std::string>* shared = nullptr;
  std::string text, cell_type, cell_value;
  size_t row = 0, col = 0;
  bool in_text = false, in_value = false, in_cell = false;
  bool failed = false;
};

size_t ColumnOf(const char* ref) {
  size_t col = 0;
  for (; *ref >= 'A' && *ref <= 'Z'; ++ref) col = col * 26 + static_cast<size_t>(*ref - 'A' + 1);
  return col == 0 ? 0 : col - 1;
}
size_t RowOf(const char* ref) {
  while (*ref >= 'A' && *ref <= 'Z') ++ref;
  return static_cast<size_t>(std::strtoul(ref, nullptr, 10));
}

constexpr size_t kMaxColumns = 200;
constexpr size_t kMaxRows = 2'000'000;

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
    if (n == "si") s->strings->push_back(s->text);
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
    if (s->row == 0 || s->row > kMaxRows || s->col >= kMaxColumns) {
      s->failed = true;
      return;
    }
    auto& t = *s->table;
    if (t.size() < s->row) t.resize(s->row);
    auto& r = t[s->row - 1];
    if (r.size() <= s->col) r.resize(s->col + 1);
    r[s->col] = std::move(v);
    ++s->col;
  }
}

void XMLCALL OnText(void* data, const XML_Char* text, int len) {
  auto* s = static_cast<XmlState*>(data);
  if (s->strings ? s->in_text : s->in_value)
    (s->strings ? s->text : s->cell_value).append(text, static_cast<size_t>(len));
}

Status ParseXml(const std::string& xml, XmlState& state) {
  std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> p(XML_ParserCreate("UTF-8"),
                                                                 XML_ParserFree);
  XML_SetUserData(p.get(), &state);
  XML_SetElementHandler(p.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(p.get(), OnText);
  if (XML_Parse(p.get(), xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_ERROR ||
      state.failed)
    return Unreadable("malformed sheet");
  return {};
}

// The path of the workbook's first sheet, from workbook.xml and its relationships.
std::string FirstSheetPath(unzFile zip) {
  auto workbook = ZipEntry(zip, "xl/workbook.xml", 16 << 20);
  auto rels = ZipEntry(zip, "xl/_rels/workbook.xml.rels", 16 << 20);
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

Result<Table> ReadCsv(std::string_view bytes) {
  std::string text;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (IsValidUtf8(bytes)) {
    text = std::string(bytes);
  } else {
    JICENG_TRY(converted, Gb18030ToUtf8(bytes));
    text = std::move(converted);
  }
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
      row.push_back(std::move(cell));
      cell.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(cell));
      cell.clear();
      table.push_back(std::move(row));
      row.clear();
      any = false;
      if (table.size() > kMaxRows) return Unreadable("too many rows");
    } else {
      // Copy the run of ordinary characters up to the next delimiter at once.
      size_t stop = text.find_first_of(",\r\n\"", i + 1);
      if (stop == std::string::npos) stop = text.size();
      cell.append(text, i, stop - i);
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

Result<Table> ReadXlsx(std::string_view bytes) {
  TempFile tmp;
  if (tmp.path().empty()) return Unreadable("no temporary file");
  {
    std::ofstream out(tmp.path(), std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return Unreadable("no temporary file");
  }
  std::unique_ptr<void, decltype(&unzClose)> zip(unzOpen64(tmp.path().c_str()), unzClose);
  if (!zip) return Unreadable("not an xlsx file");
  std::vector<std::string> shared;
  if (unzLocateFile(zip.get(), "xl/sharedStrings.xml", 0) == UNZ_OK) {
    JICENG_TRY(xml, ZipEntry(zip.get(), "xl/sharedStrings.xml", 512u << 20));
    XmlState s;
    s.strings = &shared;
    JICENG_CHECK(ParseXml(xml, s));
  }
  JICENG_TRY(sheet, ZipEntry(zip.get(), FirstSheetPath(zip.get()).c_str(), 1024u << 20));
  Table table;
  XmlState s;
  s.table = &table;
  s.shared = &shared;
  JICENG_CHECK(ParseXml(sheet, s));
  for (auto& row : table)
    for (auto& cell : row)
      if (!IsValidUtf8(cell)) return Unreadable("invalid text");
  DropTrailingEmptyRows(table);
  return table;
}

Result<Table> ReadTable(std::string_view bytes) {
  if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return ReadXlsx(bytes);
  return ReadCsv(bytes);
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

Result<std::string> WriteXlsx(const Table& table, const std::string& sheet) {
  TempFile tmp;
  if (tmp.path().empty()) return Fail(ErrorKind::kInternal, "export_failed", "no temporary file");
  lxw_workbook* wb = workbook_new(tmp.path().c_str());
  if (!wb) return Fail(ErrorKind::kInternal, "export_failed", "cannot create the workbook");
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.c_str());
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");
  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_num_format(header, "@");
  size_t columns = 0;
  for (const auto& row : table) columns = std::max(columns, row.size());
  for (size_t c = 0; c < columns; ++c)
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), 18, text);
  for (size_t r = 0; r < table.size(); ++r)
    for (size_t c = 0; c < table[r].size(); ++c)
      worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                             table[r][c].c_str(), r == 0 ? header : text);
  if (!table.empty()) worksheet_freeze_panes(ws, 1, 0);
  if (workbook_close(wb) != LXW_NO_ERROR)
    return Fail(ErrorKind::kInternal, "export_failed", "cannot write the workbook");
  std::ifstream in(tmp.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
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
