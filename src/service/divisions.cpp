#include "service/divisions.h"

#include <fstream>
#include <set>

namespace jiceng::divisions {
namespace {

// The Cooperation Zone's four towns (DOMAIN.md). The package spells 鲘门镇 with the
// variant character 鮜; the official name is 鲘门镇.
const std::set<std::string> kZoneTowns = {"441521102", "441521103", "441521104", "441521105"};

std::string OfficialName(const std::string& code, std::string name) {
  if (code == "441521105") return "鲘门镇";
  return name;
}

Result<std::vector<std::vector<std::string>>> ReadCsv(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    return Fail(ErrorKind::kBadInput, "divisions_missing",
                "找不到行政区划数据 " + path + "（请先运行 make deps）/ division data not found: " +
                    path + " (run `make deps`)");
  std::vector<std::vector<std::string>> rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (header) {
      header = false;
      continue;
    }
    if (!line.empty()) rows.push_back(SplitCsvLine(line));
  }
  return rows;
}

}  // namespace

std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

Result<Shenzhen> LoadShenzhen(const std::string& dir) {
  JICENG_TRY(areas, ReadCsv(dir + "/areas.csv"));        // code,name,cityCode,provinceCode
  JICENG_TRY(streets, ReadCsv(dir + "/streets.csv"));    // code,name,areaCode,…
  JICENG_TRY(villages, ReadCsv(dir + "/villages.csv"));  // code,name,streetCode,…
  Shenzhen sz;
  for (const auto& r : areas)
    if (r.size() >= 3 && r[2] == "4403") sz.districts.push_back({r[0], r[1], ""});
  std::set<std::string> parents;
  for (const auto& r : streets) {
    if (r.size() < 3) continue;
    if (r[2].rfind("4403", 0) == 0 && r[1].size() > 6 &&
        r[1].compare(r[1].size() - 6, 6, "街道") == 0) {
      sz.streets.push_back({r[0], r[1], r[2]});
      parents.insert(r[0]);
    } else if (kZoneTowns.count(r[0])) {
      sz.towns.push_back({r[0], OfficialName(r[0], r[1]), r[2]});
      parents.insert(r[0]);
    }
  }
  for (const auto& r : villages)
    if (r.size() >= 3 && parents.count(r[2])) sz.communities.push_back({r[0], r[1], r[2]});
  if (sz.districts.size() != 9 || sz.streets.size() != 74 || sz.towns.size() != 4)
    return Fail(ErrorKind::kRuleBroken, "divisions_unexpected",
                "行政区划数据与预期不符 / division data is not what Shenzhen needs: " +
                    std::to_string(sz.districts.size()) + " districts, " +
                    std::to_string(sz.streets.size()) + " streets, " +
                    std::to_string(sz.towns.size()) + " towns");
  return sz;
}

}  // namespace jiceng::divisions
