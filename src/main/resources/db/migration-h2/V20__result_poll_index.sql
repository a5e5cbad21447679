-- The result poll (ResultPolls, every second in live mode; the simulated platform's in outbox mode) had no index that
-- served it: it read every open invitation on SQLite, and on PostgreSQL the whole dispatch table (36 ms per poll at
-- 216,665 sends as a custom plan, 115 ms as the generic plan; BENCHMARKS.md, round 22). It now reads two ordered
-- ranges of this index, never-polled invitations by send time and the others by their next poll, and stops after a
-- batch (ResultPollPlanTest). H2 has no partial indexes: here the index holds every send; PostgreSQL's and SQLite's
-- hold invitations only (db/migration-postgresql and db/migration-sqlite, V20).
CREATE INDEX ix_dispatch_result_poll ON dispatch (channel, kind, next_result_poll_at, sent_at);
