-- One event may now decide several candidates: a job whose stages arrive after its applications decides again every
-- candidate whose application named its stage only by id (the stage's name, which the rules' gate reads, comes from
-- the job). A redelivered event still decides each of them once: unique per event and candidate.
ALTER TABLE decision DROP CONSTRAINT uq_decision_event;
ALTER TABLE decision ADD CONSTRAINT uq_decision_event_candidate UNIQUE (integration_id, event_id, candidate_id);
ALTER TABLE shadow_decision DROP CONSTRAINT uq_shadow_decision_event;
ALTER TABLE shadow_decision ADD CONSTRAINT uq_shadow_decision_event_candidate UNIQUE (integration_id, event_id, candidate_id);
