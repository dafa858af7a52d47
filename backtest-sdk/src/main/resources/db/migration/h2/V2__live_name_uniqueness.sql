-- A strategy name is unique per user among rows not soft-deleted. H2 has no partial indexes, so a
-- generated column that is NULL for deleted rows carries the unique index (NULLs never collide).
ALTER TABLE strategies ADD COLUMN live_name VARCHAR(100) GENERATED ALWAYS AS (CASE WHEN deleted_at IS NULL THEN name END);
CREATE UNIQUE INDEX strategies_user_live_name_uq ON strategies (user_id, live_name);
