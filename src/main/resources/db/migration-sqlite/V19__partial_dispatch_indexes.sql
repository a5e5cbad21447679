-- Four of dispatch's indexes serve only some of its rows, yet every row's insert, and every send's outcome, wrote an
-- entry in each: lookups by provider id are for invitations only (a result names its invitation), reminders and
-- expiry read invitations whose follow-up is open, and the result writes' lookups name a result. Partial indexes
-- (same names, same columns) keep only those rows; each query names the index's condition or implies it
-- (DueQueryPlanTest, InvitationLookupPlanTest). 100,000 candidates end to end: 356.6 and 367.0 candidates/s against
-- 332.4 the same hour, 3.9 ms of CPU per candidate against 4.1 (BENCHMARKS.md, round 18).
-- SQLite only: db/migration serves H2, which has no partial indexes, as well as PostgreSQL; both keep the full ones.
DROP INDEX ix_dispatch_provider;
CREATE INDEX ix_dispatch_provider ON dispatch (provider_id) WHERE channel = 'ASSESSMENT';
DROP INDEX ix_dispatch_remind;
CREATE INDEX ix_dispatch_remind ON dispatch (invitation_state, remind_at) WHERE invitation_state IS NOT NULL;
DROP INDEX ix_dispatch_expiry;
CREATE INDEX ix_dispatch_expiry ON dispatch (invitation_state, expires_at) WHERE invitation_state IS NOT NULL;
DROP INDEX ix_dispatch_result_application_kind;
CREATE INDEX ix_dispatch_result_application_kind ON dispatch (result_id, application_id, kind) WHERE result_id IS NOT NULL;
