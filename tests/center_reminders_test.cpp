// Booking reminders by text message on both stores (issue 15): the day before, two hours
// before a late booking, none at night, once, of the time it has now, never twice from two
// servers, three tries against a refusing gateway.
#include <atomic>
#include <mutex>
#include <thread>

#include "centers_fixture.h"
#include "platform/pii.h"
#include "service/center_service.h"
#include "service/sms_sender.h"
#include "store/center_repo.h"
#include "store/db.h"
#include "store/resident_repo.h"

namespace jiceng::testing {
namespace {

// A sender standing in for the city's SMS gateway: keeps the messages, or refuses them.
class CentersSmsOutbox : public sms::Sender {
 public:
  Status Send(const sms::Message& m) override {
    std::lock_guard lock(mutex);
    if (refuse) return Fail(ErrorKind::kUnavailable, "gateway_down", "gateway down");
    sent.push_back(m);
    return {};
  }
  std::string Describe() const override { return "captured"; }
  std::mutex mutex;
  bool refuse = false;
  std::vector<sms::Message> sent;
};

TEST_P(CentersTest, ResidentsAreRemindedByTextMessageOnceBeforeTheirBooking) {
  const int64_t center = MakeCenter(community_, "高新社区党群服务中心", "22.543100,114.057900", 5);
  auto& ctx = runtime_->context();
  auto outbox = std::make_shared<CentersSmsOutbox>();
  sms::SetSender(ctx, outbox);
  // A resident who proved 13812345678 (the sign-in by code keeps it sealed), and a staff
  // account without a number.
  const int64_t user = MakeUser("resident-wang", "resident", root_);
  (void)runtime_->db().Write([&](store::Tx& tx) -> Status {
    store::ResidentRecord r;
    r.user_id = user;
    r.mobile_index = ctx.pii->BlindIndex("mobile", "13812345678");
    r.mobile_sealed = ctx.pii->Seal("mobile", "13812345678");
    r.mobile_masked = "138****5678";
    r.created_at = r.updated_at = clock_->NowMs();
    store::ResidentRepository::Insert(tx, r);
    return {};
  });
  const auto wang = Login("resident-wang", kPassword);
  const auto staff = Resident("no-number");
  auto run = [&] { return centers::SendReminders(ctx); };
  auto texts = [&] {
    std::lock_guard lock(outbox->mutex);
    return outbox->sent.size();
  };

  // Monday 08:00: Wednesday 09:00 is booked two days ahead; nothing is due yet.
  auto early = Book(center, "2027-03-03T09:00:00+08:00", wang);
  ASSERT_EQ(early.status, 201) << early.body;
  EXPECT_TRUE(early.Json()["reminded_at"].is_null());
  ASSERT_EQ(Book(center, "2027-03-03T09:00:00+08:00", staff).status, 201);
  auto cancelled = Book(center, "2027-03-03T11:00:00+08:00", wang);
  ASSERT_EQ(
      Post("/api/bookings/" + std::to_string(cancelled.Json()["id"].get<int64_t>()) + "/cancel",
           json::object(), wang)
          .status,
      200);
  EXPECT_EQ(run().sent, 0);
  clock_->Advance(24 * kCenterHour + 59 * 60'000);  // Tuesday 08:59
  EXPECT_EQ(run().sent, 0);
  clock_->Advance(60'000);  // Tuesday 09:00: the day before
  auto first = run();
  EXPECT_EQ(first.sent, 1);
  EXPECT_EQ(first.skipped, 1);  // the staff account's booking: no number to send to
  ASSERT_EQ(texts(), 1u);
  // … and it never says it was reminded, nor is it read again.
  EXPECT_TRUE(Get("/api/bookings/mine", Login("resident-no-number", kPassword))
                  .Json()["items"][0]["reminded_at"]
                  .is_null());
  EXPECT_EQ(run().skipped, 0);
  const auto& m = outbox->sent[0];
  EXPECT_EQ(m.phone, "13812345678");
  EXPECT_EQ(m.kind, "booking_reminder");
  EXPECT_EQ(m.text,
            "【基层】预约提醒：您预约了高新社区党群服务中心的“党员组织关系转接咨询”，时间3月3日（"
            "周三）09:00，地址：深圳市南山区粤海街道。请携带：身份证、党员证明。如不能前往，请在“"
            "我的预约”中取消。");
  // Once: the next runs send nothing; the booking says when it was reminded.
  EXPECT_EQ(run().sent, 0);
  const std::string url = "/api/bookings/" + std::to_string(early.Json()["id"].get<int64_t>());
  auto mine = Get("/api/bookings/mine", Login("resident-wang", kPassword)).Json()["items"];
  bool reminded = false;
  for (const auto& b : mine)
    reminded = reminded || (b["id"] == early.Json()["id"] && b["reminded_at"].is_string());
  EXPECT_TRUE(reminded);

  // Moved to Thursday 14:00: reminded again of the new time, the day before. A run that
  // read the booking before the move claims nothing (it would send the old time).
  const auto wang2 = Login("resident-wang", kPassword);
  const int64_t early_id = early.Json()["id"];
  const int64_t old_start = kCenterMonday + 2 * 24 * kCenterHour + 9 * kCenterHour;
  ASSERT_EQ(Post(url + "/reschedule", {{"start", "2027-03-04T14:00:00+08:00"}}, wang2).status, 200);
  (void)runtime_->db().Write([&](store::Tx& tx) -> Status {
    EXPECT_FALSE(store::CenterRepository::ClaimReminder(tx, early_id, old_start, clock_->NowMs()));
    return {};
  });
  EXPECT_EQ(run().sent, 0);
  // Booked late (Tuesday 09:00 for Wednesday 09:30, within the day before): two hours before.
  ASSERT_EQ(Book(center, "2027-03-03T09:30:00+08:00", wang2).status, 201);
  EXPECT_EQ(run().sent, 0);
  clock_->Advance(22 * kCenterHour + 30 * 60'000);  // Wednesday 07:30: due, but in quiet hours
  EXPECT_EQ(run().sent, 0);
  clock_->Advance(30 * 60'000);  // 08:00
  EXPECT_EQ(run().sent, 1);
  EXPECT_NE(outbox->sent.back().text.find("3月3日（周三）09:30"), std::string::npos);

  // The gateway refuses: the reminder is tried again on the next run, and sent once.
  outbox->refuse = true;
  clock_->Advance(6 * kCenterHour);  // Wednesday 14:00: Thursday 14:00 is due
  EXPECT_EQ(run().failed, 1);
  outbox->refuse = false;
  // Two servers' runs at once send it once.
  std::vector<std::thread> runs;
  std::atomic<int> sent{0};
  for (int i = 0; i < 4; ++i) runs.emplace_back([&] { sent += run().sent; });
  for (auto& t : runs) t.join();
  EXPECT_EQ(sent.load(), 1);
  ASSERT_EQ(texts(), 3u);
  EXPECT_NE(outbox->sent.back().text.find("3月4日（周四）14:00"), std::string::npos);
  EXPECT_EQ(run().sent, 0);

  // A number the gateway keeps refusing is tried three times, then left alone.
  ASSERT_EQ(Book(center, "2027-03-05T14:00:00+08:00", Login("resident-wang", kPassword)).status,
            201);                     // Friday
  clock_->Advance(24 * kCenterHour);  // Thursday 14:00
  outbox->refuse = true;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(run().failed, 1) << "try " << i + 1;
  EXPECT_EQ(run().failed, 0);
  outbox->refuse = false;
  EXPECT_EQ(run().sent, 0);
}

}  // namespace
}  // namespace jiceng::testing
