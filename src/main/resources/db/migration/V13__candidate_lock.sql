-- One row per candidate we have handled an event for, only to be locked (SELECT ... FOR UPDATE): the first step of
-- every event about a candidate takes it, so two events about one candidate — on two threads or two processes behind
-- one PostgreSQL — are worked through one after the other, and the second sees all the first committed (its
-- applications, its profile, its decision and the sends it planned or withdrew). A table of its own, because the
-- candidate row may not exist yet when the first events about a candidate (an application, an order) arrive.
CREATE TABLE candidate_lock (
    integration_id  VARCHAR(200)  NOT NULL,
    candidate_id    VARCHAR(200)  NOT NULL,
    CONSTRAINT pk_candidate_lock PRIMARY KEY (integration_id, candidate_id)
);
