#include "service/audit_service.h"

#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "domain/access.h"
#include "index/org_tree.h"
#include "platform/clock.h"
#include "platform/config.h"
#include "platform/crypto.h"
#include "platform/pii.h"
#include "store/audit_repo.h"
#include "store/db.h"
#include "store/org_repo.h"

namespace jiceng::audit {
namespace {

// The checkpoint file's complete lines ("" when it cannot be read: nullopt). A last line
// without its newline is a write cut short by a crash and is left out.
std::optional<std::vector<std::string>> ReadCheckpointLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    lines.push_back(text.substr(start, nl - start));
  return lines;
}

}  // namespace

const std::vector<ActionWords>& KnownActions() {
  static const std::vector<ActionWords> kActions = {
      // Sign-in and accounts.
      {"auth.login", "登录", "Sign in"},
      {"auth.logout", "退出登录", "Sign out"},
      {"auth.login_failed", "登录失败", "Failed sign-in"},
      {"auth.locked", "登录失败次数过多，账号锁定", "Account locked after failed sign-ins"},
      {"user.create", "新建账号", "Create account"},
      {"user.update", "修改账号", "Edit account"},
      {"user.disable", "停用账号", "Disable account"},
      {"user.enable", "启用账号", "Enable account"},
      {"user.link_member", "账号关联党员", "Link account to member"},
      {"user.unlink_member", "账号解除关联党员", "Unlink account from member"},
      {"user.password_reset", "重置密码", "Reset password"},
      {"user.password_change", "修改密码", "Change password"},
      {"grant.create", "授予角色", "Grant role"},
      {"grant.revoke", "撤销角色", "Revoke role"},
      {"token.create", "新建 API 令牌", "Create API token"},
      {"token.revoke", "撤销 API 令牌", "Revoke API token"},
      // Residents (sign-up by one-time code, residence, member link).
      {"resident.register", "居民注册", "Resident sign-up"},
      {"resident.login", "居民验证码登录", "Resident sign-in by one-time code"},
      {"resident.update", "居民修改姓名或居住社区", "Resident changed name or community"},
      {"resident.verify", "核实居民居住社区", "Verify resident's community"},
      {"resident.return", "退回居民居住社区申报", "Return resident's stated community"},
      {"resident.link_failed", "居民关联党员未匹配", "Resident's member link matched no one"},
      // Organizations.
      {"org.create", "新建组织", "Create organization"},
      {"org.update", "修改组织", "Edit organization"},
      {"org.move", "移动组织", "Move organization"},
      {"org.merge", "合并组织", "Merge organizations"},
      {"org.dissolve", "撤销组织", "Dissolve organization"},
      {"org.committee", "调整组织班子", "Change committee"},
      {"org.export", "导出组织", "Export organizations"},
      // Members.
      {"member.create", "新建党员", "Register member"},
      {"member.update", "修改党员", "Edit member"},
      {"member.status", "变更党员发展阶段", "Change member's stage"},
      {"member.extend_probation", "延长预备期", "Extend probation"},
      {"member.reveal", "查看身份证号", "View ID number"},
      {"member.duplicate_id_probe", "身份证号查重命中", "Duplicate ID number found"},
      {"member.import", "导入党员", "Import members"},
      {"member.export", "导出党员", "Export members"},
      {"member.export_pii", "导出党员（含身份证号）", "Export members (with ID numbers)"},
      {"member.demo_seed", "生成演示党员", "Generate demo members"},
      // Units.
      {"unit.create", "新建单位", "Create unit"},
      {"unit.update", "修改单位", "Edit unit"},
      {"unit.import", "导入单位", "Import units"},
      {"unit.export", "导出单位", "Export units"},
      // Transfers (组织关系转接).
      {"transfer.request", "申请组织关系转接", "Request transfer"},
      {"transfer.approve", "批准组织关系转接", "Approve transfer"},
      {"transfer.reject", "驳回组织关系转接", "Reject transfer"},
      {"transfer.complete", "完成组织关系转接", "Complete transfer"},
      {"transfer.cancel", "撤回组织关系转接", "Withdraw transfer"},
      // Meetings and materials.
      {"meeting.create", "记录会议", "Record meeting"},
      {"meeting.update", "修改会议", "Edit meeting"},
      {"meeting.confirm", "确认会议", "Confirm meeting"},
      {"meeting.correct", "更正会议记录", "Correct meeting record"},
      {"meeting.attach", "上传会议附件", "Upload meeting attachment"},
      {"meeting.detach", "删除会议附件", "Delete meeting attachment"},
      {"meeting.plan_year", "生成年度会议计划", "Plan the year's meetings"},
      {"meeting.export", "导出会议台账", "Export meeting ledger"},
      {"meeting.rules", "修改会议规则", "Change meeting rules"},
      {"meeting.supervise", "督办组织生活", "Send a meeting reminder (督办)"},
      {"material.create", "新增学习材料", "Add study material"},
      // Service centers and bookings.
      {"service.create", "新增服务目录项", "Add catalog service"},
      {"service.update", "修改服务目录项", "Edit catalog service"},
      {"center.create", "新建党群服务中心", "Add service center"},
      {"center.update", "修改党群服务中心", "Edit service center"},
      {"center.offer", "设置中心服务", "Offer service at center"},
      {"center.unoffer", "停止中心服务", "Stop service at center"},
      {"center.city_day", "修改全市节假日", "Change city calendar"},
      {"center.leave", "登记窗口停开（人员请假）", "Record staff leave"},
      {"center.duty", "安排中心值班人员", "Set the staff on duty"},
      {"center.photo", "修改中心照片", "Change center photos"},
      {"booking.create", "预约服务", "Book appointment"},
      {"booking.cancel", "取消预约", "Cancel appointment"},
      {"booking.move", "改约", "Reschedule appointment"},
      {"booking.check_in", "预约签到", "Check in appointment"},
      {"ticket.create", "受理诉求", "Record request"},
      {"ticket.transfer", "转办诉求", "Transfer request"},
      {"ticket.resolve", "办结诉求", "Resolve request"},
      {"ticket.rate", "评价诉求办理", "Rate request"},
      {"ticket.reveal_phone", "查看诉求人电话", "Reveal requester's phone"},
  };
  return kActions;
}

