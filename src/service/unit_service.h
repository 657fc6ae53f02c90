// Units (non-party entities) and their coverage: registering, reading and updating them
// within scope, and listing those that need an organization of their own.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/access.h"
#include "platform/error.h"
#include "service/context.h"
#include "store/unit_repo.h"

namespace jiceng::units {

struct UnitInput {
  std::string name, credit_code, type;
  int64_t employees = 0;
  std::string area_code, address;
  std::optional<int64_t> host_unit_id;
  int64_t org_id = 0;
  std::optional<int64_t> covering_org_id;
  std::string coverage = "none";
  std::string instructor;
};

struct UnitPatch {
  int64_t version = 0;
  std::optional<std::string> name, type, area_code, address, coverage, instructor;
  std::optional<int64_t> employees, org_id;
  std::optional<std::optional<int64_t>> host_unit_id,
      covering_org_id;  // {} keeps; {nullopt} clears
};

struct SearchQuery {
  std::string q, type, coverage;
  std::optional<int64_t> under;
  bool needs_org = false;
  int64_t page = 1, size = 20;
};

struct Page {
  std::vector<store::UnitRecord> items;
  int64_t total = 0;
};

// Checks the input (credit code checksum, type, coverage rules, host, scope) and inserts.
// Without a principal (CLI import) scope is not checked.
Result<store::UnitRecord> CreateInTx(store::Tx& tx, const Context& ctx, const Actor& actor,
                                     const UnitInput& in);
Result<store::UnitRecord> Create(const Context& ctx, const Actor& actor, const UnitInput& in);
Result<store::UnitRecord> Get(const Context& ctx, const domain::Principal& who, int64_t id);
Result<store::UnitRecord> Update(const Context& ctx, const Actor& actor, int64_t id,
                                 const UnitPatch& p);
Result<Page> Search(const Context& ctx, const domain::Principal& who, const SearchQuery& q);

}  // namespace jiceng::units
