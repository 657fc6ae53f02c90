#include "demo/demo_centers.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string_view>

#include "domain/centers.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "platform/geo.h"
#include "store/center_repo.h"

namespace jiceng::centers {
namespace {

namespace dc = domain::centers;

// Approximate centres (GCJ-02) and radii of the districts and functional areas, by a word
// of their names: enough to scatter a district's centers over roughly its ground.
struct District {
  std::string_view word;
  double lat, lng, radius_km;
};
constexpr District kDistricts[] = {
    {"罗湖", 22.555, 114.130, 4}, {"福田", 22.540, 114.050, 4.5}, {"南山", 22.533, 113.935, 6},
    {"宝安", 22.640, 113.860, 9}, {"龙岗", 22.690, 114.230, 10},  {"盐田", 22.585, 114.250, 4},
    {"龙华", 22.680, 114.035, 6}, {"坪山", 22.700, 114.350, 5},   {"光明", 22.760, 113.925, 5},
    {"大鹏", 22.590, 114.470, 6}, {"深汕", 22.840, 115.080, 10},
};
constexpr double kGolden = 2.399963229728653;  // radians: the golden angle

// A point `km` kilometres from `at` towards `angle` (east = 0, north = π/2).
geo::LatLng Offset(geo::LatLng at, double km, double angle) {
  const double dlat = km * std::sin(angle) / 111.32;
  const double dlng = km * std::cos(angle) / (111.32 * std::cos(at.lat * M_PI / 180));
  return {at.lat + dlat, at.lng + dlng};
}

// The i-th of n points spread evenly over a disc of `radius_km` around `at` (a sunflower).
geo::LatLng Spread(geo::LatLng at, double radius_km, size_t i, size_t n, double turn) {
  const double r = radius_km * std::sqrt((static_cast<double>(i) + 0.5) / static_cast<double>(n));
  return Offset(at, r, static_cast<double>(i) * kGolden + turn);
}

std::string Strip(std::string s, std::string_view prefix, std::string_view suffix) {
  if (!prefix.empty() && s.rfind(prefix, 0) == 0) s.erase(0, prefix.size());
  if (!suffix.empty() && s.size() > suffix.size() &&
      s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0)
    s.resize(s.size() - suffix.size());
  return s;
}

// "中共南湾街道沙塘布社区委员会" → "沙塘布社区"; "中共深圳市南山区粤海街道工作委员会" →
// "粤海街道"; "中共深圳市布吉国际广场楼宇委员会" → "布吉国际广场"; "中共小漠镇旺渔村委员会"
// → "旺渔村".
std::string PlaceName(const std::string& org_name) {
  std::string s = Strip(org_name, "中共", "");
  for (std::string_view tail : {"工作委员会", "楼宇委员会", "委员会"}) {
    std::string cut = Strip(s, "", tail);
    if (cut != s) {
      s = cut;
      break;
    }
  }
  s = Strip(s, "深圳市", "");
  for (std::string_view cut : {"特别合作区", "区", "街道", "镇"}) {
    auto at = s.find(cut);
    // Cut the district, street or town in front of a smaller place ("南湾街道沙塘布社区"),
    // never the place's own last word ("粤海街道").
    if (at != std::string::npos && at + cut.size() < s.size()) s = s.substr(at + cut.size());
  }
  return s;
}

struct Service {
  const char* name;
  const char* category;
  const char* eligibility;
  int duration_min;
  bool appointment;
  int seats;
  const char* materials;
  const char* description;
};

// The catalog (the city's four kinds of service through one window).
constexpr Service kCatalog[] = {
    {"党员组织关系转接", "party", "members", 30, true, 2, "身份证\n组织关系介绍信",
     "党员组织关系转入、转出咨询与办理"},
    {"入党申请咨询", "party", "anyone", 30, true, 2, "身份证", "入党条件、程序和申请书撰写指导"},
    {"党费缴纳", "party", "members", 15, false, 1, "", "按月或预交党费，咨询缴纳标准"},
    {"党员活动室预约", "party", "members", 120, true, 30, "", "支部主题党日等活动场地"},
    {"社保业务办理", "government", "anyone", 20, true, 3, "身份证\n社保卡",
     "参保登记、缴费记录查询打印"},
    {"居住证办理", "government", "residents", 20, true, 2,
     "身份证\n租赁合同或房产证明\n近期免冠照片", "居住登记与居住证申领、签注"},
    {"老年人优待证办理", "government", "residents", 15, false, 1, "身份证\n近期免冠照片",
     "65 周岁以上老人优待证"},
    {"生育登记", "government", "residents", 20, true, 2, "夫妻双方身份证\n结婚证", ""},
    {"法律咨询", "public", "anyone", 30, true, 1, "与问题有关的合同、票据等材料",
     "社区法律顾问现场解答"},
    {"心理咨询", "public", "anyone", 50, true, 1, "", "专业社工一对一心理疏导"},
    {"四点半课堂", "public", "residents", 90, true, 20, "", "放学后的学业辅导与托管"},
    {"就业指导", "public", "anyone", 30, true, 2, "身份证\n个人简历", "岗位推荐与职业规划"},
    {"长者饭堂", "convenience", "residents", 60, false, 1, "", "老年人助餐服务"},
    {"义诊与健康咨询", "convenience", "anyone", 15, true, 3, "医保卡", "家庭医生团队定期义诊"},
    {"便民理发", "convenience", "anyone", 20, true, 1, "", "志愿者义剪"},
    {"图书借阅", "convenience", "anyone", 15, false, 1, "", "书香驿站图书借阅"},
    {"活动室预约", "convenience", "residents", 120, true, 1, "", "居民自组织活动场地"},
};
constexpr size_t kServices = sizeof kCatalog / sizeof kCatalog[0];

// What each level offers, by position in kCatalog.
std::vector<size_t> OfferedAt(dc::Level level, std::mt19937_64& rng) {
  switch (level) {
    case dc::Level::kStreet: {
      std::vector<size_t> all(kServices);
      for (size_t i = 0; i < kServices; ++i) all[i] = i;
      return all;
    }
    case dc::Level::kCommunity: {
      std::vector<size_t> out = {1, 2, 4, 5, 6, 8, 10, 12, 13, 15, 16};
      out.push_back(std::vector<size_t>{0, 9, 14}[rng() % 3]);
      return out;
    }
    case dc::Level::kPark:
      return {0, 1, 2, 3, 8, 11};
    case dc::Level::kBuilding:
      return {0, 1, 2, 3, 9, 11};
    case dc::Level::kMarket:
      return {2, 6, 13, 14};
    case dc::Level::kServicePoint:
      return {1, 2, 6, 13, 15};
  }
  return {};
}

dc::Period P(int from_h, int from_m, int to_h, int to_m,
             dc::PeriodKind kind = dc::PeriodKind::kRegular) {
  return {from_h * 60 + from_m, to_h * 60 + to_m, kind};
}

// The opening plan of each level: office hours with a lunch break; streets and communities
// add evenings (延时) and weekend mornings (错时); parks and buildings open through the
// lunch hour for the people working there (错时); markets open early.
dc::WeekPlan PlanOf(dc::Level level, std::mt19937_64& rng) {
  using K = dc::PeriodKind;
  dc::WeekPlan w;
  const std::vector<dc::Period> office = {P(9, 0, 12, 0), P(14, 0, 18, 0)};
  switch (level) {
    case dc::Level::kStreet:
      for (int d = 0; d < 5; ++d) w[d] = office;
      for (int d : {1, 3}) w[d].push_back(P(18, 30, 21, 0, K::kExtended));
      for (int d : {5, 6}) w[d] = {P(9, 0, 12, 0, K::kOffPeak), P(14, 0, 17, 0, K::kOffPeak)};
      break;
    case dc::Level::kCommunity:
      for (int d = 0; d < 5; ++d) w[d] = office;
      w[rng() % 5].push_back(P(19, 0, 21, 0, K::kExtended));
      w[5] = {P(9, 0, 12, 0, K::kOffPeak)};
      break;
    case dc::Level::kPark:
    case dc::Level::kBuilding:
      for (int d = 0; d < 5; ++d)
        w[d] = {P(8, 30, 11, 30), P(12, 0, 14, 0, K::kOffPeak), P(14, 30, 18, 0)};
      break;
    case dc::Level::kMarket:
      for (int d = 0; d < 7; ++d) w[d] = {P(7, 0, 10, 0, K::kOffPeak), P(15, 0, 18, 0)};
      break;
    case dc::Level::kServicePoint:
      for (int d = 0; d < 6; ++d) w[d] = {P(9, 0, 12, 0), P(15, 0, 18, 0)};
      break;
  }
  return w;
}

struct Planned {
  store::CenterRecord center;
  dc::Level level;
};

}  // namespace

Result<DemoCenters> SeedDemoCenters(const Context& ctx, uint64_t seed) {
  DemoCenters out;
  const bool present =
      ctx.db.Read([](store::Tx& tx) { return !store::CenterRepository::Centers(tx).empty(); });
  if (present) {
    out.skipped = true;
    return out;
  }
  std::mt19937_64 rng(seed ^ 0xC3A7E25ULL);
  const auto tree = ctx.orgs.snapshot();
  const int64_t now = ctx.clock.NowMs();

  // Each street's (and town's) point: spread over its district's disc in tree order.
  std::map<int64_t, geo::LatLng> street_at;
  std::map<int64_t, std::string> district_of;  // street → "南山区" (for addresses)
  for (const auto& d : kDistricts) {
    std::vector<const index::OrgNode*> streets;
    std::string district_name;
    for (const auto& n : tree->nodes) {
      if (n.kind != "street" && n.kind != "town") continue;
      for (const auto* up : tree->Chain(n.id))
        if ((up->kind == "district" || up->kind == "functional_area") &&
            up->name.find(d.word) != std::string::npos) {
          streets.push_back(&n);
          district_name = PlaceName(up->name);
        }
    }
    const double turn = static_cast<double>(rng() % 6283) / 1000;
    for (size_t i = 0; i < streets.size(); ++i) {
      street_at[streets[i]->id] =
          Spread({d.lat, d.lng}, d.radius_km * 0.85, i, streets.size(), turn);
      district_of[streets[i]->id] = district_name;
    }
  }

  // Each street's area is the ground nearer its point than any other street's (a Voronoi
  // cell: real street boundaries are not in any package we may ship). Its centers lie within
  // `room` of its point — under half the way to the nearest other street's — so each one is
  // inside its own street's area (tests/demo_test.cpp checks it).
  std::map<int64_t, double> room;  // km
  for (const auto& [id, at] : street_at) {
    double nearest = INFINITY;
    for (const auto& [other, there] : street_at)
      if (other != id) nearest = std::min(nearest, geo::DistanceMeters(at, there) / 1000);
    room[id] = 0.45 * nearest;
  }

  // The centers: every street and town, then what lies under each.
  std::vector<Planned> planned;
  auto add = [&](const index::OrgNode& org, dc::Level level, std::string name, geo::LatLng at,
                 int64_t street_id, const std::string& place) {
    store::CenterRecord c;
    c.org_id = org.id;
    c.name = std::move(name);
    c.level = std::string(dc::LevelCode(level));
    c.address = "深圳市" + district_of[street_id] + place + std::to_string(1 + rng() % 300) + "号";
    c.lat_e7 = std::llround(at.lat * 1e7);
    c.lng_e7 = std::llround(at.lng * 1e7);
    c.location_source = "gcj02";
    const bool shenshan = district_of[street_id].find("深汕") != std::string::npos;
    c.phone =
        std::string(shenshan ? "0660-" : "0755-") + std::to_string(21'000'000 + rng() % 8'999'999);
    c.counters = level == dc::Level::kStreet ? 6 : level == dc::Level::kCommunity ? 3 : 1;
    c.description = "演示数据：" + c.name;
    c.week_plan = dc::EncodeWeek(PlanOf(level, rng));
    c.created_at = c.updated_at = now;
    planned.push_back({std::move(c), level});
  };
  for (const auto& [street_id, at] : street_at) {
    const auto* street = tree->Find(street_id);
    const std::string street_place = PlaceName(street->name);
    add(*street, dc::Level::kStreet, street_place + "党群服务中心", at, street_id, street_place);
    std::vector<const index::OrgNode*> below;
    for (int64_t child :
         tree->children.count(street_id) ? tree->children.at(street_id) : std::vector<int64_t>{}) {
      const auto* n = tree->Find(child);
      if (n->kind == "community" || n->kind == "village" || n->kind == "park" ||
          n->kind == "building")
        below.push_back(n);
    }
    const double turn = static_cast<double>(rng() % 6283) / 1000;
    // Communities over 1.5 km around the street's center (less where streets are close),
    // a market station a little way from its community, all within the street's room.
    const double spread_km = std::min(1.5, 0.75 * room[street_id]);
    const double market_km = std::min(0.3, 0.25 * room[street_id]);
    int communities = 0;
    for (size_t i = 0; i < below.size(); ++i) {
      const auto& n = *below[i];
      const auto where = Spread(at, spread_km, i + 1, below.size() + 1, turn);
      const std::string place = PlaceName(n.name);
      const std::string address_place = street_place + place;
      if (n.kind == "community") {
        add(n, dc::Level::kCommunity, place + "党群服务中心", where, street_id, address_place);
        // A market station for every eighth community, a few hundred metres away.
        if (++communities % 8 == 0)
          add(n, dc::Level::kMarket, place + "农贸市场党群服务站",
              Offset(where, market_km, static_cast<double>(i)), street_id, address_place);
      } else if (n.kind == "village") {
        add(n, dc::Level::kServicePoint, place + "党群服务站", where, street_id, address_place);
      } else {
        add(n, n.kind == "park" ? dc::Level::kPark : dc::Level::kBuilding, place + "党群服务中心",
            where, street_id, address_place);
      }
    }
  }

  auto saved = ctx.db.Write([&](store::Tx& tx) -> Result<DemoCenters> {
    std::vector<store::CenterRecord> rows;
    rows.reserve(planned.size());
    for (const auto& p : planned) rows.push_back(p.center);
    store::CenterRepository::InsertCenters(tx, rows);
    std::vector<int64_t> service_ids;
    for (const auto& s : kCatalog) {
      store::ServiceRecord r{0,
                             s.name,
                             s.category,
                             s.description,
                             s.materials,
                             s.eligibility,
                             s.duration_min,
                             s.appointment,
                             s.seats,
                             now,
                             1};
      service_ids.push_back(store::CenterRepository::InsertService(tx, r));
    }
    // The rows come back in insertion order (ids ascend), matching `planned`.
    const auto stored = store::CenterRepository::Centers(tx);
    std::vector<store::OfferingRecord> offerings;
    for (size_t i = 0; i < stored.size() && i < planned.size(); ++i)
      for (size_t s : OfferedAt(planned[i].level, rng)) {
        const auto& svc = kCatalog[s];
        offerings.push_back({stored[i].id, service_ids[s], svc.appointment, svc.duration_min, 0,
                             svc.seats, 60, 14});
      }
    store::CenterRepository::InsertOfferings(tx, offerings);
    DemoCenters d;
    d.centers = static_cast<int>(stored.size());
    d.services = static_cast<int>(service_ids.size());
    d.offerings = static_cast<int>(offerings.size());
    return d;
  });
  return saved;
}

Result<DemoPopulation> SeedDemoPopulation(const Context& ctx, uint64_t seed) {
  DemoPopulation out;
  auto existing =
      ctx.db.Read([](store::Tx& tx) { return store::CenterRepository::Population(tx).size(); });
  if (existing > 0) {
    out.skipped = true;
    return out;
  }
  constexpr double kStepKm = 0.25, kRadiusKm = 2.0;
  constexpr int64_t kCityPeople = 17'800'000;
  std::mt19937_64 rng(seed ^ 0x9E0F1E5ULL);
  const auto stored =
      ctx.db.Read([](store::Tx& tx) { return store::CenterRepository::Centers(tx); });
  const auto tree = ctx.orgs.snapshot();
  // Each street's center, and the community (or village) centers of its street.
  std::map<int64_t, geo::LatLng> streets;
  std::map<int64_t, std::vector<std::pair<geo::LatLng, int64_t>>> places;
  auto at = [](const store::CenterRecord& c) {
    return geo::LatLng{static_cast<double>(c.lat_e7) / 1e7, static_cast<double>(c.lng_e7) / 1e7};
  };
  for (const auto& c : stored) {
    if (c.level == "street") streets[c.org_id] = at(c);
    if (c.level == "community" || c.level == "service_point")
      if (const auto* n = tree->Find(c.org_id)) places[n->parent_id].push_back({at(c), c.org_id});
  }
  std::vector<store::PopulationPoint> points;
  std::vector<double> shares;
  double total_share = 0;
  const int steps = static_cast<int>(kRadiusKm / kStepKm);
  for (const auto& [street, centre] : streets) {
    for (int i = -steps; i <= steps; ++i)
      for (int j = -steps; j <= steps; ++j) {
        const double r = kStepKm * std::hypot(i, j);
        if (r > kRadiusKm) continue;
        const geo::LatLng p = Offset(Offset(centre, kStepKm * i, 0), kStepKm * j, M_PI / 2);
        // Only the street's own area (nearer its center than any other street's).
        const double own = geo::DistanceMeters(p, centre);
        bool elsewhere = false;
        for (const auto& [other, there] : streets)
          if (other != street && geo::DistanceMeters(p, there) < own) {
            elsewhere = true;
            break;
          }
        if (elsewhere) continue;
        int64_t org = street;
        double best = INFINITY;
        for (const auto& [c, id] : places[street])
          if (double d = geo::DistanceMeters(p, c); d < best) best = d, org = id;
        const double share =
            (1.6 - r / kRadiusKm) * (0.5 + static_cast<double>(rng() % 1000) / 1000);
        points.push_back({org, std::llround(p.lat * 1e7), std::llround(p.lng * 1e7), 0});
        shares.push_back(share);
        total_share += share;
      }
  }
  for (size_t i = 0; i < points.size(); ++i) {
    points[i].weight = std::llround(static_cast<double>(kCityPeople) * shares[i] / total_share);
    out.people += points[i].weight;
  }
  out.points = static_cast<int64_t>(points.size());
  auto saved = ctx.db.Write([&](store::Tx& tx) -> Result<DemoPopulation> {
    store::CenterRepository::InsertPopulation(tx, points, "demo-grid");
    return out;
  });
  return saved;
}

}  // namespace jiceng::centers
