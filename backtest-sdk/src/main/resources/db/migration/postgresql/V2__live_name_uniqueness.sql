-- A strategy name is unique per user among rows not soft-deleted.
CREATE UNIQUE INDEX strategies_user_live_name_uq ON strategies (user_id, name) WHERE deleted_at IS NULL;
