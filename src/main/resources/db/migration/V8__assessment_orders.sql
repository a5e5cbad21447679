-- Orders from the ATS through Knit's Assessments API (knit-closed-loop.md §3): an ats_candidate_assessment record
-- says the recruiter chose the package for the candidate. One row per order, by Knit's id (candidateAssessment.id):
-- a redelivered or repeated order event updates it, never adds a second. The rules see the candidate's latest order
-- as an AssessmentOrder fact; data_issues holds what could not be read (JSON list of {field, problem}).
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
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_assessment_order PRIMARY KEY (integration_id, order_id)
);
CREATE INDEX ix_assessment_order_candidate ON assessment_order (integration_id, candidate_id);

-- The order's status goes back to Knit (ats.candidate.assessment.update) as sends of channel KNIT, one per reported
-- status (kind 'invited', 'expired'); the row names the order it reports on.
ALTER TABLE dispatch ADD COLUMN order_id VARCHAR(200);
