-- The due-send query must read pending rows in index order and stop after a batch. With (status,
-- next_attempt_at) H2 sorted every pending row on each poll (700 ms per poll with 100,000 waiting sends);
-- with id in the index, ORDER BY status, next_attempt_at, id is the index order on H2 and PostgreSQL.
DROP INDEX ix_dispatch_status;
CREATE INDEX ix_dispatch_due ON dispatch (status, next_attempt_at, id);
