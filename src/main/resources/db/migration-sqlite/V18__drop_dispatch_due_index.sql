-- ix_dispatch_due (status, next_attempt_at, id) served the claim before sends were claimed per channel (V6); every
-- query that filters on status now names the channel or reads ix_dispatch_due_channel's status prefix. Kept, it was
-- one more index to change on every send's insert, claim and outcome.
DROP INDEX ix_dispatch_due;
