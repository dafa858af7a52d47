-- The PostgreSQL migration of this version adds a trigger refusing UPDATE on audit_events. H2 has no SQL triggers
-- (only Java classes), so the embedded database relies on the SDK, which never updates an event. This version keeps
-- both histories at the same number, so the next migration is V6 everywhere.
COMMENT ON TABLE audit_events IS 'append-only audit trail: inserted with each change, deleted only by the retention purge';
