-- Nothing changes here. V19 of db/migration-sqlite makes four of dispatch's indexes partial (provider id, reminder,
-- expiry, result writes: only the rows their queries read); H2 has no partial indexes, and this folder serves H2 as
-- well as PostgreSQL, so both keep the full ones. The version is kept in step with SQLite's folder: every database
-- reports the same schema version (DatabaseUrlTest).
COMMENT ON INDEX ix_dispatch_provider IS 'Every send''s provider id; partial (invitations only) on SQLite, V19';
