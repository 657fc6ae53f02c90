// platform/geo.h: GCJ-02, WGS-84 and BD-09, where the shift applies, and distances.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "platform/geo.h"
#include "platform/geo_index.h"

namespace jiceng::geo {
namespace {

// Published reference values of the widely used implementations (coordtransform's README:
// wgs84togcj02, gcj02tobd09 and bd09togcj02 of 116.404, 39.915, near Tiananmen).
TEST(Geo, MatchesThePublishedReferenceValues) {
  LatLng gcj = Gcj02FromWgs84({39.915, 116.404});
  EXPECT_NEAR(gcj.lat, 39.91640428150164, 1e-9);
  EXPECT_NEAR(gcj.lng, 116.41024449916938, 1e-9);
  LatLng bd = Bd09FromGcj02({39.915, 116.404});
  EXPECT_NEAR(bd.lat, 39.92133699351021, 1e-9);
  EXPECT_NEAR(bd.lng, 116.41036949371029, 1e-9);
  LatLng back = Gcj02FromBd09({39.915, 116.404});
  EXPECT_NEAR(back.lat, 39.90865673957631, 1e-9);
  EXPECT_NEAR(back.lng, 116.39762729119315, 1e-9);
}

// In Shenzhen a phone's GPS position and the map's differ by 500–600 m — more than half of
// the 1 km promise — and converting there and back lands within a millimetre.
TEST(Geo, ShenzhenShiftsAboutSixHundredMetresAndComesBack) {
  for (LatLng wgs : {LatLng{22.5431, 114.0579},     // 福田 Civic Center
                     LatLng{22.4840, 113.9150},     // 南山 Shekou
                     LatLng{22.7200, 114.2460},     // 龙岗
                     LatLng{22.5950, 114.4900},     // 大鹏
                     LatLng{22.9300, 115.3500}}) {  // 深汕
    LatLng gcj = Gcj02FromWgs84(wgs);
    double shift = DistanceMeters(wgs, gcj);
    EXPECT_GT(shift, 450) << wgs.lat << "," << wgs.lng;
    EXPECT_LT(shift, 700) << wgs.lat << "," << wgs.lng;
    EXPECT_LT(DistanceMeters(Wgs84FromGcj02(gcj), wgs), 0.001);
    LatLng bd = Bd09FromGcj02(gcj);
    EXPECT_LT(DistanceMeters(Gcj02FromBd09(bd), gcj), 1.0);
    EXPECT_GT(DistanceMeters(bd, gcj), 300);  // Baidu's own offset on top
  }
}

TEST(Geo, OnlyMainlandChinaIsShifted) {
  for (LatLng in : {LatLng{22.5431, 114.0579}, LatLng{22.5250, 114.0700},  // 福田, 皇岗 port
                    LatLng{22.4840, 113.9150}, LatLng{22.2700, 113.5700},  // Shekou, 珠海
                    LatLng{39.9150, 116.4040}, LatLng{43.8250, 87.6170},   // 北京, 乌鲁木齐
                    LatLng{29.6500, 91.1000},  LatLng{45.7500, 126.6300},  // 拉萨, 哈尔滨
                    LatLng{20.0400, 110.3400}, LatLng{18.2500, 109.5000},  // 海口, 三亚
                    LatLng{39.4700, 75.9900},  LatLng{31.2300, 121.4700},  // 喀什, 上海
                    LatLng{38.9140, 121.6140}, LatLng{21.4800, 109.1200},  // 大连, 北海
                    LatLng{37.8100, 120.7600}, LatLng{37.6500, 120.4800},  // 蓬莱, 龙口
                    LatLng{43.6530, 111.9770}, LatLng{44.4100, 131.1500},  // 二连浩特, 绥芬河
                    LatLng{22.5330, 114.4790}, LatLng{22.4800, 114.5400},  // 南澳, 西涌
                    LatLng{22.5320, 114.1180}, LatLng{22.1000, 106.7500},  // 罗湖口岸, 凭祥
                    LatLng{22.5100, 103.9600}, LatLng{49.2100, 119.7600}}) {  // 河口, 海拉尔
    EXPECT_TRUE(InMainland(in)) << in.lat << "," << in.lng;
    LatLng g = Gcj02FromWgs84(in);
    EXPECT_GT(DistanceMeters(g, in), 100) << in.lat << "," << in.lng;
  }
  for (LatLng out :
       {LatLng{22.2800, 114.1600}, LatLng{22.4600, 114.0000},     // 中环, 天水围
        LatLng{22.1900, 113.5450}, LatLng{25.0300, 121.5600},     // 澳门, 台北
        LatLng{37.5700, 126.9800}, LatLng{39.0300, 125.7500},     // Seoul, Pyongyang
        LatLng{21.0300, 105.8500}, LatLng{1.3500, 103.8200},      // Hanoi, Singapore
        LatLng{47.9200, 106.9200}, LatLng{43.1200, 131.8900},     // Ulaanbaatar, Vladivostok
        LatLng{27.7000, 85.3000}, LatLng{43.2400, 76.9500},       // Kathmandu, Almaty
        LatLng{35.6800, 139.6900}, LatLng{51.5000, -0.1200},      // Tokyo, London
        LatLng{47.3000, 118.0000}, LatLng{43.7200, 111.9000}}) {  // Dornod, Zamyn-Üüd
    EXPECT_FALSE(InMainland(out)) << out.lat << "," << out.lng;
    LatLng g = Gcj02FromWgs84(out);
    EXPECT_EQ(g.lat, out.lat);
    EXPECT_EQ(g.lng, out.lng);
    LatLng w = Wgs84FromGcj02(out);
    EXPECT_EQ(w.lat, out.lat);
    EXPECT_EQ(w.lng, out.lng);
  }
}

TEST(Geo, ToGcj02ByDatumName) {
  LatLng p{22.5431, 114.0579};
  EXPECT_EQ(ParseCrs("gcj02"), Crs::kGcj02);
  EXPECT_EQ(ParseCrs("wgs84"), Crs::kWgs84);
  EXPECT_EQ(ParseCrs("bd09"), Crs::kBd09);
  for (const char* bad : {"", "WGS84", "gcj-02", "epsg:4326", "wgs84 "})
    EXPECT_FALSE(ParseCrs(bad).has_value()) << bad;
  EXPECT_EQ(ToGcj02(p, Crs::kGcj02).lat, p.lat);
  EXPECT_EQ(ToGcj02(p, Crs::kWgs84).lat, Gcj02FromWgs84(p).lat);
  EXPECT_EQ(ToGcj02(p, Crs::kBd09).lng, Gcj02FromBd09(p).lng);
}

TEST(Geo, ValidCoordinatesAndDistances) {
  EXPECT_TRUE(IsValid({22.5, 114.0}));
  EXPECT_TRUE(IsValid({-90, -180}));
  EXPECT_TRUE(IsValid({90, 180}));
  for (LatLng bad : {LatLng{90.0001, 0}, LatLng{0, -180.0001}, LatLng{114.0, 22.5},
                     LatLng{std::nan(""), 0}, LatLng{0, std::numeric_limits<double>::infinity()}})
    EXPECT_FALSE(IsValid(bad)) << bad.lat << "," << bad.lng;
  // A degree of latitude is ~111.2 km; a degree of longitude at 22.5° N ~102.7 km.
  EXPECT_NEAR(DistanceMeters({22.0, 114.0}, {23.0, 114.0}), 111195, 5);
  EXPECT_NEAR(DistanceMeters({22.5, 114.0}, {22.5, 115.0}), 102731, 50);
  EXPECT_EQ(DistanceMeters({22.5, 114.0}, {22.5, 114.0}), 0);
  EXPECT_NEAR(DistanceMeters({0, 0}, {0, 180}), 20015114, 10);  // half the equator
}

// 2,300 points over Shenzhen (the city's count of service centers) and 300 questions: the
// index answers what measuring every point answers, with and without a filter.
TEST(GeoIndex, AnswersAsMeasuringEveryPointDoes) {
  std::mt19937 rng(20261207);
  std::uniform_real_distribution<double> lat(22.40, 22.87), lng(113.75, 114.65);
  std::vector<LatLng> points;
  for (int i = 0; i < 2300; ++i) points.push_back({lat(rng), lng(rng)});
  NearestIndex index(points);
  EXPECT_EQ(index.size(), points.size());
  auto brute_in = [](const std::vector<LatLng>& pts, LatLng q, size_t k) {
    std::vector<NearestIndex::Hit> all;
    for (size_t i = 0; i < pts.size(); ++i)
      if (IsValid(pts[i])) all.push_back({i, DistanceMeters(q, pts[i])});
    std::sort(all.begin(), all.end(),
              [](const auto& a, const auto& b) { return a.distance_m < b.distance_m; });
    if (all.size() > k) all.resize(k);
    return all;
  };
  auto brute = [&](LatLng q, size_t k, auto keep) {
    std::vector<NearestIndex::Hit> all;
    for (size_t i = 0; i < points.size(); ++i)
      if (keep(i)) all.push_back({i, DistanceMeters(q, points[i])});
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
      return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.index < b.index;
    });
    if (all.size() > k) all.resize(k);
    return all;
  };
  auto every = [](size_t) { return true; };
  auto rare = [](size_t i) { return i % 97 == 0; };  // 24 of 2,300 offer the service
  for (int n = 0; n < 300; ++n) {
    LatLng q{lat(rng), lng(rng)};
    for (size_t k : {1u, 5u}) {
      auto got = index.Nearest(q, k);
      auto want = brute(q, k, every);
      ASSERT_EQ(got.size(), want.size());
      for (size_t j = 0; j < got.size(); ++j) {
        EXPECT_EQ(got[j].index, want[j].index) << n << " " << j;
        EXPECT_DOUBLE_EQ(got[j].distance_m, want[j].distance_m);
      }
      auto got_rare = index.Nearest(q, k, rare);
      auto want_rare = brute(q, k, rare);
      ASSERT_EQ(got_rare.size(), want_rare.size());
      for (size_t j = 0; j < got_rare.size(); ++j)
        EXPECT_EQ(got_rare[j].index, want_rare[j].index) << n << " " << j;
    }
  }
  // Points over the whole country: the nearest are still the nearest on the sphere (one
  // plane for them all would misorder them), and an invalid point is never found.
  std::vector<LatLng> country{{45.75, 126.63}, {43.83, 87.62},  {22.54, 114.06},    {29.65, 91.10},
                              {39.91, 116.40}, {18.25, 109.50}, {std::nan(""), 1.0}};
  NearestIndex wide(country);
  std::uniform_real_distribution<double> any_lat(18, 53), any_lng(74, 134);
  for (int n = 0; n < 200; ++n) {
    LatLng q{any_lat(rng), any_lng(rng)};
    auto got = wide.Nearest(q, 3);
    ASSERT_EQ(got.size(), 3u);
    auto want = brute_in(country, q, 3);
    for (size_t j = 0; j < 3; ++j) EXPECT_EQ(got[j].index, want[j].index) << n << " " << j;
  }
  EXPECT_EQ(wide.Nearest({22.5, 114.0}, 10).size(), 6u);  // the NaN point is left out
  EXPECT_TRUE(wide.Nearest({std::nan(""), 114.0}, 3).empty());
  // A filter nothing passes, more asked than there are, and an empty index.
  EXPECT_TRUE(index.Nearest({22.5, 114.0}, 3, [](size_t) { return false; }).empty());
  EXPECT_EQ(index.Nearest({22.5, 114.0}, 5000).size(), points.size());
  EXPECT_TRUE(index.Nearest({22.5, 114.0}, 0).empty());
  NearestIndex empty({});
  EXPECT_TRUE(empty.Nearest({22.5, 114.0}, 3).empty());
}

}  // namespace
}  // namespace jiceng::geo
