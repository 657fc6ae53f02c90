-- Issue #12: masks that could be reversed. The stored mask of a citizen ID number kept its
-- first 4 and last 4 characters; with the birth date beside it, the check character
-- settled the rest. Masks now keep the province (2) and the check character (1) only —
-- the argument is beside domain::MaskCitizenId. Re-mask what is stored (the audit log's
-- old snapshots stay as written: the chain forbids rewriting them; they never held the
-- birth date).
UPDATE members SET national_id_masked = substr(national_id_masked, 1, 2) ||
  '***************' || substr(national_id_masked, 18, 1)
WHERE length(national_id_masked) = 18;
