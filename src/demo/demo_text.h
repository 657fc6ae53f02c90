// Texts of the demo's organizational life (demo/demo_meetings.h): minutes composed for the
// meeting at hand — its type decides the agenda, its organization, period, host and the
// members present fill the sentences — and a study library of distinct materials. Sentences
// are drawn from agenda-specific pools with slots (names, places, local issues, counts), so
// that no sentence recurs in more than a small share of the minutes or materials.
// Deterministic for the random generator's state.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "domain/meetings.h"

namespace jiceng::demo {

// What the minutes of one meeting speak of.
struct MeetingFacts {
  domain::MeetingType type = domain::MeetingType::kMemberMeeting;
  std::string org;       // the organization's short name: "粤海街道大塘龙社区第一支部"
  std::string place;     // where it works: "大塘龙社区", "粤海科技园"
  std::string period;    // "2025年3月"
  std::string host;      // a person's name, or a role ("支部书记")
  std::string recorder;  // a person's name, or a role
  std::vector<std::string> present;  // names of the members present (a committee's members)
  int expected = 0;                  // members on the roster (0: a committee's meeting)
  int attended = 0;                  // of them present
  int excused = 0;
  std::string material;  // the title studied as the first agenda item, "" when none
};

// The minutes: an opening with the facts, one to three agenda items of the meeting's type,
// often a closing.
std::string Minutes(std::mt19937_64& rng, const MeetingFacts& f);

// "中共粤海街道大塘龙社区第一支部委员会" → "粤海街道大塘龙社区第一支部";
// "中共深圳市南山区粤海街道工作委员会" → "深圳市南山区粤海街道党工委".
std::string ShortOrgName(const std::string& name);

struct StudyMaterial {
  std::string title;  // "党建引领基层治理专题辅导：城中村综合治理"
  std::string body;
  std::string tag;  // the material's theme group ("党的建设", "基层治理", …)
};

// `count` materials with different titles and bodies; `places` are street names the bodies
// speak of (at least one).
std::vector<StudyMaterial> StudyLibrary(std::mt19937_64& rng, int count, int first_year,
                                        int last_year, const std::vector<std::string>& places);

}  // namespace jiceng::demo
