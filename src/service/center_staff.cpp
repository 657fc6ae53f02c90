// Staff on duty at a center, by day (值班安排; service/center_service.h).
#include <nlohmann/json.hpp>
#include <set>

#include "domain/centers.h"
#include "platform/clock.h"
#include "platform/utf8.h"
#include "service/audit_service.h"
#include "service/center_internal.h"
#include "service/center_service.h"
#include "store/center_repo.h"
#include "store/db.h"

namespace jiceng::centers {

namespace dc = domain::centers;

namespace {

constexpr int64_t kDutyAheadDays = 366;  // a year's rota at most
constexpr int64_t kDutyListDays = 92;    // a quarter per read

Result<int64_t> DutyDayParam(const std::string& text, const char* field) {
  auto day = dc::ParseDay(text);
  if (!day) return BadInput(field, "日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD");
  return *day;
}

std::vector<DutyDay> ByDay(const std::vector<store::DutyRecord>& rows) {
  std::vector<DutyDay> out;
  for (const auto& r : rows) {
    if (out.empty() || out.back().day != r.day) out.push_back({r.day, {}});
    out.back().staff.push_back({r.name, r.post});
  }
  return out;
}

}  // namespace

Result<DutyDay> PutDuty(const Context& ctx, const Actor& actor, int64_t center_id,
                        const std::string& day, std::vector<OnDuty> staff) {
  JICENG_TRY(d, DutyDayParam(day, "date"));
  const int64_t today = ShanghaiDayOf(ctx.clock.NowMs());
  if (d < today || d > today + kDutyAheadDays)
    return BadInput("date", "值班只能安排今天起一年内 / duty is set from today to a year ahead");
  if (staff.size() > kMaxOnDuty)
    return BadInput("staff", "每天最多 " + std::to_string(kMaxOnDuty) + " 名值班人员 / at most " +
                                 std::to_string(kMaxOnDuty) + " people a day");
  std::set<std::string> names;
  std::vector<store::DutyRecord> rows;
  for (auto& s : staff) {
    s.name = TrimSpaces(s.name);
    s.post = TrimSpaces(s.post);
    // Named as the body's parser names them (a person's "name" and "post").
    JICENG_CHECK(ValidateName(s.name, "name", 30, /*required=*/true));
    JICENG_CHECK(ValidateText(s.post, "post", 30, /*required=*/false));
    if (!names.insert(s.name).second)
      return BadInput("staff", "同一天不能重复安排 " + s.name + " / a name twice on one day");
    rows.push_back({day, s.name, s.post});
  }
  return ctx.db.Write([&](store::Tx& tx) -> Result<DutyDay> {
    JICENG_TRY(c,
               internal::CenterToManage(ctx, tx, *actor.principal, center_id, ManagePermission()));
    store::CenterRepository::PutDuty(tx, c.id, day, rows);
    nlohmann::json after = nlohmann::json::array();
    for (const auto& s : staff) after.push_back({{"name", s.name}, {"post", s.post}});
    audit::Record(tx, ctx, actor,
                  {"center.duty", "center", c.id, c.org_id, std::nullopt,
                   nlohmann::json{{"day", day}, {"staff", after}}.dump()});
    return DutyDay{day, staff};
  });
}

Result<std::vector<DutyDay>> DutyOf(const Context& ctx, const domain::Principal& who,
                                    int64_t center_id, const std::string& from,
                                    const std::string& to) {
  const int64_t today = ShanghaiDayOf(ctx.clock.NowMs());
  int64_t first = today, last = today + 30;
  if (!from.empty()) {
    JICENG_TRY(f, DutyDayParam(from, "from"));
    first = f;
    last = f + 30;
  }
  if (!to.empty()) {
    JICENG_TRY(t, DutyDayParam(to, "to"));
    last = t;
  }
  if (last < first || last - first >= kDutyListDays)
    return BadInput("to", "查询区间须在 92 天以内且不早于 from / to: within 92 days from `from`");
  return ctx.db.Read([&](store::Tx& tx) -> Result<std::vector<DutyDay>> {
    JICENG_TRY(c, internal::CenterToManage(ctx, tx, who, center_id, ManagePermission()));
    return ByDay(store::CenterRepository::DutyOf(tx, c.id, dc::DayText(first), dc::DayText(last)));
  });
}

}  // namespace jiceng::centers
