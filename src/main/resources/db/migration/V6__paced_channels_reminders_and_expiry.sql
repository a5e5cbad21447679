-- 1. Each channel has its own send poller (routes/dispatch.yaml), which asks for the due sends of its channel: with
-- the channel in the index, the due query of each reads its own channel's rows in index order and stops after a
-- batch, instead of reading past every other channel's waiting rows. Same SQL on H2 and PostgreSQL.
CREATE INDEX ix_dispatch_due_channel ON dispatch (status, channel, next_attempt_at, id);

-- 2. Reminders are sends of their own: a second row per channel, of kind 'reminder', next to the invitation's
-- ('invitation'). The unique target now includes the kind, so each is sent at most once; their keys differ too
-- (DispatchKey.reminder).
ALTER TABLE dispatch ADD COLUMN kind VARCHAR(20) DEFAULT 'invitation' NOT NULL;
ALTER TABLE dispatch DROP CONSTRAINT uq_dispatch_target;
ALTER TABLE dispatch ADD CONSTRAINT uq_dispatch_target_kind UNIQUE (integration_id, candidate_id, assessment_id, channel, kind);

-- 3. The follow-up of an invitation, on its row (channel ASSESSMENT). Planned with the decision: how long after it
-- went out to remind and to expire (REMINDER_AFTER, INVITATION_EXPIRES_AFTER, or the rules' own). Set when it
-- went out: the state and the two moments.
--   invitation_state: NULL (not sent yet, or sent before this migration: never followed up)
--                     open -> reminded | reminder_skipped -> expired
--                     completed: for the assessment results (next issue); a result sets it, which stops both the
--                     reminder and the expiry (they only act on open, reminded and reminder_skipped).
ALTER TABLE dispatch ADD COLUMN remind_after_seconds BIGINT;
ALTER TABLE dispatch ADD COLUMN expires_after_seconds BIGINT;
ALTER TABLE dispatch ADD COLUMN invitation_state VARCHAR(20);
ALTER TABLE dispatch ADD COLUMN remind_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE dispatch ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_dispatch_remind ON dispatch (invitation_state, remind_at);
CREATE INDEX ix_dispatch_expiry ON dispatch (invitation_state, expires_at);
