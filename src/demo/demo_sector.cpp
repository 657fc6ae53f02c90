// The demo's synthetic new sector (demo/demo_sector.h): industry committees, parks,
// buildings, associations and their units, per district, deterministic for a seed.
#include "demo/demo_sector.h"

#include <map>
#include <random>
#include <string>
#include <vector>

#include "domain/identifiers.h"
#include "domain/orgs.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "service/org_service.h"
#include "store/db.h"
#include "store/org_repo.h"
#include "store/unit_repo.h"

namespace jiceng::demo {
namespace {

constexpr std::string_view kFirmWords[] = {"华创", "鹏程", "前海", "蛇口", "海岸", "星河", "南山",
                                           "光明", "宝安", "龙腾", "湾区", "瑞丰", "泰然", "科兴",
                                           "新远", "凯达", "恒信", "同创", "启明", "汇通"};
constexpr std::string_view kFirmTrades[] = {"科技",   "电子",     "智能",   "信息技术", "生物医药",
                                            "新材料", "精密制造", "新能源", "软件",     "数据"};
constexpr std::string_view kInternetTrades[] = {"网络科技", "互联网信息", "云计算",
                                                "数字科技", "电子商务",   "在线教育"};
constexpr std::string_view kParkWords[] = {"科技园",     "智造产业园", "创新园",
                                           "数字产业园", "生物医药园", "创意园"};
constexpr std::string_view kBuildingWords[] = {"国际商务中心", "金融大厦", "科技大厦",
                                               "创业大厦",     "中心大厦", "国际广场"};
constexpr std::string_view kTradeAssociations[] = {
    "软件行业协会", "电子商会",       "物流与供应链协会", "餐饮协会",
    "律师协会",     "注册会计师协会", "建筑业协会",       "医药行业协会",
    "家具行业协会", "服装行业协会",   "物业管理协会",     "跨境电子商务协会"};

std::string StripSuffix(std::string name, std::string_view suffix) {
  if (name.size() > suffix.size() &&
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
    name.resize(name.size() - suffix.size());
  return name;
}

// The short place name of a street or town committee: "中共深圳市南山区粤海街道工作委员会"
// → "粤海街道"; "中共深汕特别合作区小漠镇委员会" → "小漠镇".
std::string PlaceOf(const index::OrgNode& n) {
  std::string s = StripSuffix(StripSuffix(n.name, "工作委员会"), "委员会");
  for (std::string_view cut : {"区", "合作区", "县"}) {
    auto at = s.rfind(cut);
    if (at != std::string::npos && at + cut.size() < s.size()) return s.substr(at + cut.size());
  }
  constexpr std::string_view kCity = "中共深圳市";
  return s.rfind(kCity, 0) == 0 ? s.substr(kCity.size()) : s;
}

// The place a district-level committee names, as its industry committees and associations
// carry it: "中共深圳市南山区委员会" → "深圳市南山区"; "中共深圳市大鹏新区工作委员会" →
// "深圳市大鹏新区"; "中共深汕特别合作区工作委员会" → "深汕特别合作区" (not in 深圳市).
std::string DistrictPlace(const index::OrgNode& n) {
  std::string s = StripSuffix(StripSuffix(n.name, "工作委员会"), "委员会");
  constexpr std::string_view kParty = "中共";
  return s.rfind(kParty, 0) == 0 ? s.substr(kParty.size()) : s;
}

class Builder {
 public:
  Builder(store::Tx& tx, const Context& ctx, uint64_t seed)
      : tx_(tx), now_(ctx.clock.NowMs()), rng_(seed) {}

  int64_t Org(int64_t parent, const std::string& name, const std::string& kind,
              const std::string& area) {
    ++orgs_;
    int year = 2000 + static_cast<int>(rng_() % 24);
    char founded[16];
    std::snprintf(founded, sizeof founded, "%04d-%02d-01", year % 10000,
                  1 + static_cast<int>(rng_() % 12));
    return store::OrgRepository::Insert(
        tx_, store::NewOrgRecord{parent, name, kind, area, founded, "", founded}, now_);
  }

  int64_t Unit(const std::string& name, const std::string& type, const std::string& district,
               int64_t org, std::optional<int64_t> host, std::optional<int64_t> covering,
               const std::string& coverage, const std::string& instructor = "") {
    ++units_;
    char body[16];
    std::snprintf(body, sizeof body, "%08lld", static_cast<long long>(++serial_ % 100000000));
    store::UnitRecord u;
    u.name = name;
    u.credit_code = domain::CreditCodeFrom((type == "social_org" ? "51" : "91") + district, body);
    u.type = type;
    u.employees =
        type == "park" || type == "building" ? 0 : 10 + static_cast<int64_t>(rng_() % 990);
    u.area_code = district;
    u.host_unit_id = host;
    u.org_id = org;
    u.covering_org_id = covering;
    u.coverage = coverage;
    u.instructor = instructor;
    u.demo = true;
    u.created_at = now_;
    return store::UnitRepository::Insert(tx_, u);
  }

  std::string Firm(std::string_view trade) {
    std::string w(kFirmWords[rng_() % std::size(kFirmWords)]);
    std::string w2(kFirmWords[rng_() % std::size(kFirmWords)]);
    return "深圳市" + w + w2 + std::string(trade) + "有限公司";
  }
  template <size_t N>
  std::string_view Pick(const std::string_view (&words)[N]) {
    return words[rng_() % N];
  }
  // Keeps generated names unique: a serial beyond the first use of a name.
  std::string Unique(const std::string& name) {
    int n = ++names_[name];
    return n == 1 ? name : name + "（" + std::to_string(n) + "）";
  }
  int orgs() const { return orgs_; }
  int units() const { return units_; }
  std::mt19937_64& rng() { return rng_; }

 private:
  store::Tx& tx_;
  int64_t now_;
  std::mt19937_64 rng_;
  int orgs_ = 0, units_ = 0;
  int64_t serial_ = 0;
  std::map<std::string, int> names_;
};

}  // namespace

Result<Plan> PlanFor(std::string_view scale) {
  if (scale == "small") return Plan{};
  if (scale == "city")
    return Plan{.parks_per_street = 6,
                .firms_per_park = 12,
                .buildings_per_street = 8,
                .tenants_per_building = 10,
                .associations_per_district = 60,
                .internet_firms_per_district = 150,
                .branches_per_community = 10,
                .groups_per_branch = 2,
                .uncovered_per_street = 20,
                .members = 1'000'000};
  return BadInput("scale", "规模须为 small 或 city / scale is small or city");
}

Result<Sector> SeedSector(const Context& ctx, const Plan& plan, uint64_t seed) {
  Sector out;
  auto done = ctx.db.Write([&](store::Tx& tx) -> Status {
    // Idempotent: demo units mark a seeded sector.
    store::UnitSearch any;
    any.scope.path_prefixes = {"/"};
    any.limit = 1;
    if (store::UnitRepository::Count(tx, any) > 0) return {};
    auto tree = ctx.orgs.snapshot();
    Builder b(tx, ctx, seed);
    for (const auto& district : tree->nodes) {
      if (!domain::IsDistrictLevel(district.kind) || district.status != "active") continue;
      std::string dcode =
          district.area_code.size() >= 6 ? district.area_code.substr(0, 6) : "440300";
      std::string dplace = DistrictPlace(district);
      int64_t internet =
          b.Org(district.id, "中共" + dplace + "互联网行业委员会", "industry", dcode);
      int64_t social = b.Org(district.id, "中共" + dplace + "社会组织委员会", "industry", dcode);
      for (int i = 0; i < plan.internet_firms_per_district; ++i) {
        std::string firm = b.Unique(b.Firm(b.Pick(kInternetTrades)));
        int64_t org = b.Org(internet, "中共" + firm + "委员会", "enterprise", dcode);
        b.Org(org, "中共" + firm + "第一支部委员会", "branch", dcode);
        b.Unit(firm, "internet", dcode, district.id, std::nullopt, org, "own");
      }
      for (int i = 0; i < plan.associations_per_district; ++i) {
        std::string assoc = b.Unique(dplace + std::string(b.Pick(kTradeAssociations)));
        int64_t org = b.Org(social, "中共" + assoc + "委员会", "association", dcode);
        b.Org(org, "中共" + assoc + "秘书处支部委员会", "branch", dcode);
        b.Unit(assoc, "social_org", dcode, district.id, std::nullopt, org, "own");
      }
    }
    for (const auto& street : tree->nodes) {
      if ((street.kind != "street" && street.kind != "town") || street.status != "active") continue;
      std::string code = street.area_code.size() >= 6 ? street.area_code.substr(0, 6) : "440300";
      std::string place = PlaceOf(street);
      std::string short_place = StripSuffix(StripSuffix(place, "街道"), "镇");
      for (int p = 0; p < plan.parks_per_street; ++p) {
        std::string park = b.Unique(short_place + std::string(b.Pick(kParkWords)));
        int64_t park_org =
            b.Org(street.id, "中共深圳市" + park + "委员会", "park", street.area_code);
        int64_t park_unit = b.Unit(park, "park", code, street.id, std::nullopt, park_org, "own");
        for (int f = 0; f < plan.firms_per_park; ++f) {
          std::string firm = b.Unique(b.Firm(b.Pick(kFirmTrades)));
          int64_t org = b.Org(park_org, "中共" + firm + "委员会", "enterprise", street.area_code);
          b.Org(org, "中共" + firm + "第一支部委员会", "branch", street.area_code);
          b.Unit(firm, "enterprise", code, street.id, park_unit, org, "own");
        }
      }
      for (int k = 0; k < plan.buildings_per_street; ++k) {
        std::string building = b.Unique(short_place + std::string(b.Pick(kBuildingWords)));
        int64_t org =
            b.Org(street.id, "中共深圳市" + building + "楼宇委员会", "building", street.area_code);
        int64_t joint = b.Org(org, "中共深圳市" + building + "联合支部委员会", "joint_branch",
                              street.area_code);
        int64_t unit = b.Unit(building, "building", code, street.id, std::nullopt, org, "own");
        for (int t = 0; t < plan.tenants_per_building; ++t) {
          bool web = b.rng()() % 4 == 0;
          std::string firm = b.Unique(b.Firm(web ? b.Pick(kInternetTrades) : b.Pick(kFirmTrades)));
          b.Unit(firm, web ? "internet" : "enterprise", code, street.id, unit, joint, "joint");
        }
      }
      for (int u = 0; u < plan.uncovered_per_street; ++u) {
        std::string firm = b.Unique(b.Firm(b.Pick(kFirmTrades)));
        // Half have a party-building instructor (work coverage without an organization).
        b.Unit(firm, "enterprise", code, street.id, std::nullopt, std::nullopt, "none",
               u % 2 ? "" : "党建指导员" + std::to_string(u / 2 + 1) + "号");
      }
    }
    // More branches under each community (the first exists) and party groups under them.
    for (const auto& community : tree->nodes) {
      if ((community.kind != "community" && community.kind != "village") ||
          community.status != "active")
        continue;
      std::string base = StripSuffix(community.name, "委员会");
      std::vector<int64_t> branches;
      for (auto child : tree->children.count(community.id) ? tree->children.at(community.id)
                                                           : std::vector<int64_t>{})
        if (tree->Find(child)->kind == "branch") branches.push_back(child);
      static constexpr std::string_view kOrdinals[] = {"第一", "第二", "第三",   "第四",
                                                       "第五", "第六", "第七",   "第八",
                                                       "第九", "第十", "第十一", "第十二"};
      for (int i = static_cast<int>(branches.size()); i < plan.branches_per_community && i < 12;
           ++i)
        branches.push_back(b.Org(community.id, base + std::string(kOrdinals[i]) + "支部委员会",
                                 "branch", community.area_code));
      for (int64_t branch : branches)
        for (int g = 0; g < plan.groups_per_branch && g < 12; ++g)
          b.Org(branch, "第" + std::to_string(g + 1) + "党小组", "group", community.area_code);
    }
    out.orgs_added = b.orgs();
    out.units_added = b.units();
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  orgs::RefreshTree(ctx);
  return out;
}

}  // namespace jiceng::demo
