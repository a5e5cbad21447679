-- Every inbound SMS message id (Twilio's MessageSid) already applied to sms_consent: a redelivered or replayed
-- message changes nothing again, whatever came in between (sms_consent keeps only the last message's id, so an
-- older START redelivered after a newer STOP would have passed its check). Only the id and its time: no phone
-- number, so nothing here is personal data and the ids are kept for good. Same SQL on H2 and PostgreSQL.
CREATE TABLE sms_inbound (
    message_sid       VARCHAR(64)   NOT NULL,
    received_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_sms_inbound PRIMARY KEY (message_sid)
);
