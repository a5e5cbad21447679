-- A result's stage move waits for its application's attachment (DispatchRepository.ATTACHMENT_WRITTEN_OR_NO_MOVE),
-- and is cancelled with it or brought back with it: looked up by result, application and kind, not by a scan of
-- every dispatch row on PostgreSQL.
CREATE INDEX ix_dispatch_result_application_kind ON dispatch (result_id, application_id, kind);

-- What the result rules made of the score, for the console's count of passes (the rules' pass marks, not a fixed
-- display threshold): TRUE passed, FALSE failed, NULL not scored or no verdict (expired, decided before V16).
ALTER TABLE assessment_result ADD COLUMN passed BOOLEAN;
