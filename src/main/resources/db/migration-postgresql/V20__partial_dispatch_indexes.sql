-- PostgreSQL's counterpart of SQLite's V19, and the result poll's index (db/migration-h2/V20 says why it is needed).
-- An update of a send changes its status, which is indexed, so PostgreSQL writes a new entry into every index of
-- dispatch on every insert and every update (no HOT update): four to five per send. Four of the indexes serve only
-- some sends (lookups by provider id: invitations; reminders and expiry: invitations whose follow-up is open; the
-- result writes' lookups: rows that name a result), and so does the result poll's. Partial, with the same names and
-- columns, they hold only those rows: a notification's insert and updates write into four indexes instead of nine.
-- Every query that reads them names the condition as a literal or implies it by a strict comparison on the column,
-- so that the server's generic plan (a statement run often is planned once for any parameters) still reads them
-- (PartialIndexGenericPlanTest). Until V20 H2 and PostgreSQL shared every migration; from V20 each has its own folder
-- beside the shared one (Database).
DROP INDEX ix_dispatch_provider;
CREATE INDEX ix_dispatch_provider ON dispatch (provider_id) WHERE channel = 'ASSESSMENT';
DROP INDEX ix_dispatch_remind;
CREATE INDEX ix_dispatch_remind ON dispatch (invitation_state, remind_at) WHERE invitation_state IS NOT NULL;
DROP INDEX ix_dispatch_expiry;
CREATE INDEX ix_dispatch_expiry ON dispatch (invitation_state, expires_at) WHERE invitation_state IS NOT NULL;
DROP INDEX ix_dispatch_result_application_kind;
CREATE INDEX ix_dispatch_result_application_kind ON dispatch (result_id, application_id, kind) WHERE result_id IS NOT NULL;
CREATE INDEX ix_dispatch_result_poll ON dispatch (next_result_poll_at, sent_at) WHERE channel = 'ASSESSMENT' AND kind = 'invitation';
