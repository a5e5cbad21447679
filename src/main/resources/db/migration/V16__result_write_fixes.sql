-- A result's stage move waits for its application's attachment (DispatchRepository.ATTACHMENT_WRITTEN_OR_NO_MOVE),
-- and is cancelled with it or brought back with it: looked up by result, application and kind, not by a scan of
-- every dispatch row on PostgreSQL.
CREATE INDEX ix_dispatch_result_application_kind ON dispatch (result_id, application_id, kind);

