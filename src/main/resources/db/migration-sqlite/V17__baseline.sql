-- SQLite (DB_URL=jdbc:sqlite:...): the schema db/migration's V1 to V17 lead to on H2 and PostgreSQL, in one step,
-- because SQLite's ALTER TABLE cannot drop or add a constraint (V3, V6, V11, V14 do). The comments on each table and
-- column are in those migrations. A migration after V17 goes into both folders, with the same number.
--
-- SQLite's types: a moment is TEXT, UTC and of one width ('2026-12-01T09:30:00.000000Z', Dialect.moment), so text
-- order is time order; BOOLEAN stores 1 or 0; VARCHAR(n) does not cut at n (the code cuts reasons itself). Identity
-- columns never reuse a number (AUTOINCREMENT), as on the other two.

CREATE TABLE inbox_event (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    integration_id  VARCHAR(200)  NOT NULL,
    event_id        VARCHAR(200)  NOT NULL,
    event_type      VARCHAR(100),
    record_id       VARCHAR(200),
    body            TEXT          NOT NULL,
    body_sha256     VARCHAR(64)   NOT NULL,
    status          VARCHAR(20)   NOT NULL,
    reason          VARCHAR(2000),
    attempts        INT           DEFAULT 0 NOT NULL,
    claimed_by      VARCHAR(100),
    claimed_at      TEXT,
    received_at     TEXT          NOT NULL,
    processed_at    TEXT,
    CONSTRAINT uq_inbox_event_id UNIQUE (event_id)
);
CREATE INDEX ix_inbox_status ON inbox_event (status, seq);

CREATE TABLE candidate (
    integration_id  VARCHAR(200)  NOT NULL,
    candidate_id    VARCHAR(200)  NOT NULL,
    state           VARCHAR(20)   NOT NULL,
    source_updated_at TEXT,
    last_event_seq  BIGINT        NOT NULL,
    profile_json    TEXT,
    updated_at      TEXT          NOT NULL,
    CONSTRAINT pk_candidate PRIMARY KEY (integration_id, candidate_id)
);

CREATE TABLE decision (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    integration_id  VARCHAR(200)  NOT NULL,
    candidate_id    VARCHAR(200)  NOT NULL,
    event_id        VARCHAR(200)  NOT NULL,
    assessment_id   VARCHAR(200),
    track           VARCHAR(100),
    level           VARCHAR(50),
    channels        VARCHAR(200)  NOT NULL,
    unreachable     BOOLEAN       NOT NULL,
    fired_rules     TEXT          NOT NULL,
    ruleset_version VARCHAR(64)   NOT NULL,
    profile_json    TEXT,
    decided_at      TEXT          NOT NULL,
    invited         BOOLEAN       DEFAULT TRUE NOT NULL,
    not_invited_reason VARCHAR(2000),
    CONSTRAINT uq_decision_event_candidate UNIQUE (integration_id, event_id, candidate_id)
);
CREATE INDEX ix_decision_candidate ON decision (integration_id, candidate_id);
CREATE INDEX ix_decision_decided_at ON decision (decided_at);

CREATE TABLE dispatch (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    dispatch_key    VARCHAR(64)   NOT NULL,
    integration_id  VARCHAR(200)  NOT NULL,
    candidate_id    VARCHAR(200)  NOT NULL,
    assessment_id   VARCHAR(200)  NOT NULL,
    channel         VARCHAR(20)   NOT NULL,
    decision_id     BIGINT        NOT NULL,
    status          VARCHAR(20)   NOT NULL,
    attempts        INT           DEFAULT 0 NOT NULL,
    last_error      VARCHAR(2000),
    provider_id     VARCHAR(500),
    test_url        VARCHAR(2000),
    next_attempt_at TEXT          NOT NULL,
    claimed_by      VARCHAR(100),
    claimed_at      TEXT,
    created_at      TEXT          NOT NULL,
    updated_at      TEXT          NOT NULL,
    sent_at         TEXT,
    kind            VARCHAR(20)   DEFAULT 'invitation' NOT NULL,
    remind_after_seconds  BIGINT,
    expires_after_seconds BIGINT,
    invitation_state VARCHAR(20),
    remind_at       TEXT,
    expires_at      TEXT,
    order_id        VARCHAR(200),
    application_id  VARCHAR(200)  DEFAULT '' NOT NULL,
    result_id       BIGINT,
    next_result_poll_at TEXT,
    call_started_at TEXT,
    CONSTRAINT uq_dispatch_key UNIQUE (dispatch_key),
    CONSTRAINT uq_dispatch_target_application
        UNIQUE (integration_id, candidate_id, assessment_id, channel, kind, application_id)
);
CREATE INDEX ix_dispatch_due ON dispatch (status, next_attempt_at, id);
CREATE INDEX ix_dispatch_due_channel ON dispatch (status, channel, next_attempt_at, id);
CREATE INDEX ix_dispatch_remind ON dispatch (invitation_state, remind_at);
CREATE INDEX ix_dispatch_expiry ON dispatch (invitation_state, expires_at);
CREATE INDEX ix_dispatch_provider ON dispatch (provider_id);
CREATE INDEX ix_dispatch_result_application_kind ON dispatch (result_id, application_id, kind);