const ActionWords* FindAction(std::string_view code) {
  for (const auto& a : KnownActions())
    if (a.code == code) return &a;
  return nullptr;
}

std::optional<std::string_view> ActionName(std::string_view code) {
  if (const auto* a = FindAction(code)) return a->name;
  return std::nullopt;
}

std::optional<std::string_view> ActionNameEn(std::string_view code) {
  if (const auto* a = FindAction(code)) return a->name_en.empty() ? a->name : a->name_en;
  return std::nullopt;
}

namespace {

struct EntityWords {
  std::string_view code, name, name_en;
};
constexpr EntityWords kEntities[] = {{"org", "组织", "Organization"},
                                     {"member", "党员", "Member"},
                                     {"user", "账号", "Account"},
                                     {"session", "会话", "Session"},
                                     {"grant", "授权", "Grant"},
                                     {"api_token", "API 令牌", "API token"},
                                     {"unit", "单位", "Unit"},
                                     {"transfer", "组织关系转接", "Transfer"},
                                     {"meeting", "会议", "Meeting"},
                                     {"material", "学习材料", "Study material"},
                                     {"meeting_rules", "会议规则", "Meeting rules"},
                                     {"import", "导入", "Import"},
                                     {"export", "导出", "Export"},
                                     {"service", "服务目录项", "Catalog service"},
                                     {"center", "党群服务中心", "Service center"},
                                     {"city_day", "全市日历", "City calendar day"},
                                     {"booking", "预约", "Booking"},
                                     {"ticket", "诉求工单", "Ticket"}};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string_view EntityName(std::string_view entity) {
  for (const auto& e : kEntities)
    if (e.code == entity) return e.name;
  return entity;
}

std::string_view EntityNameEn(std::string_view entity) {
  for (const auto& e : kEntities)
    if (e.code == entity) return e.name_en;
  return entity;
}

std::string TargetFallback(std::string_view entity, std::optional<int64_t> id) {
  std::string out(EntityName(entity));
  if (id) out += " #" + std::to_string(*id);
  return out;
}

std::string TargetFallbackEn(std::string_view entity, std::optional<int64_t> id) {
  std::string out(EntityNameEn(entity));
  if (id) out += " #" + std::to_string(*id);
  return out;
}

std::vector<std::string> ActionsMatching(std::string_view words) {
  std::vector<std::string> out;
  if (words.empty()) return out;
  // Chinese words as typed; English words and codes without regard to case.
  std::string lower = Lower(words);
  for (const auto& a : KnownActions())
    if (a.name.find(words) != std::string_view::npos ||
        a.code.find(lower) != std::string_view::npos ||
        (!a.name_en.empty() && Lower(a.name_en).find(lower) != std::string::npos))
      out.emplace_back(a.code);
  return out;
}

std::unique_ptr<ChainKeeper> ChainKeeper::Open(const Config& config, store::Database& db,
                                               const Clock& clock) {
  std::unique_ptr<ChainKeeper> k(new ChainKeeper(db, clock));
  k->path_ = AuditCheckpointPath(config);
  auto [keyed_from, head] = db.Read([](store::Tx& tx) {
    return std::make_pair(store::AuditRepository::KeyedFrom(tx),
                          store::AuditRepository::Head(tx).first);
  });
  k->keyed_from_ = keyed_from;
  auto lines = ReadCheckpointLines(k->path_);
  bool fresh = head < keyed_from && (!lines || lines->empty());
  auto key = LoadAuditKey(config, fresh);
  if (!key) throw std::runtime_error(key.error().message);
  k->key_ = *key;
  std::error_code ec;
  auto parent = std::filesystem::path(k->path_).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  k->fd_ = ::open(k->path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (k->fd_ < 0)
    throw std::runtime_error("无法打开审计检查点文件 / cannot open the audit checkpoint file " +
                             k->path_ + ": " + std::strerror(errno));
  (void)::fchmod(k->fd_, 0600);  // an existing file made by someone's umask
  k->CheckpointHead("start");
  return k;
}

ChainKeeper::~ChainKeeper() {
  sodium_memzero(key_.data(), key_.size());
  if (fd_ >= 0) ::close(fd_);
}

void ChainKeeper::WriteLine(const std::string& line, bool sync) {
  std::lock_guard lock(mutex_);
  // One write(2) per line on an O_APPEND descriptor: lines of concurrent processes (a CLI
  // beside the server) never interleave.
  if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
    spdlog::error("audit checkpoint not written to {}: {}", path_, std::strerror(errno));
    return;
  }
  if (sync || ++unsynced_ >= kSyncEvery) {
    unsynced_ = 0;
    if (::fdatasync(fd_) != 0)
      spdlog::error("audit checkpoint file {} not synced: {}", path_, std::strerror(errno));
  }
}

void ChainKeeper::Checkpoint(int64_t seq, const std::string& head) {
  domain::AuditCheckpoint c{seq, head, clock_.NowMs(), keyed_from_, ""};
  c.mac = domain::ComputeCheckpointMac(c, key_);
  WriteLine(domain::FormatCheckpoint(c) + "\n", false);
  bool log = false;
  {
    std::lock_guard lock(mutex_);
    if (++unlogged_ >= kLogEvery) {
      unlogged_ = 0;
      log = true;
    }
  }
  if (log) spdlog::info("audit chain head: entry {} hash {}", seq, head);
}

void ChainKeeper::CheckpointHead(const char* why) {
  auto [seq, head] = db_.Read([](store::Tx& tx) { return store::AuditRepository::Head(tx); });
  domain::AuditCheckpoint c{seq, head, clock_.NowMs(), keyed_from_, ""};
  c.mac = domain::ComputeCheckpointMac(c, key_);
  WriteLine(domain::FormatCheckpoint(c) + "\n", true);
  spdlog::info("audit chain head ({}): entry {} hash {} (keyed from entry {}), checkpointed to {}",
               why, seq, head, keyed_from_, path_);
}

void Record(store::Tx& tx, const Context& ctx, const Actor& actor, Change change) {
  if (!ActionName(change.action))
    throw std::logic_error("audit action without words in audit::KnownActions: " + change.action);
  domain::AuditEntry e;
  e.at_ms = ctx.clock.NowMs();
  if (actor.principal) {
    e.actor_id = actor.principal->user_id;
    e.actor_name = actor.principal->username;
  } else {
    e.actor_name = actor.system_name;
  }
  e.action = std::move(change.action);
  e.entity = std::move(change.entity);
  e.entity_id = change.entity_id;
  e.org_id = change.org_id;
  e.before_json = std::move(change.before_json);
  e.after_json = std::move(change.after_json);
  e.request_id = actor.request_id.empty() ? "-" : actor.request_id;
  if (!ctx.audit) throw std::logic_error("audit chain keeper missing from the context");
  auto stored = store::AuditRepository::Append(tx, std::move(e), ctx.audit->key());
  tx.AfterCommit([keeper = ctx.audit, seq = stored.id, head = std::move(stored.hash)] {
    keeper->Checkpoint(seq, head);
  });
}

Result<Page> List(const Context& ctx, const domain::Principal& who, const Query& q) {
  auto roots = domain::ScopeRoots(who, domain::Permission::kReadAudit);
  if (roots.empty()) return Forbidden();
  if (q.page < 1 || q.size < 1 || q.size > 200)
    return BadInput("size", "分页参数无效 / page must be ≥ 1 and size 1–200");
  return ctx.db.Read([&](store::Tx& tx) -> Result<Page> {
    store::AuditFilter f;
    f.path_prefixes = store::OrgRepository::PathsOf(tx, roots);
    // Events with no organization (logins, system tasks) are visible from the root only;
    // a root's path is "/id/".
    for (const auto& path : f.path_prefixes)
      if (std::count(path.begin(), path.end(), '/') == 2) f.include_orgless = true;
    f.from_ms = q.from_ms;
    f.to_ms = q.to_ms;
    f.actor_id = q.actor_id;
    f.action = q.action;
    if (!q.words.empty()) {
      f.words = q.words;
      f.actions_in = ActionsMatching(q.words);
    }
    f.limit = q.size;
    f.offset = (q.page - 1) * q.size;
    Page page;
    page.total = store::AuditRepository::Count(tx, f);
    page.items = store::AuditRepository::List(tx, f);
    std::vector<std::pair<std::string, int64_t>> targets;
    for (const auto& e : page.items) {
      if (e.entity_id) targets.emplace_back(e.entity, *e.entity_id);
      if (e.org_id) targets.emplace_back("org", *e.org_id);
    }
    auto names = store::AuditRepository::TargetNames(tx, targets);
    for (const auto& e : page.items) {
      auto action = ActionName(e.action);
      std::optional<std::string> name;
      if (e.entity_id) {
        auto found = names.find({e.entity, *e.entity_id});
        if (found != names.end() && !found->second.empty()) name = found->second;
      }
      std::optional<std::string> org;
      if (e.org_id) {
        auto found = names.find({"org", *e.org_id});
        if (found != names.end()) org = found->second;
      }
      auto action_en = ActionNameEn(e.action);
      page.words.push_back({action ? std::string(*action) : e.action,
                            name ? *name : TargetFallback(e.entity, e.entity_id), org,
                            action_en ? std::string(*action_en) : e.action,
                            name ? *name : TargetFallbackEn(e.entity, e.entity_id)});
    }
    return page;
  });
}

Verification Verify(store::Database& db, const domain::AuditKeyBytes& key,
                    const std::string& checkpoint_path) {
  Verification v;
  auto broken = [&](int64_t id, std::string why) {
    v.intact = false;
    v.first_bad_id = id;
    v.reason = std::move(why);
    return v;
  };
  // The checkpoints first: whatever they name was committed before the chain is read.
  auto lines = ReadCheckpointLines(checkpoint_path);
  if (!lines || lines->empty())
    return broken(0, "没有审计检查点文件 " + checkpoint_path +
                         "：无法排除删除末尾记录 / no audit checkpoints at " + checkpoint_path +
                         ": removed entries could not be detected");
  std::map<int64_t, std::string> heads;
  std::optional<int64_t> keyed_from;
  for (size_t i = 0; i < lines->size(); ++i) {
    std::string where = "checkpoint line " + std::to_string(i + 1);
    auto c = domain::ParseCheckpoint((*lines)[i]);
    if (!c) return broken(0, "检查点无法解析 / " + where + " is unreadable");
    if (!crypto::ConstantTimeEquals(domain::ComputeCheckpointMac(*c, key), c->mac))
      return broken(0, "检查点签名不符（审计密钥不对，或文件被改）/ " + where +
                           ": signature does not match the audit key (wrong key, or the file "
                           "was edited)");
    if (keyed_from && *keyed_from != c->keyed_from)
      return broken(0, "检查点的密钥起点不一致 / " + where + " names another keyed_from");
    keyed_from = c->keyed_from;
    auto [it, added] = heads.emplace(c->seq, c->head);
    if (!added && it->second != c->head)
      return broken(c->seq, "两个检查点对同一条记录给出不同哈希 / " + where +
                                " contradicts an earlier checkpoint of entry " +
                                std::to_string(c->seq));
    ++v.checkpoints;
    v.last_checkpoint_seq = std::max(v.last_checkpoint_seq, c->seq);
  }
  v.keyed_from = *keyed_from;
  int64_t last_id = 0;
  db.Read([&](store::Tx& tx) {
    int64_t stored_from = store::AuditRepository::KeyedFrom(tx);
    if (stored_from != v.keyed_from) {
      broken(std::min(stored_from, v.keyed_from),
             "数据库中的密钥起点被改动 / the database says the chain is keyed from entry " +
                 std::to_string(stored_from) + ", the signed checkpoints say " +
                 std::to_string(v.keyed_from));
      return;
    }
    std::string prev = domain::kAuditGenesisHash;
    int64_t expected_id = 1;
    store::AuditRepository::ForEach(tx, [&](const domain::AuditEntry& e) {
      ++v.checked;
      auto fail = [&](std::string why) {
        broken(e.id, std::move(why));
        return false;
      };
      if (e.id != expected_id)
        return fail("entry id " + std::to_string(e.id) + " follows a gap (expected " +
                    std::to_string(expected_id) + ")");
      if (e.prev_hash != prev) return fail("prev_hash does not match the previous entry's hash");
      bool keyed = e.id >= v.keyed_from;
      std::string expected = keyed ? domain::ComputeAuditMac(e, key) : domain::ComputeAuditHash(e);
      if (!crypto::ConstantTimeEquals(expected, e.hash))
        return fail(keyed ? "hash does not match the entry's contents under the audit key "
                            "(HMAC-SHA-256)"
                          : "hash does not match the entry's contents (unkeyed SHA-256)");
      if (auto c = heads.find(e.id); c != heads.end() && c->second != e.hash)
        return fail("entry differs from its signed checkpoint");
      prev = e.hash;
      last_id = e.id;
      ++expected_id;
      return true;
    });
  });
  if (v.intact && v.last_checkpoint_seq > last_id)
    return broken(last_id + 1, "记录被删除：日志止于第 " + std::to_string(last_id) +
                                   " 条，而检查点见过第 " + std::to_string(v.last_checkpoint_seq) +
                                   " 条 / entries were removed: the log ends at entry " +
                                   std::to_string(last_id) + " but a signed checkpoint saw entry " +
                                   std::to_string(v.last_checkpoint_seq));
  return v;
}

Verification Verify(const Context& ctx) {
  if (!ctx.audit) throw std::logic_error("audit chain keeper missing from the context");
  return Verify(ctx.db, ctx.audit->key(), ctx.audit->checkpoint_path());
}

}  // namespace jiceng::audit
