-- Knit's ats_applications and ats_jobs (issue 14): which candidate applied to which job, where each application
-- stands, and each job's title and stages. Kept per integration, like candidates, with the same guard against old
-- events overwriting newer ones (source_updated_at, last_event_seq). No personal data: only ids, status, stage.
-- Same SQL on H2 and PostgreSQL.
CREATE TABLE job_application (
    integration_id    VARCHAR(200)  NOT NULL,
    application_id    VARCHAR(200)  NOT NULL,
    candidate_id      VARCHAR(200),
    job_id            VARCHAR(200),
    -- ACTIVE | REJECTED | HIRED | NOT_SPECIFIED, or null when Knit sent none we could read
    status            VARCHAR(20),
    stage_id          VARCHAR(200),
    stage_name        VARCHAR(500),
    applied_at        TIMESTAMP WITH TIME ZONE,
    -- active | deleted
    state             VARCHAR(20)   NOT NULL,
    source_updated_at TIMESTAMP WITH TIME ZONE,
    last_event_seq    BIGINT        NOT NULL,
    -- the fields that could not be read, as a JSON list of {field, problem}; shown in the candidate's profile
    data_issues       TEXT,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_job_application PRIMARY KEY (integration_id, application_id)
);
CREATE INDEX ix_job_application_candidate ON job_application (integration_id, candidate_id);

CREATE TABLE job (
    integration_id    VARCHAR(200)  NOT NULL,
    job_id            VARCHAR(200)  NOT NULL,
    title             VARCHAR(500),
    department        VARCHAR(500),
    -- the stages in the ATS's order, as a JSON list of {id, name}
    stages_json       TEXT,
    state             VARCHAR(20)   NOT NULL,
    source_updated_at TIMESTAMP WITH TIME ZONE,
    last_event_seq    BIGINT        NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_job PRIMARY KEY (integration_id, job_id)
);

-- A decision may now be "not invited" (the rules' gate on applications), with the reason.
ALTER TABLE decision ADD COLUMN invited BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE decision ADD COLUMN not_invited_reason VARCHAR(2000);