CREATE TABLE sync_run (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    integration_id  VARCHAR(200)  NOT NULL,
    event_id        VARCHAR(200)  NOT NULL,
    event_type      VARCHAR(100)  NOT NULL,
    sync_job_id     VARCHAR(200),
    sync_run_id     VARCHAR(200),
    status          VARCHAR(50),
    processed       BIGINT,
    emitted         BIGINT,
    consumed        BIGINT,
    complete        BOOLEAN,
    started_at      TEXT,
    finished_at     TEXT,
    received_at     TEXT          NOT NULL
);

CREATE TABLE job_application (
    integration_id    VARCHAR(200)  NOT NULL,
    application_id    VARCHAR(200)  NOT NULL,
    candidate_id      VARCHAR(200),
    job_id            VARCHAR(200),
    status            VARCHAR(20),
    stage_id          VARCHAR(200),
    stage_name        VARCHAR(500),
    applied_at        TEXT,
    state             VARCHAR(20)   NOT NULL,
    source_updated_at TEXT,
    last_event_seq    BIGINT        NOT NULL,
    data_issues       TEXT,
    updated_at        TEXT          NOT NULL,
    CONSTRAINT pk_job_application PRIMARY KEY (integration_id, application_id)
);
CREATE INDEX ix_job_application_candidate ON job_application (integration_id, candidate_id);

CREATE TABLE job (
    integration_id    VARCHAR(200)  NOT NULL,
    job_id            VARCHAR(200)  NOT NULL,
    title             VARCHAR(500),
    department        VARCHAR(500),
    stages_json       TEXT,
    state             VARCHAR(20)   NOT NULL,
    source_updated_at TEXT,
    last_event_seq    BIGINT        NOT NULL,
    updated_at        TEXT          NOT NULL,
    CONSTRAINT pk_job PRIMARY KEY (integration_id, job_id)
);

CREATE TABLE sms_consent (
    phone_e164        VARCHAR(20)   NOT NULL,
    opted_out         BOOLEAN       NOT NULL,
    changed_by        VARCHAR(40)   NOT NULL,
    changed_at        TEXT          NOT NULL,
    last_message_at   TEXT,
    last_word         VARCHAR(20),
    last_message_sid  VARCHAR(64),
    CONSTRAINT pk_sms_consent PRIMARY KEY (phone_e164)
);

CREATE TABLE ruleset_version (
    ruleset         VARCHAR(200)  NOT NULL,
    version         VARCHAR(64)   NOT NULL,
    files_json      TEXT          NOT NULL,
    rule_count      INT           NOT NULL,
    first_live_at   TEXT          NOT NULL,
    first_instance  VARCHAR(100)  NOT NULL,
    CONSTRAINT pk_ruleset_version PRIMARY KEY (ruleset, version)
);

CREATE TABLE ruleset_activation (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    ruleset         VARCHAR(200)  NOT NULL,
    version         VARCHAR(64)   NOT NULL,
    instance_id     VARCHAR(100)  NOT NULL,
    activated_at    TEXT          NOT NULL
);
CREATE INDEX ix_ruleset_activation ON ruleset_activation (ruleset, activated_at);

CREATE TABLE ruleset_served (
    instance_id     VARCHAR(100)  NOT NULL,
    ruleset         VARCHAR(200)  NOT NULL,
    version         VARCHAR(64)   NOT NULL,
    since           TEXT          NOT NULL,
    seen_at         TEXT          NOT NULL,
    CONSTRAINT pk_ruleset_served PRIMARY KEY (instance_id, ruleset)
);

