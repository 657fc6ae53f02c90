// Minutes and study materials of the demo (demo/demo_text.h).
//
// A sentence is a template whose slots are filled for the meeting at hand:
//   {h} the host   {r} the recorder   {a} a member present (a different one each time)
//   {o} the organization   {p} its place   {t} the period   {m} the material studied
//   {i} a local issue   {w} a work item   {v} a volunteer service   {e} a theme of study
//   {n} a count of 2–40   {k} a count of 2–9
// Every template carries at least one slot of many values (a name, the organization, a
// place, an issue with a count…), which keeps any one sentence rare across thousands of
// meetings; a meeting never uses a template twice.
#include "demo/demo_text.h"

#include <algorithm>
#include <string_view>

namespace jiceng::demo {
namespace {

using Pool = std::vector<std::string_view>;

// Local issues a community or a workplace's members take up.
const Pool kIssues = {
    "老旧小区加装电梯",   "停车难",           "垃圾分类督导",   "城中村消防安全",
    "电动自行车充电隐患", "楼道杂物清理",     "高空抛物治理",   "背街小巷环境整治",
    "独居老人关爱",       "社区长者饭堂",     "四点半课堂",     "外卖骑手暖蜂驿站",
    "物业服务质量",       "小区管道改造",     "出租屋安全检查", "噪音扰民",
    "共享单车乱停放",     "社区公园改造",     "防汛物资储备",   "台风天转移安置",
    "燃气安全入户检查",   "反诈宣传",         "义务植树",       "便民服务点设置",
    "新就业群体服务",     "流动人口登记",     "退役军人服务",   "困难家庭帮扶",
    "儿童友好社区建设",   "无障碍设施改造",   "社区食堂运营",   "楼栋长队伍建设",
    "邻里纠纷调解",       "企业用工需求对接", "园区通勤班车",   "员工子女暑期托管",
    "青年人才公寓",       "企业安全生产培训", "节能降耗",       "知识产权保护"};

// Work items of a plan or a committee's decisions.
const Pool kWorkItems = {
    "发展党员工作",       "党费收缴和使用",    "党员积分管理",     "三会一课台账整理",
    "党员冬训",           "党员先锋岗评选",    "支部标准化建设",   "党群服务阵地提升",
    "民生微实事项目申报", "网格党建",          "在职党员进社区",   "流动党员联络",
    "老党员走访慰问",     "入党积极分子培养",  "党建品牌创建",     "党员示范岗设立",
    "年度民主评议",       "换届选举筹备",      "主题教育整改落实", "党风廉政建设",
    "意识形态工作",       "志愿服务积分兑换",  "党建联建共建",     "党员教育培训计划",
    "先进典型选树",       "党务公开",          "困难党员帮扶",     "组织关系排查",
    "党员档案整理",       "下半年重点工作安排"};

// Volunteer services of a theme day.
const Pool kServices = {"垃圾分类宣传",     "文明交通劝导",   "义诊进社区",     "反诈知识宣讲",
                        "旧衣物回收",       "关爱独居老人",   "清理小广告",     "河道巡查",
                        "义务理发",         "政策宣讲进楼栋", "消防安全演练",   "无偿献血",
                        "长者智能手机课堂", "亲子阅读",       "社区义卖",       "绿道清洁",
                        "防溺水宣传",       "法律咨询",       "学雷锋便民服务", "植树护绿"};

// Themes of study: lectures, materials, examinations of oneself.
const Pool kThemes = {"坚持和加强党的全面领导",
                      "党建引领基层治理",
                      "全面从严治党",
                      "新时代党的组织路线",
                      "严守政治纪律和政治规矩",
                      "密切联系群众",
                      "党员先锋模范作用",
                      "基层党组织战斗堡垒作用",
                      "城中村综合治理",
                      "两新组织党建",
                      "流动党员教育管理",
                      "网格化服务管理",
                      "民生实事办理",
                      "营商环境优化",
                      "科技创新和产业升级",
                      "粤港澳大湾区建设",
                      "中国特色社会主义先行示范区建设",
                      "安全生产责任落实",
                      "生态文明建设",
                      "乡村振兴",
                      "共同富裕",
                      "社会主义核心价值观",
                      "作风建设",
                      "廉洁自律",
                      "调查研究",
                      "为民办实事",
                      "党史学习",
                      "新就业群体党建",
                      "志愿服务常态化",
                      "基层减负",
                      "平安社区建设",
                      "文明城市创建",
                      "应急管理能力",
                      "数字政府建设",
                      "人才工作",
                      "统一战线工作",
                      "群团工作",
                      "意识形态工作",
                      "党内法规学习",
                      "组织生活质量提升"};

// Opening sentences: date, organization, type, host and attendance.
const Pool kOpeningsWithRoster = {
    "{t}，{o}召开{T}，{h}主持会议，应到{E}人，实到{P}人{X}",
    "{o}于{t}召开{T}，应到会党员{E}名，实到{P}名{X}，会议由{h}主持",
    "{t}，{o}在{p}党群服务中心召开{T}，{h}主持，实到党员{P}名{X}",
};
const Pool kOpeningsCommittee = {
    "{t}，{o}召开{T}，{h}主持会议，班子成员出席",
    "{o}于{t}召开{T}，由{h}主持，相关部门负责同志列席",
    "{t}，{o}召开{T}，会议由{h}主持，记录人{r}",
};

// Agenda items: each a few alternative sentences, one (now and then two) said.
struct Item {
  Pool sentences;
};

const std::vector<Item> kStudy = {
    {{"{h}领学了《{m}》，{a}结合{p}{i}工作谈了学习体会",
      "大家认真学习了《{m}》，{a}、{a}先后围绕{e}交流发言",
      "会议以《{m}》为第一议题，{a}领读了关于{e}的段落"}},
    {{"{a}在交流中表示，要把学习《{m}》同做好{p}的{i}工作结合起来",
      "{a}谈到，学习《{m}》后对{i}有了新的认识"}},
};
const std::vector<Item> kBranchBusiness = {
    {{"会议研究了{p}{i}的推进情况，明确由{a}牵头跟进",
      "大家围绕{i}提出意见建议{k}条，会议逐条作了研究",
      "{a}汇报了{i}的进展，{a}补充了居民反映的{k}个具体问题"}},
    {{"会议讨论了{w}，{a}作了说明", "会议听取了{a}关于{w}的汇报，同意提交党员大会",
      "{h}通报了{w}的情况，要求{t}底前完成"}},
    {{"会议讨论了入党积极分子{a}的培养情况，确定{a}为培养联系人，培养期内安排参与{v}",
      "经支部委员会审查，同意将{a}列为发展对象，公示期{k}个工作日",
      "会议听取了预备党员{a}的转正申请，培养联系人{a}介绍了其参与{i}的表现"}},
    {{"{r}通报了{t}党费收缴情况，{a}等同志均已按时足额交纳",
      "会议通报了党费使用情况，其中{n}00元用于慰问{p}困难党员",
      "会议审议了{o}{t}党费收缴明细，由{a}负责公示"}},
    {{"会议决定组织党员参加{p}{v}活动，由{a}负责联络",
      "会议安排{k}名党员认领{p}{v}志愿岗位，{a}报名带队"}},
    {{"会议研究了走访慰问名单，确定{a}等{k}名同志在{t}内走访{p}老党员和困难党员",
      "{a}介绍了{p}{k}户困难群众的情况，会议商定结合{w}开展帮扶"}},
};
const std::vector<Item> kGroupBusiness = {
    {{"党小组成员交流了近期在{p}参与{i}的情况，{a}作了重点发言",
      "{a}反映了楼栋里{i}的问题，小组商定由{a}向支部报告"}},
    {{"小组成员逐一汇报了思想和工作情况，{a}谈到要在{i}中带好头",
      "{a}、{a}交流了参加{v}志愿服务的体会"}},
    {{"党小组商定本月{v}活动由{a}召集，{k}名党员报名", "党小组对{w}作了分工，{a}负责收集意见"}},
};
const std::vector<Item> kLecture = {
    {{"{h}以“{e}”为题讲授专题党课，结合{p}{i}工作讲了{k}点体会",
      "{h}讲授了“{e}”专题党课，回顾了{o}近年来的做法",
      "本次党课由{h}主讲，题目为“{e}”，并联系{p}实际作了阐释"}},
    {{"听课后，{a}、{a}结合自身岗位谈了认识，表示要在{i}中发挥作用",
      "{a}提出要把“{e}”落实到{i}等具体工作中", "课后开展了交流研讨，{a}就{i}提出了{k}条建议"}},
};
const std::vector<Item> kThemeDay = {
    {{"本次主题党日以{v}为主题，{a}等党员在{p}开展志愿服务",
      "党员们在{p}开展{v}，{a}、{a}带头参与，服务群众{n}人次",
      "主题党日活动组织党员到{p}开展{v}，共发放宣传资料{n}0份"}},
    {{"{t}主题党日活动前，全体党员重温入党誓词，由{a}领誓",
      "活动开始前，{h}带领{a}等党员重温了入党誓词，并讲解了{e}的要求",
      "活动中，{a}向党员讲解了{i}的相关政策"}},
    {{"活动结束后，{a}表示要把{v}常态化开展下去", "{a}在活动后提议，下次主题党日聚焦{i}"}},
};
const std::vector<Item> kLifeMeeting = {
    {{"{h}代表支部委员会对照“{e}”作检视剖析，查摆问题{k}条",
      "会前通过谈心谈话征求意见{n}条，{h}作了通报",
      "{h}通报了上次组织生活会{k}项整改事项的落实情况"}},
    {{"{a}对照检查了自身在{i}工作中的不足", "{a}自我批评时谈到参加{v}次数少、带头作用不够",
      "{a}查摆了学习不够系统的问题，表示要结合{e}加强学习"}},
    {{"{a}向{a}提出批评意见：联系群众不够主动，参与{i}不多",
      "{a}对{a}提出意见，希望在{w}中多承担任务",
      "党员之间开展了相互批评，{a}提出的{k}条意见被逐一记录"}},
    {{"会议确定整改事项{k}项，由{a}牵头建立台账", "会议明确将{i}列入整改清单，{t}内见成效"}},
};
const std::vector<Item> kAppraisal = {
    {{"{h}说明了民主评议党员的程序和标准，{a}等党员参加评议",
      "会议按照个人自评、党员互评、民主测评的程序开展评议，由{r}负责计票",
      "{h}作动员讲话，要求对照“{e}”逐项评议"}},
    {{"{a}作个人自评，介绍了一年来参与{i}的情况",
      "{a}、{a}先后作了个人总结，查找了在{w}方面的差距"}},
    {{"经民主测评，{a}等{k}名党员被评为优秀",
      "{t}测评结果经支部委员会研究后报上级党委，由{r}负责汇总",
      "评议中党员对{a}在{v}中的表现给予肯定"}},
};
const std::vector<Item> kPartyCommittee = {
    {{"会议传达学习了上级关于“{e}”的部署要求，{h}提出贯彻意见",
      "会议学习了《{m}》，研究了{o}的贯彻落实措施",
      "会议第一议题学习了“{e}”的有关论述，{a}等班子成员交流了体会"}},
};
const std::vector<Item> kCommitteeBusiness = {
    {{"会议研究了辖区{i}工作，决定由{r}会同相关部门{k}日内提出方案",
      "会议听取了{p}{i}情况汇报，要求限期解决群众反映的{k}个问题",
      "会议审议了{w}方案，提出修改意见{k}条"}},
    {{"会议研究了下属{n}个党组织的{w}情况", "会议决定对{k}个党组织开展{w}专项检查",
      "会议讨论了{t}{w}的安排，明确了责任分工"}},
};
const std::vector<Item> kDemocraticLife = {
    {{"会前班子成员开展谈心谈话{n}人次，广泛征求意见{k}0条", "{h}代表班子对照“{e}”作对照检查",
      "会议通报了上年度民主生活会{k}项整改措施的落实情况"}},
    {{"班子成员逐一作个人对照检查，聚焦{i}等工作查摆不足{k}条",
      "班子成员围绕“{e}”开展批评和自我批评，共提出批评意见{n}条"}},
    {{"会议梳理形成整改清单{k}项，明确{t}内完成{i}相关整改",
      "{h}作总结讲话，要求把整改落实到{w}中"}},
};

const Pool kClosings = {
    "{h}在总结时要求{o}全体党员在{i}中当先锋、作表率",
    "会议最后，{h}对{w}作了部署，要求{t}内抓好落实",
    "{h}强调，要把会议精神落实到{p}{i}等具体工作中",
    "会议由{r}记录，{h}要求下次会议前报告{w}进展",
    "{h}总结讲话，对{a}等同志在{v}中的表现给予表扬",
};

// The spoken name of a meeting of `type` in an opening sentence.
std::string_view Spoken(domain::MeetingType type) {
  switch (type) {
    case domain::MeetingType::kMemberMeeting:
      return "支部党员大会";
    case domain::MeetingType::kCommitteeMeeting:
      return "支部委员会会议";
    case domain::MeetingType::kGroupMeeting:
      return "党小组会";
    case domain::MeetingType::kLecture:
      return "党课";
    case domain::MeetingType::kThemeDay:
      return "主题党日活动";
    case domain::MeetingType::kLifeMeeting:
      return "组织生活会";
    case domain::MeetingType::kAppraisal:
      return "民主评议党员大会";
    case domain::MeetingType::kPartyCommittee:
      return "党委会议";
    case domain::MeetingType::kDemocraticLife:
      return "领导班子民主生活会";
  }
  return "会议";
}

template <class T>
const T& PickOf(std::mt19937_64& rng, const std::vector<T>& v) {
  return v[rng() % v.size()];
}

// Fills the slots of `tpl` (see the top of this file).
class Filler {
 public:
  Filler(std::mt19937_64& rng, const MeetingFacts& f) : rng_(rng), f_(f) {}

