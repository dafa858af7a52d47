-- Distributed parameter sweeps, written once for PostgreSQL and H2 (MODE=PostgreSQL).
-- Placeholders as in V1, plus ${json_text_type}: JSON on PostgreSQL, CHARACTER VARYING on H2. Results
-- use it because they are read back as written (key order, -0.0, 1.0E7 spelled as such), which JSONB's
-- normalisation would change; nothing queries inside them.
--
-- One optimization row per sweep: what was asked, the snapshot every chunk runs (so later edits of the
-- backtest or its strategy do not change a sweep in flight), progress and the merged top-N. One
-- optimization_chunks row per slice of the combinations; each is one queue item (db-scheduler task
-- optimize-chunk in scheduled_tasks), executed by whichever instance claims it.

CREATE TABLE optimizations (
    id              UUID                     NOT NULL PRIMARY KEY,
    user_id         UUID                     NOT NULL REFERENCES users (id),
    backtest_id     UUID                     NOT NULL REFERENCES backtests (id),
    status          VARCHAR(16)              NOT NULL DEFAULT 'queued',
    -- {"grid": [{"name": ..., "values": [...]}, ...], "constraint": ..., "metric": ..., "top": ...}; the grid is
    -- a list so that its order (which decides ties) survives JSONB
    request         ${json_type}             NOT NULL,
    strategy        VARCHAR(64)              NOT NULL,
    parameters      ${json_type}             NOT NULL,
    symbol          VARCHAR(20)              NOT NULL,
    timeframe       VARCHAR(3)               NOT NULL,
    start_date      DATE                     NOT NULL,
    end_date        DATE                     NOT NULL,
    engine_options  ${json_type}             NOT NULL,
    metric          VARCHAR(64)              NOT NULL,
    top_n           INTEGER                  NOT NULL,
    grid_size       BIGINT                   NOT NULL,
    combinations    INTEGER                  NOT NULL,
    chunk_count     INTEGER                  NOT NULL,
    chunks_done     INTEGER                  NOT NULL DEFAULT 0,
    evaluated       INTEGER                  NOT NULL DEFAULT 0,
    result          ${json_text_type},
    error_code      VARCHAR(64),
    error_message   VARCHAR(4000),
    queued_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE,
    finished_at     TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    version         BIGINT                   NOT NULL DEFAULT 0,
    CONSTRAINT optimizations_status_known CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    CONSTRAINT optimizations_timeframe_known CHECK (timeframe IN ('1m', '5m', '15m', '30m', '1h', '4h', '1d', '1w', '1M')),
    CONSTRAINT optimizations_dates_ordered CHECK (end_date >= start_date),
    CONSTRAINT optimizations_top_range CHECK (top_n >= 1),
    CONSTRAINT optimizations_sizes_consistent CHECK (grid_size >= 1 AND combinations >= 0 AND combinations <= grid_size),
    CONSTRAINT optimizations_chunks_range CHECK (chunk_count >= 1 AND chunks_done >= 0 AND chunks_done <= chunk_count),
    CONSTRAINT optimizations_evaluated_range CHECK (evaluated >= 0 AND evaluated <= combinations),
    CONSTRAINT optimizations_completed_has_result CHECK (status <> 'completed' OR result IS NOT NULL),
    CONSTRAINT optimizations_started_after_queued CHECK (started_at IS NULL OR started_at >= queued_at),
    CONSTRAINT optimizations_finished_after_queued CHECK (finished_at IS NULL OR finished_at >= queued_at)
);
CREATE INDEX optimizations_backtest_created_idx ON optimizations (backtest_id, created_at);
CREATE INDEX optimizations_user_created_idx ON optimizations (user_id, created_at);
CREATE INDEX optimizations_status_queued_idx ON optimizations (status, queued_at);

CREATE TABLE optimization_chunks (
    id                UUID                     NOT NULL PRIMARY KEY,
    optimization_id   UUID                     NOT NULL REFERENCES optimizations (id) ON DELETE CASCADE,
    seq               INTEGER                  NOT NULL,
    -- position of this chunk's first combination in the sweep's order; with the list below it gives every
    -- combination its global index, which breaks ties when the chunks' results are merged
    first_combination INTEGER                  NOT NULL,
    combination_count INTEGER                  NOT NULL,
    combinations      ${json_type}             NOT NULL,
    status            VARCHAR(16)              NOT NULL DEFAULT 'queued',
    attempts          INTEGER                  NOT NULL DEFAULT 0,
    max_attempts      INTEGER                  NOT NULL DEFAULT 3,
    worker_id         VARCHAR(200),
    evaluated         INTEGER                  NOT NULL DEFAULT 0,
    result            ${json_text_type},
    error_code        VARCHAR(64),
    error_message     VARCHAR(4000),
    started_at        TIMESTAMP WITH TIME ZONE,
    finished_at       TIMESTAMP WITH TIME ZONE,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    version           BIGINT                   NOT NULL DEFAULT 0,
    CONSTRAINT optimization_chunks_seq_unique UNIQUE (optimization_id, seq),
    CONSTRAINT optimization_chunks_status_known CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    CONSTRAINT optimization_chunks_range CHECK (seq >= 0 AND first_combination >= 0 AND combination_count >= 0),
    CONSTRAINT optimization_chunks_attempts_range CHECK (attempts >= 0 AND max_attempts >= 1),
    CONSTRAINT optimization_chunks_evaluated_range CHECK (evaluated >= 0 AND evaluated <= combination_count),
    CONSTRAINT optimization_chunks_completed_has_result CHECK (status <> 'completed' OR result IS NOT NULL),
    CONSTRAINT optimization_chunks_finished_after_started CHECK (finished_at IS NULL OR started_at IS NULL OR finished_at >= started_at)
);
CREATE INDEX optimization_chunks_status_idx ON optimization_chunks (optimization_id, status);
