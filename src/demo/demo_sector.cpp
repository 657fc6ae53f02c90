// The demo's synthetic new sector (demo/demo_sector.h): industry committees, parks,
// buildings, associations and their units, per district, deterministic for a seed.
#include "demo/demo_sector.h"

#include <random>
#include <set>
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

// Words of real-looking names. Brands are two different characters of this list (华创,
// 鹏盛, 信达…), never a place's name twice: no list holds a place name, and a trade that
// contains the brand is drawn again. Uniqueness comes from choosing an unused name, never
// from a counter.
constexpr std::string_view kBrandChars =
    "华创鹏腾信达盛兴隆泰源丰瑞祥恒宏德顺康嘉联合中天博智远锐捷通汇聚诚拓迅卓越佳和益金星启元亿"
    "凯伟昌荣富晟鑫睿诺威盈航骏晨曦朗润";
constexpr std::string_view kFirmTrades[] = {
    "科技",     "电子科技", "智能科技", "信息技术", "生物医药", "新材料",     "精密制造",
    "新能源",   "软件",     "数据技术", "光电",     "医疗器械", "供应链管理", "物流",
    "建筑工程", "装饰工程", "环保科技", "检测技术", "通信技术", "半导体",     "机器人",
    "实业",     "贸易",     "文化传播", "餐饮管理", "物业管理", "人力资源",   "精密模具"};
constexpr std::string_view kInternetTrades[] = {
    "网络科技", "互联网信息服务", "云计算", "数字科技", "电子商务", "在线教育",
    "网络技术", "信息科技",       "大数据", "智慧科技", "跨境电商", "游戏科技"};
// The forms of an enterprise's name, most often a limited company (有限公司) of 深圳市.
struct FirmForm {
  std::string_view before, after;
  int weight;
};
constexpr FirmForm kFirmForms[] = {{"深圳市", "有限公司", 12},
                                   {"深圳", "股份有限公司", 3},
                                   {"", "（深圳）有限公司", 2},
                                   {"深圳市", "集团有限公司", 1},
                                   {"深圳市", "有限责任公司", 2}};
constexpr std::string_view kParkWords[] = {"科技园",     "智造产业园", "创新园",     "数字产业园",
                                           "生物医药园", "创意园",     "高新产业园", "智慧港",
                                           "创客园",     "文化产业园", "电商产业园", "总部基地",
                                           "工业园",     "科创中心",   "先进制造园", "青年创业园"};
constexpr std::string_view kBuildingWords[] = {
    "国际商务中心", "金融大厦", "科技大厦", "创业大厦", "中心大厦", "国际广场",
    "商务大厦",     "创新大厦", "时代广场", "国际大厦", "总部大厦", "财富中心",
    "发展大厦",     "投资大厦", "中心广场", "智汇大厦", "企业大厦", "创意大厦"};
// Associations, chambers of commerce and federations of a district (行业协会、商会).
constexpr std::string_view kAssociations[] = {"软件行业协会",
                                              "电子商会",
                                              "物流与供应链协会",
                                              "餐饮协会",
                                              "律师协会",
                                              "注册会计师协会",
                                              "建筑业协会",
                                              "医药行业协会",
                                              "家具行业协会",
                                              "服装行业协会",
                                              "物业管理协会",
                                              "跨境电子商务协会",
                                              "人工智能产业协会",
                                              "集成电路行业协会",
                                              "新能源汽车产业协会",
                                              "文化创意产业协会",
                                              "旅游协会",
                                              "酒店行业协会",
                                              "美容美发行业协会",
                                              "教育培训行业协会",
                                              "养老服务业协会",
                                              "社会工作者协会",
                                              "志愿者联合会",
                                              "慈善会",
                                              "青年企业家协会",
                                              "女企业家协会",
                                              "工商业联合会",
                                              "个体劳动者协会",
                                              "潮汕商会",
                                              "客家商会",
                                              "湖南商会",
                                              "江西商会",
                                              "湖北商会",
                                              "四川商会",
                                              "广西商会",
                                              "河南商会",
                                              "福建商会",
                                              "安徽商会",
                                              "浙江商会",
                                              "山东商会",
                                              "机器人产业协会",
                                              "无人机行业协会",
                                              "新材料行业协会",
                                              "生物医药产业促进会",
                                              "物联网产业协会",
                                              "信息安全行业协会",
                                              "电子竞技产业协会",
                                              "钟表行业协会",
                                              "黄金珠宝首饰行业协会",
                                              "印刷行业协会",
                                              "包装行业协会",
                                              "家居建材商会",
                                              "装饰行业协会",
                                              "消防协会",
                                              "安全生产协会",
                                              "环境保护产业协会",
                                              "食品安全协会",
                                              "连锁经营协会",
                                              "电子烟行业协会",
                                              "检验检测行业协会",
                                              "外商投资企业协会",
                                              "港澳台企业协会",
                                              "中小企业发展促进会",
                                              "科技创新促进会",
                                              "知识产权保护协会",
                                              "质量协会",
                                              "计量测试学会",
                                              "企业联合会",
                                              "总商会",
                                              "园林绿化协会",
                                              "房地产业协会",
                                              "汽车维修行业协会"};
constexpr std::string_view kSurnames =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
    "吕";
constexpr std::string_view kGiven =
    "伟芳敏静丽强磊军洋勇艳杰涛明超秀霞平刚华红建国文辉鹏飞玲燕波宁海峰志斌";
constexpr std::string_view kOrdinals[] = {"第一", "第二", "第三", "第四", "第五",   "第六",
                                          "第七", "第八", "第九", "第十", "第十一", "第十二"};

