-- Knit's eventId identifies an event; X-Knit-Integration-Id is not covered by the signature. Keyed by
-- (integration_id, event_id), a signed event re-posted with another integration header was stored and processed
-- again (a second invitation and email). The inbox is now unique per eventId, whatever header came with it.
-- Same SQL on H2 and PostgreSQL.

-- Copies already stored under a second integration (replays, before this change) keep their row for the record
-- but give up the event id: the earliest row keeps it; a copy not yet processed is not processed any more. A
-- reason it already had (why it failed or was quarantined) is kept after the new one.
UPDATE inbox_event
   SET reason = SUBSTRING('copy of event ' || event_id || ' received under another integration; the first copy counts'
                          || COALESCE('; was: ' || reason, '') FROM 1 FOR 2000),
       status = CASE WHEN status IN ('received', 'processing') THEN 'ignored' ELSE status END,
       event_id = 'copy:' || CAST(seq AS VARCHAR(20))
 WHERE EXISTS (SELECT 1 FROM inbox_event earlier
                WHERE earlier.event_id = inbox_event.event_id AND earlier.seq < inbox_event.seq);

ALTER TABLE inbox_event DROP CONSTRAINT uq_inbox_event;
ALTER TABLE inbox_event ADD CONSTRAINT uq_inbox_event_id UNIQUE (event_id);