  void Append(std::string& out, std::string_view tpl) {
    for (size_t i = 0; i < tpl.size(); ++i) {
      if (tpl[i] != '{' || i + 2 >= tpl.size() || tpl[i + 2] != '}') {
        out += tpl[i];
        continue;
      }
      Slot(out, tpl[i + 1]);
      i += 2;
    }
  }

 private:
  void Slot(std::string& out, char c) {
    switch (c) {
      case 'h':
        out += f_.host;
        break;
      case 'r':
        out += f_.recorder;
        break;
      case 'a':
        out += f_.present.empty() ? std::string_view("有关同志") : Someone();
        break;
      case 'o':
        out += f_.org;
        break;
      case 'p':
        out += f_.place;
        break;
      case 't':
        out += f_.period;
        break;
      case 'm':
        out += f_.material.empty() ? std::string(PickOf(rng_, kThemes)) + "学习材料" : f_.material;
        break;
      case 'i':
        out += PickOf(rng_, kIssues);
        break;
      case 'w':
        out += PickOf(rng_, kWorkItems);
        break;
      case 'v':
        out += PickOf(rng_, kServices);
        break;
      case 'e':
        out += PickOf(rng_, kThemes);
        break;
      case 'n':
        out += std::to_string(2 + rng_() % 39);
        break;
      case 'k':
        out += std::to_string(2 + rng_() % 8);
        break;
      case 'T':
        out += Spoken(f_.type);
        break;
      case 'E':
        out += std::to_string(f_.expected);
        break;
      case 'P':
        out += std::to_string(f_.attended);
        break;
      case 'X':
        if (f_.excused > 0) out += "，" + std::to_string(f_.excused) + "人请假";
        break;
      default:
        out += '{';
        out += c;
        out += '}';
    }
  }
  // A member present, not the one named just before ("其他同志" when there is no other).
  std::string_view Someone() {
    size_t i = rng_() % f_.present.size();
    if (i == last_) {
      if (f_.present.size() == 1) return "其他同志";
      i = (i + 1) % f_.present.size();
    }
    last_ = i;
    return f_.present[i];
  }

