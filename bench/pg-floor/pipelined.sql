-- The same work as as-sent.sql in as few round trips as the data allows: the floor of what PostgreSQL costs per
-- candidate with this schema and these guarantees (every event stored before the webhook's answer, one transaction
-- per event, every send's outcome on disk before the next). The event's writes go with its commit (the decision and
-- its sends in one statement); the reads still come back before them (the app must see them to keep or redo its
-- decision). pgbench runs it with no app: what the server costs per candidate,
-- alone on the cores. The app's SQL, the app's schema (Flyway), values of the sizes a sync stores (body ~1.7 KB,
-- profile ~1 KB twice, fired rules ~0.5 KB); 2.17 sends per candidate (an assessment, an email, an SMS for one in six).
-- Not here: the claim polls' reads (a batch of up to 100 takes one), the metrics' counts, vacuum.
\set c random(1, 2000000000)
\set sms random(1, 6)
-- The webhook stores the event before it answers (a commit of its own).
INSERT INTO inbox_event (integration_id, event_id, event_type, record_id, body, body_sha256, status, reason, received_at)
  VALUES ('bench', 'e' || :c || '-' || :client_id || '-' || random(), 'record.new', 'c' || :c,
          repeat(md5(:c::text), 52), md5(:c::text), 'received', NULL, now())
  RETURNING seq \gset
-- The inbox's claim: batched in the app (up to 100 rows per UPDATE); the row's write is counted here, one each.
UPDATE inbox_event SET status = 'processing', claimed_by = 'bench', claimed_at = now(), attempts = attempts + 1 WHERE seq = :seq;
-- Ahead of the transaction: the SMS consent, the applications and orders, sent together.
\startpipeline
SELECT opted_out FROM sms_consent WHERE phone_e164 = '+1' || :c;
SELECT application_id, candidate_id, job_id, status, stage_id, stage_name, applied_at, source_updated_at, data_issues FROM job_application WHERE integration_id = 'bench' AND candidate_id = 'c' || :c AND state = 'active';
SELECT order_id, package_id, package_name, application_id, job_id, candidate_id, data_issues FROM assessment_order WHERE integration_id = 'bench' AND candidate_id = 'c' || :c;
\endpipeline
-- The event's transaction: the lock with the reads (one round trip), then every write with the commit (one more).
\startpipeline
BEGIN;
INSERT INTO candidate_lock (integration_id, candidate_id) VALUES ('bench', 'c' || :c) ON CONFLICT (integration_id, candidate_id) DO UPDATE SET candidate_id = EXCLUDED.candidate_id RETURNING candidate_id;
SELECT application_id, candidate_id, job_id, status, stage_id, stage_name, applied_at, source_updated_at, data_issues FROM job_application WHERE integration_id = 'bench' AND candidate_id = 'c' || :c AND state = 'active';
SELECT order_id, package_id, package_name, application_id, job_id, candidate_id, data_issues FROM assessment_order WHERE integration_id = 'bench' AND candidate_id = 'c' || :c;
\endpipeline
\startpipeline
INSERT INTO candidate (integration_id, candidate_id, state, source_updated_at, last_event_seq, profile_json, updated_at) VALUES ('bench', 'c' || :c, 'active', now(), :seq, repeat(md5((:c + 1)::text), 30), now());
WITH d AS (
  INSERT INTO decision (integration_id, candidate_id, event_id, assessment_id, track, level, channels, unreachable, fired_rules, ruleset_version, profile_json, decided_at, invited, not_invited_reason)
  VALUES ('bench', 'c' || :c, 'e' || :seq, 'java-senior', 'backend', 'senior', 'EMAIL,SMS', false, repeat(md5((:c + 2)::text), 15), 'v1', repeat(md5((:c + 1)::text), 30), now(), true, NULL)
  RETURNING id)
INSERT INTO dispatch (dispatch_key, integration_id, candidate_id, assessment_id, channel, decision_id, status, next_attempt_at, created_at, updated_at, kind)
  SELECT :seq || '-' || ch, 'bench', 'c' || :c, 'java-senior', ch, d.id, 'pending', now(), now(), now(), 'invitation'
    FROM d, (VALUES ('ASSESSMENT'), ('EMAIL'), (CASE WHEN :sms = 1 THEN 'SMS' END)) AS chans(ch) WHERE ch IS NOT NULL
  ON CONFLICT DO NOTHING RETURNING dispatch_key;
UPDATE inbox_event SET status = 'processed', reason = NULL, processed_at = now() WHERE seq = :seq;
COMMIT;
\endpipeline
-- The sends: claimed (batched in the app; each row's write counted here, one UPDATE per candidate), then each one's
-- outcome on a commit of its own (on disk before the next send).
UPDATE dispatch SET status = 'sending', claimed_by = 'bench', claimed_at = now(), attempts = attempts + 1, updated_at = now(), call_started_at = NULL WHERE integration_id = 'bench' AND candidate_id = 'c' || :c AND status = 'pending';
UPDATE dispatch SET status = 'sent', provider_id = 'p' || :seq, test_url = 'https://t.example/' || :seq, last_error = NULL, sent_at = now(), updated_at = now(), claimed_by = NULL, claimed_at = NULL, invitation_state = 'open', remind_at = now() + interval '3 days', expires_at = now() + interval '7 days' WHERE dispatch_key = :seq || '-ASSESSMENT';
UPDATE dispatch SET status = 'sent', provider_id = 'm' || :seq, test_url = 'https://t.example/' || :seq, last_error = NULL, sent_at = now(), updated_at = now(), claimed_by = NULL, claimed_at = NULL WHERE dispatch_key = :seq || '-EMAIL';
\if :sms = 1
UPDATE dispatch SET status = 'sent', provider_id = 's' || :seq, test_url = 'https://t.example/' || :seq, last_error = NULL, sent_at = now(), updated_at = now(), claimed_by = NULL, claimed_at = NULL WHERE dispatch_key = :seq || '-SMS';
\endif
