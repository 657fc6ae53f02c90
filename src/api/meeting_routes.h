// Internal to the meetings module's route files (api/meeting_*_routes.cpp): the JSON of a
// meeting and its parts shared between them, and each capability's registration, which
// api/meeting_routes.cpp's RegisterMeetingRoutes calls in matching order.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/route.h"
#include "store/meeting_repo.h"

namespace jiceng::api {

// The meeting type's Chinese name ("" when unknown).
std::string_view TypeName(const std::string& code);
json AttachmentJson(const store::AttachmentRecord& a);
// A meeting as answered; `full` adds the agenda, first agenda item, minutes, attendance,
// corrections and attachments.
json MeetingJson(Call& c, const store::MeetingRecord& m, bool full);
// The `year` query parameter, required, 2000–2999.
Result<int> YearParam(Call& c);
// The domain's code lists, for request declarations and response schemas.
std::vector<std::string_view> MeetingTypeCodes();
std::vector<std::string_view> FrequencyCodes();
std::vector<std::string_view> MeetingStateCodes();
std::vector<std::string_view> AttendanceCodes();
std::vector<std::string_view> OrgKindCodes();
// Response schemas (named components, api/schema.h): a meeting in a list, a meeting with
// its record (`MeetingJson(…, true)`), and a page of listed meetings.
json MeetingSummarySchema();
json MeetingSchema();
json MeetingPageSchema();
json AttachmentSchema();

void RegisterMeetingRecordRoutes(Routes& routes);
void RegisterMeetingAttachmentRoutes(Routes& routes);
void RegisterMeetingComplianceRoutes(Routes& routes);
void RegisterMeetingPlanningRoutes(Routes& routes);
void RegisterMeetingLedgerRoutes(Routes& routes);
void RegisterMeetingRulesRoutes(Routes& routes);
void RegisterMeetingStatsRoutes(Routes& routes);
void RegisterMeetingOverdueRoutes(Routes& routes);

}  // namespace jiceng::api