  std::mt19937_64& rng_;
  const MeetingFacts& f_;
  size_t last_ = static_cast<size_t>(-1);
};

// Up to `count` different items of `items`, in a random order.
std::vector<const Item*> Choose(std::mt19937_64& rng, const std::vector<Item>& items,
                                size_t count) {
  std::vector<const Item*> all;
  for (const auto& i : items) all.push_back(&i);
  std::vector<const Item*> out;
  for (size_t i = 0; i < all.size() && out.size() < count; ++i) {
    std::swap(all[i], all[i + rng() % (all.size() - i)]);
    out.push_back(all[i]);
  }
  return out;
}

// The agenda of a meeting of `type`: items in order of business.
std::vector<const Item*> Agenda(std::mt19937_64& rng, const MeetingFacts& f) {
  using domain::MeetingType;
  std::vector<const Item*> out;
  auto add = [&](const std::vector<Item>& items, size_t count) {
    for (const auto* i : Choose(rng, items, count)) out.push_back(i);
  };
  switch (f.type) {
    case MeetingType::kMemberMeeting:
    case MeetingType::kCommitteeMeeting:
      if (!f.material.empty()) out.push_back(&kStudy[0]);
      add(kBranchBusiness, 1 + rng() % 2);
      break;
    case MeetingType::kGroupMeeting:
      if (!f.material.empty()) out.push_back(&kStudy[rng() % kStudy.size()]);
      add(kGroupBusiness, 1 + rng() % 2);
      break;
    case MeetingType::kLecture:
      add(kLecture, 2);
      break;
    case MeetingType::kThemeDay:
      add(kThemeDay, 2);
      break;
    case MeetingType::kLifeMeeting:
      if (!f.material.empty()) out.push_back(&kStudy[0]);
      add(kLifeMeeting, 2);
      break;
    case MeetingType::kAppraisal:
      add(kAppraisal, 2);
      break;
    case MeetingType::kPartyCommittee:
      // The first agenda item (第一议题) is study, then the business.
      out.push_back(&kPartyCommittee[0]);
      add(kCommitteeBusiness, 1 + rng() % 2);
      break;
    case MeetingType::kDemocraticLife:
      add(kDemocraticLife, 2);
      break;
  }
  return out;
}

}  // namespace

std::string ShortOrgName(const std::string& name) {
  std::string s = name;
  auto strip_tail = [&](std::string_view tail, std::string_view with) {
    if (s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0) {
      s.resize(s.size() - tail.size());
      s += with;
      return true;
    }
    return false;
  };
  if (s.rfind("中共", 0) == 0) s = s.substr(std::string_view("中共").size());
  if (!strip_tail("工作委员会", "党工委") && !strip_tail("总支部委员会", "党总支") &&
      !strip_tail("支部委员会", "支部"))
    strip_tail("委员会", "党委");
  return s;
}

std::string Minutes(std::mt19937_64& rng, const MeetingFacts& f) {
  Filler fill(rng, f);
  std::string out;
  const Pool& openings = f.expected > 0 ? kOpeningsWithRoster : kOpeningsCommittee;
  fill.Append(out, PickOf(rng, openings));
  out += "。";
  for (const Item* item : Agenda(rng, f)) {
    // One sentence of the item, now and then a second one.
    size_t first = rng() % item->sentences.size();
    fill.Append(out, item->sentences[first]);
    if (item->sentences.size() > 1 && rng() % 6 == 0) {
      size_t second = (first + 1 + rng() % (item->sentences.size() - 1)) % item->sentences.size();
      out += "；";
      fill.Append(out, item->sentences[second]);
    }
    out += "。";
  }
  // Every other meeting closes with the host's summing up.
  if (rng() % 2) {
    fill.Append(out, PickOf(rng, kClosings));
    out += "。";
  }
  return out;
}

namespace {

// Series a study material belongs to, and the sentences its body is made of.
const Pool kSeries = {"学习贯彻党的二十大精神专题辅导",
                      "党纪学习教育读本",
                      "基层党建工作案例选编",
                      "党史学习教育参考资料",
                      "深圳基层治理经验汇编",
                      "主题党日学习资料",
                      "微党课讲稿选编",
                      "党员冬训学习读本",
                      "党支部书记培训讲义",
                      "两新组织党建工作指引",
                      "社区党建实务问答",
                      "党员教育电视片解说词",
                      "新时代文明实践学习资料",
                      "党内法规学习汇编",
                      "城市基层党建调研报告",
                      "先进党支部工作法",
                      "优秀共产党员事迹选编",
                      "理论学习中心组学习参考",
                      "党务工作者业务手册",
                      "青年党员学习读本",
                      "流动党员学习资料",
                      "党建引领城中村治理案例",
                      "园区党建工作经验交流材料",
                      "楼宇党建工作手册",
                      "社会组织党建工作读本",
                      "党课教材"};
const Pool kMaterialOpenings = {
    "本篇围绕“{e}”，梳理了{y}年以来{s}等地的做法",
    "“{e}”是{y}年基层党组织的重点任务之一，本篇介绍了{s}的探索",
    "本篇以{s}为例，介绍了“{e}”的工作思路和主要举措",
};
const Pool kMaterialSentences = {
    "{s}把{i}作为{e}的切入点，{y}年共办结群众诉求{n}0余件",
    "{s}各社区党委建立{w}清单，明确了{k}类责任",
    "在{i}中，{s}组织在职党员{n}0余人次下沉网格",
    "{s}探索“党建+{v}”模式，{y}年开展活动{n}场",
    "实践表明，抓好{w}是推进{e}的重要抓手",
    "{s}推行支部书记月例会制度，每月通报{w}进展",
    "围绕{i}，{s}召开居民议事会{k}次，形成共识{n}项",
    "{s}将{w}纳入年度考核，{y}年考核结果与评先评优挂钩",
    "{s}依托党群服务中心开设{v}服务点{k}个",
    "{y}年，{s}新建两新组织党组织{k}个，选派党建指导员{n}名",
    "{s}把{e}同{i}结合起来，群众满意度明显提升",
    "基层党组织要在{i}中把党员组织起来，{s}的经验值得借鉴",
    "{s}以{w}为抓手，推动党员在{v}中亮身份、作表率",
    "学习中要注意把{e}的要求转化为{w}的具体措施",
    "各支部可结合{i}的实际，参照{s}的做法制定方案",
    "{s}建立“{k}+N”联系机制，由党员骨干联系{n}户居民",
};

struct MaterialSlots {
  std::mt19937_64& rng;
  const std::string& theme;
  const std::vector<std::string>& places;
  int first_year, last_year;

