-- SMS consent per phone number (E.164), from Twilio's inbound messages (STOP / START ...) and from sends Twilio
-- refused with error 21610 (the recipient had opted out). One row per number; the last inbound message's id makes
-- a redelivered message change nothing twice. Same SQL on H2 and PostgreSQL.
CREATE TABLE sms_consent (
    phone_e164        VARCHAR(20)   NOT NULL,
    opted_out         BOOLEAN       NOT NULL,
    -- why the state is what it is: inbound keyword (STOP, START, ...) or twilio-21610
    changed_by        VARCHAR(40)   NOT NULL,
    changed_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the last inbound message: its time, its word (a keyword, or OTHER: free text is not kept) and Twilio's id
    last_message_at   TIMESTAMP WITH TIME ZONE,
    last_word         VARCHAR(20),
    last_message_sid  VARCHAR(64),
    CONSTRAINT pk_sms_consent PRIMARY KEY (phone_e164)
);
