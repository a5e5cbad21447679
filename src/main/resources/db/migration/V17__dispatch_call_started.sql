-- When this attempt's call to the provider started (set just before the call, cleared by each new claim). A claim
-- that expires (the process died) on a row whose call never started is simply taken again; one whose call started may
-- have reached the provider, and for a send that must not be repeated (an SMS, a note or an attachment in the ATS)
-- it goes to review instead. Without it, every row of a claimed batch counted as possibly sent.
ALTER TABLE dispatch ADD COLUMN call_started_at TIMESTAMP WITH TIME ZONE;
