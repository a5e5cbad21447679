-- The result poll's index (db/migration, V20, says why), partial: only invitations to the assessment platform are
-- polled, so no other send writes an entry. The poll's queries name both conditions as literals.
CREATE INDEX ix_dispatch_result_poll ON dispatch (next_result_poll_at, sent_at)
    WHERE channel = 'ASSESSMENT' AND kind = 'invitation';
