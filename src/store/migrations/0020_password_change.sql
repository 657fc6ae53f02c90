-- Issue #14: a password someone else chose (an account created or reset by an
-- administrator, or by an operator with the CLI) is temporary: its holder must replace it
-- before doing anything else. Accounts that exist already keep working as they are.
ALTER TABLE users ADD COLUMN must_change_password {{int}} NOT NULL DEFAULT 0;