// The i-th character (3 bytes in UTF-8) of a list of CJK characters.
std::string_view CharAt(std::string_view chars, size_t i) { return chars.substr(i * 3, 3); }
size_t CharCount(std::string_view chars) { return chars.size() / 3; }

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

  // A company's name not given before: "深圳市鹏盛电子科技有限公司",
  // "华创网络科技（深圳）有限公司".
  template <size_t N>
  std::string Firm(const std::string_view (&trades)[N]) {
    int total = 0;
    for (const auto& f : kFirmForms) total += f.weight;
    for (;;) {
      size_t n = CharCount(kBrandChars), a = rng_() % n, b = rng_() % (n - 1);
      if (b >= a) ++b;  // two different characters
      std::string brand = std::string(CharAt(kBrandChars, a)) + std::string(CharAt(kBrandChars, b));
      std::string_view trade = Pick(trades);
      if (trade.find(brand) != std::string_view::npos) continue;
      int w = static_cast<int>(rng_() % static_cast<uint64_t>(total));
      const FirmForm* form = kFirmForms;
      while (w >= form->weight) w -= (form++)->weight;
      std::string name =
          std::string(form->before) + brand + std::string(trade) + std::string(form->after);
      if (Claim(name)) return name;
    }
  }
  // `count` names `place` + a word of `words`, different words (as many as there are), each
  // a name not given before: a street's parks "粤海科技园", "粤海创客园"….
  template <size_t N>
  std::vector<std::string> Places(const std::string& place, const std::string_view (&words)[N],
                                  int count) {
    std::vector<size_t> order(N);
    for (size_t i = 0; i < N; ++i) order[i] = i;
    std::vector<std::string> out;
    for (size_t i = 0; i < N && static_cast<int>(out.size()) < count; ++i) {
      std::swap(order[i], order[i + rng_() % (N - i)]);
      std::string name = place + std::string(words[order[i]]);
      if (Claim(name)) out.push_back(std::move(name));
    }
    return out;
  }
  template <size_t N>
  std::string_view Pick(const std::string_view (&words)[N]) {
    return words[rng_() % N];
  }
  // A person's name: a common surname and one or two given-name characters.
  std::string Person() {
    std::string out(CharAt(kSurnames, rng_() % CharCount(kSurnames)));
    out += CharAt(kGiven, rng_() % CharCount(kGiven));
    if (rng_() % 3) out += CharAt(kGiven, rng_() % CharCount(kGiven));
    return out;
  }
  // True when `name` was not given before (and now is).
  bool Claim(const std::string& name) { return names_.insert(name).second; }
  int orgs() const { return orgs_; }
  int units() const { return units_; }
  std::mt19937_64& rng() { return rng_; }

 private:
  store::Tx& tx_;
  int64_t now_;
  std::mt19937_64 rng_;
  int orgs_ = 0, units_ = 0;
  int64_t serial_ = 0;
  std::set<std::string> names_;
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
        std::string firm = b.Firm(kInternetTrades);
        int64_t org = b.Org(internet, "中共" + firm + "委员会", "enterprise", dcode);
        b.Org(org, "中共" + firm + "第一支部委员会", "branch", dcode);
        b.Unit(firm, "internet", dcode, district.id, std::nullopt, org, "own");
      }
      for (const auto& assoc : b.Places(dplace, kAssociations, plan.associations_per_district)) {
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
      for (const auto& park : b.Places(short_place, kParkWords, plan.parks_per_street)) {
        int64_t park_org =
            b.Org(street.id, "中共深圳市" + park + "委员会", "park", street.area_code);
        int64_t park_unit = b.Unit(park, "park", code, street.id, std::nullopt, park_org, "own");
        for (int f = 0; f < plan.firms_per_park; ++f) {
          std::string firm = b.Firm(kFirmTrades);
          int64_t org = b.Org(park_org, "中共" + firm + "委员会", "enterprise", street.area_code);
          b.Org(org, "中共" + firm + "第一支部委员会", "branch", street.area_code);
          b.Unit(firm, "enterprise", code, street.id, park_unit, org, "own");
        }
      }
      for (const auto& building :
           b.Places(short_place, kBuildingWords, plan.buildings_per_street)) {
        int64_t org =
            b.Org(street.id, "中共深圳市" + building + "楼宇委员会", "building", street.area_code);
        int64_t joint = b.Org(org, "中共深圳市" + building + "联合支部委员会", "joint_branch",
                              street.area_code);
        int64_t unit = b.Unit(building, "building", code, street.id, std::nullopt, org, "own");
        for (int t = 0; t < plan.tenants_per_building; ++t) {
          bool web = b.rng()() % 4 == 0;
          std::string firm = web ? b.Firm(kInternetTrades) : b.Firm(kFirmTrades);
          b.Unit(firm, web ? "internet" : "enterprise", code, street.id, unit, joint, "joint");
        }
      }
      for (int u = 0; u < plan.uncovered_per_street; ++u) {
        std::string firm = b.Firm(kFirmTrades);
        // Half have a party-building instructor (work coverage without an organization).
        std::string instructor = u % 2 ? "" : b.Person();
        b.Unit(firm, "enterprise", code, street.id, std::nullopt, std::nullopt, "none", instructor);
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
      for (int i = static_cast<int>(branches.size()); i < plan.branches_per_community && i < 12;
           ++i)
        branches.push_back(b.Org(community.id, base + std::string(kOrdinals[i]) + "支部委员会",
                                 "branch", community.area_code));
      for (int64_t branch : branches)
        for (int g = 0; g < plan.groups_per_branch && g < 12; ++g)
          b.Org(branch, std::string(kOrdinals[g]) + "党小组", "group", community.area_code);
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
