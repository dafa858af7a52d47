-- Market-data refreshes and imports, written once for PostgreSQL and H2 (MODE=PostgreSQL): the background work that is
-- neither a run (backtest_runs) nor a sweep (optimizations), shown with them in the one task view. One row per
-- refresh or import, written by DataTaskLog in short transactions while it works; a cancel only sets
-- cancel_requested, which the refresh honours between symbols. user_id is NULL for the scheduled refresh; no foreign
-- key, as in audit_events: the history outlives the user and the admin token acts without one. Rows are deleted only by
-- the retention purge (TASK_RETENTION_DAYS), finished rows first.

CREATE TABLE data_tasks (
    id               UUID                     NOT NULL PRIMARY KEY,
    kind             VARCHAR(16)              NOT NULL,
    status           VARCHAR(16)              NOT NULL DEFAULT 'queued',
    user_id          UUID,
    -- the symbols, comma-separated, in the order they are worked on
    symbols          VARCHAR(2000)            NOT NULL DEFAULT '',
    progress         INTEGER                  NOT NULL DEFAULT 0,
    bars_written     BIGINT                   NOT NULL DEFAULT 0,
    objects_written  INTEGER                  NOT NULL DEFAULT 0,
    error_code       VARCHAR(64),
    error_message    VARCHAR(2000),
    cancel_requested BOOLEAN                  NOT NULL DEFAULT FALSE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    finished_at      TIMESTAMP WITH TIME ZONE,
    version          BIGINT                   NOT NULL DEFAULT 0,
    CONSTRAINT data_tasks_kind_known CHECK (kind IN ('refresh', 'import')),
    CONSTRAINT data_tasks_status_known CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    CONSTRAINT data_tasks_progress_range CHECK (progress >= 0 AND progress <= 100),
    CONSTRAINT data_tasks_counts_range CHECK (bars_written >= 0 AND objects_written >= 0),
    CONSTRAINT data_tasks_started_after_created CHECK (started_at IS NULL OR started_at >= created_at),
    CONSTRAINT data_tasks_finished_after_created CHECK (finished_at IS NULL OR finished_at >= created_at)
);
-- the task view: by status newest first, everybody's (admins) or one user's; the retention purge by end time
CREATE INDEX data_tasks_status_created_idx ON data_tasks (status, created_at);
CREATE INDEX data_tasks_user_created_idx ON data_tasks (user_id, created_at);
CREATE INDEX data_tasks_finished_idx ON data_tasks (finished_at);
