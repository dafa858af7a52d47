-- Walk-forward optimisations of stored backtests, written once for PostgreSQL and H2 (MODE=PostgreSQL); placeholders
-- as in V3. One row per walk-forward: what was asked, the snapshot it runs on (so later edits of the backtest do not
-- change it), progress as windows done, and the result document once completed (JSON text, read back as written).
-- The work runs in the process that started it (the engine's sweep on all its cores for each window); a cancel sets
-- the status, which the work checks after each window.

CREATE TABLE walk_forwards (
    id              UUID                     NOT NULL PRIMARY KEY,
    user_id         UUID                     NOT NULL REFERENCES users (id),
    backtest_id     UUID                     NOT NULL REFERENCES backtests (id),
    status          VARCHAR(16)              NOT NULL DEFAULT 'queued',
    request         ${json_text_type}        NOT NULL,
    snapshot        ${json_text_type}        NOT NULL,
    strategy        VARCHAR(64)              NOT NULL,
    symbol          VARCHAR(20)              NOT NULL,
    metric          VARCHAR(64)              NOT NULL,
    mode            VARCHAR(16)              NOT NULL,
    train_bars      INTEGER                  NOT NULL,
    test_bars       INTEGER                  NOT NULL,
    step            INTEGER                  NOT NULL,
    windows         INTEGER                  NOT NULL DEFAULT 0,
    windows_done    INTEGER                  NOT NULL DEFAULT 0,
    result          ${json_text_type},
    error_code      VARCHAR(64),
    error_message   VARCHAR(4000),
    queued_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE,
    finished_at     TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    version         BIGINT                   NOT NULL DEFAULT 0,
    CONSTRAINT walk_forwards_status_known CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    CONSTRAINT walk_forwards_mode_known CHECK (mode IN ('rolling', 'anchored')),
    CONSTRAINT walk_forwards_lengths_range CHECK (train_bars >= 2 AND test_bars >= 2 AND step >= test_bars),
    CONSTRAINT walk_forwards_windows_range CHECK (windows >= 0 AND windows_done >= 0 AND windows_done <= windows),
    CONSTRAINT walk_forwards_completed_has_result CHECK (status <> 'completed' OR result IS NOT NULL)
);
CREATE INDEX walk_forwards_backtest_created_idx ON walk_forwards (backtest_id, created_at);
CREATE INDEX walk_forwards_user_created_idx ON walk_forwards (user_id, created_at);
