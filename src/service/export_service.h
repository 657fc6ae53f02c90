// Exports of lists — members, units, organizations — to CSV or XLSX, with the same scope
// and filters as the lists and personal data always masked. Each export is audited.
#pragma once

#include <string>

#include "platform/error.h"
#include "platform/tabular.h"
#include "service/context.h"
#include "service/member_service.h"
#include "service/org_registry.h"
#include "service/unit_service.h"

namespace jiceng::exports {

enum class Format { kCsv, kXlsx };

struct File {
  std::string name;  // e.g. "党员名册.xlsx"
  std::string content_type;
  std::string bytes;
};

// At most this many rows per export; narrow the filters for more.
constexpr int64_t kMaxRows = 200'000;

// The member roll, masked: the ID number and mobile masked, the birth year instead of the
// birth date (domain::MaskCitizenId says why).
Result<File> Members(const Context& ctx, const Actor& actor, members::SearchQuery q, Format f);
// The member roll with full ID numbers, mobiles and birth dates: a permission of its own
// (domain::AuthorizePiiExport — a city or district administrator holding the pii_exporter
// grant over `q.under`; without `under`, the organization of their only such grant). Each
// export is audited before it is returned (`member.export_pii`: rows, format and filter,
// an ID number or mobile in the filter masked); no audit, no export.
Result<File> MembersWithPersonalData(const Context& ctx, const Actor& actor, members::SearchQuery q,
                                     Format f);
Result<File> Units(const Context& ctx, const Actor& actor, units::SearchQuery q, Format f);
Result<File> Orgs(const Context& ctx, const Actor& actor, orgs::SearchQuery q, Format f);

// The bytes of a table in `f`, with the file name and content type.
Result<File> Render(const Table& table, const std::string& base_name, Format f);

}  // namespace jiceng::exports
