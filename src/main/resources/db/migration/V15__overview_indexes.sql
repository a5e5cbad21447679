-- The console's overview (GET /admin/overview?days=N) reads the decisions and the results of the last N days: with
-- these it reads only those, not every decision ever made (decisions grow with every re-decision).
CREATE INDEX ix_decision_decided_at ON decision (decided_at);
CREATE INDEX ix_assessment_result_received_at ON assessment_result (received_at);
