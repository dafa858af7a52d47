-- The audit trail, written once for PostgreSQL and H2 (MODE=PostgreSQL). Append-only: the SDK inserts an event in
-- the transaction of the change it records and deletes events only in the retention purge (AUDIT_RETENTION_DAYS);
-- nothing updates a row (V5 adds a trigger refusing updates on PostgreSQL). No foreign keys: an event outlives the
-- rows it names, and the machine credential (actor_kind admin_token) acts without a user.
-- changed_fields holds the comma-separated snake_case names of the fields given or changed, never their values.

CREATE TABLE audit_events (
    id             UUID                     NOT NULL PRIMARY KEY,
    occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    user_id        UUID,
    actor_kind     VARCHAR(16)              NOT NULL,
    action         VARCHAR(64)              NOT NULL,
    resource_type  VARCHAR(32)              NOT NULL,
    resource_id    VARCHAR(64),
    request_id     VARCHAR(100),
    changed_fields VARCHAR(2000),
    CONSTRAINT audit_events_actor_kind_known CHECK (actor_kind IN ('user', 'admin', 'admin_token'))
);
-- a user's events newest first; the whole trail by time (admins' lists, the retention purge)
CREATE INDEX audit_events_user_time_idx ON audit_events (user_id, occurred_at DESC);
CREATE INDEX audit_events_time_idx ON audit_events (occurred_at);