  void Append(std::string& out, std::string_view tpl) {
    for (size_t i = 0; i < tpl.size(); ++i) {
      if (tpl[i] != '{' || i + 2 >= tpl.size() || tpl[i + 2] != '}') {
        out += tpl[i];
        continue;
      }
      switch (tpl[i + 1]) {
        case 'e':
          out += theme;
          break;
        case 's':
          out += places[rng() % places.size()];
          break;
        case 'y':
          out +=
              std::to_string(first_year + static_cast<int>(rng() % (last_year - first_year + 1)));
          break;
        case 'i':
          out += PickOf(rng, kIssues);
          break;
        case 'w':
          out += PickOf(rng, kWorkItems);
          break;
        case 'v':
          out += PickOf(rng, kServices);
          break;
        case 'n':
          out += std::to_string(2 + rng() % 39);
          break;
        case 'k':
          out += std::to_string(2 + rng() % 8);
          break;
        default:
          out.append(tpl.substr(i, 3));
      }
      i += 2;
    }
  }
};

}  // namespace

std::vector<StudyMaterial> StudyLibrary(std::mt19937_64& rng, int count, int first_year,
                                        int last_year, const std::vector<std::string>& places) {
  static const std::vector<std::string> kAnywhere = {"深圳"};
  const auto& where = places.empty() ? kAnywhere : places;
  if (last_year < first_year) last_year = first_year;
  // Titles are series × theme, each pair once, in a shuffled order.
  std::vector<size_t> pairs(kSeries.size() * kThemes.size());
  for (size_t i = 0; i < pairs.size(); ++i) pairs[i] = i;
  std::vector<StudyMaterial> out;
  for (size_t i = 0; i < pairs.size() && static_cast<int>(out.size()) < count; ++i) {
    std::swap(pairs[i], pairs[i + rng() % (pairs.size() - i)]);
    const std::string series(kSeries[pairs[i] / kThemes.size()]);
    const std::string theme(kThemes[pairs[i] % kThemes.size()]);
    StudyMaterial m;
    m.title = series + "：" + theme;
    m.tag = series.find("治理") != std::string::npos || series.find("社区") != std::string::npos
                ? "基层治理"
                : "党建";
    MaterialSlots fill{rng, theme, where, first_year, last_year};
    fill.Append(m.body, PickOf(rng, kMaterialOpenings));
    m.body += "。";
    // 8–13 different sentences of the pool.
    std::vector<size_t> order(kMaterialSentences.size());
    for (size_t j = 0; j < order.size(); ++j) order[j] = j;
    size_t n = 8 + rng() % 6;
    for (size_t j = 0; j < n && j < order.size(); ++j) {
      std::swap(order[j], order[j + rng() % (order.size() - j)]);
      fill.Append(m.body, kMaterialSentences[order[j]]);
      m.body += j + 1 < n ? "；" : "。";
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace jiceng::demo
