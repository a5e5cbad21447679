-- Each channel has its own send poller (routes/dispatch.yaml), which asks for the due sends of its channel: with
-- the channel in the index, the due query of each reads its own channel's rows in index order and stops after a
-- batch, instead of reading past every other channel's waiting rows. Same SQL on H2 and PostgreSQL.
CREATE INDEX ix_dispatch_due_channel ON dispatch (status, channel, next_attempt_at, id);
