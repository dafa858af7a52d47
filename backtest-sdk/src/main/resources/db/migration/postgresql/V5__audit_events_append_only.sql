-- audit_events is append-only: an UPDATE is refused by the database itself, whoever sends it (SQLSTATE 55000,
-- object_not_in_prerequisite_state). DELETE stays allowed for the retention purge.
COMMENT ON TABLE audit_events IS 'append-only audit trail: inserted with each change, deleted only by the retention purge';

CREATE FUNCTION audit_events_refuse_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: UPDATE of event % refused', OLD.id USING ERRCODE = '55000';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_update();