CREATE TABLE assessment_order (
    integration_id  VARCHAR(200)  NOT NULL,
    order_id        VARCHAR(200)  NOT NULL,
    candidate_id    VARCHAR(200)  NOT NULL,
    application_id  VARCHAR(200),
    job_id          VARCHAR(200),
    package_id      VARCHAR(200),
    package_name    VARCHAR(500),
    data_issues     TEXT,
    last_event_seq  BIGINT        NOT NULL,
    created_at      TEXT          NOT NULL,
    updated_at      TEXT          NOT NULL,
    CONSTRAINT pk_assessment_order PRIMARY KEY (integration_id, order_id)
);
CREATE INDEX ix_assessment_order_candidate ON assessment_order (integration_id, candidate_id);

CREATE TABLE shadow_decision (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    integration_id     VARCHAR(200)  NOT NULL,
    candidate_id       VARCHAR(200)  NOT NULL,
    event_id           VARCHAR(200)  NOT NULL,
    assessment_id      VARCHAR(200),
    track              VARCHAR(100),
    level              VARCHAR(50),
    channels           VARCHAR(200)  NOT NULL,
    unreachable        BOOLEAN       NOT NULL,
    invited            BOOLEAN       NOT NULL,
    not_invited_reason VARCHAR(2000),
    fired_rules        TEXT          NOT NULL,
    ruleset_version    VARCHAR(64)   NOT NULL,
    decided_at         TEXT          NOT NULL,
    CONSTRAINT uq_shadow_decision_event_candidate UNIQUE (integration_id, event_id, candidate_id)
);
CREATE INDEX ix_shadow_decision_decided ON shadow_decision (decided_at);

CREATE TABLE sms_inbound (
    message_sid       VARCHAR(64)   NOT NULL,
    received_at       TEXT          NOT NULL,
    CONSTRAINT pk_sms_inbound PRIMARY KEY (message_sid)
);

CREATE TABLE assessment_result (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    invitation_dispatch_id  BIGINT        NOT NULL,
    invitation_id           VARCHAR(500)  NOT NULL,
    integration_id          VARCHAR(200)  NOT NULL,
    candidate_id            VARCHAR(200)  NOT NULL,
    assessment_id           VARCHAR(200)  NOT NULL,
    status                  VARCHAR(20)   NOT NULL,
    score                   DECIMAL(14,4),
    max_score               DECIMAL(14,4),
    percentage              DECIMAL(7,3),
    report_url              VARCHAR(2000),
    completed_at            TEXT,
    source                  VARCHAR(20)   NOT NULL,
    body                    TEXT,
    received_at             TEXT          NOT NULL,
    state                   VARCHAR(20)   NOT NULL,
    attempts                INT           DEFAULT 0 NOT NULL,
    claimed_by              VARCHAR(100),
    claimed_at              TEXT,
    reason                  VARCHAR(2000),
    ruleset_version         VARCHAR(64),
    fired_rules             TEXT,
    actions_json            TEXT,
    decided_at              TEXT,
    passed                  BOOLEAN,
    CONSTRAINT uq_assessment_result UNIQUE (invitation_dispatch_id, status)
);
CREATE INDEX ix_assessment_result_state ON assessment_result (state, id);
CREATE INDEX ix_assessment_result_candidate ON assessment_result (integration_id, candidate_id);
CREATE INDEX ix_assessment_result_received_at ON assessment_result (received_at);

CREATE TABLE result_inbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    source          VARCHAR(20)   NOT NULL,
    invitation_id   VARCHAR(500),
    status          VARCHAR(20),
    dedup_key       VARCHAR(600)  NOT NULL,
    body            TEXT,
    body_sha256     VARCHAR(64)   NOT NULL,
    received_at     TEXT          NOT NULL,
    state           VARCHAR(20)   NOT NULL,
    reason          VARCHAR(2000),
    result_id       BIGINT,
    match_attempts  INT           DEFAULT 0 NOT NULL,
    next_match_at   TEXT,
    matched_at      TEXT,
    CONSTRAINT uq_result_inbox_report UNIQUE (dedup_key)
);
CREATE INDEX ix_result_inbox_waiting ON result_inbox (state, next_match_at);

CREATE TABLE candidate_lock (
    integration_id  VARCHAR(200)  NOT NULL,
    candidate_id    VARCHAR(200)  NOT NULL,
    CONSTRAINT pk_candidate_lock PRIMARY KEY (integration_id, candidate_id)
);
