-- Saved reports (the original app's reports page), written once for PostgreSQL and H2 (MODE=PostgreSQL).
-- A report is reproducible: it records what it was built from (the backtest, the completed run, the period, the type,
-- the SHA-256 fingerprint of the run's stored results and the version of the content's layout) and keeps the content it
-- computed then (JSON, read back as written: ${json_text_type}), so exports never recompute. Soft-deleted like the
-- other user-owned rows. backtest_id and run_id are required for the backtest types; index_performance (the index
-- product) will name its index in a column of its own.

CREATE TABLE reports (
    id                 UUID                     NOT NULL PRIMARY KEY,
    user_id            UUID                     NOT NULL REFERENCES users (id),
    type               VARCHAR(32)              NOT NULL,
    title              VARCHAR(200)             NOT NULL,
    backtest_id        UUID                     REFERENCES backtests (id),
    run_id             UUID                     REFERENCES backtest_runs (id),
    start_date         DATE                     NOT NULL,
    end_date           DATE                     NOT NULL,
    source_fingerprint VARCHAR(64)              NOT NULL,
    content_version    INTEGER                  NOT NULL,
    content            ${json_text_type}        NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    version            BIGINT                   NOT NULL DEFAULT 0,
    deleted_at         TIMESTAMP WITH TIME ZONE,
    CONSTRAINT reports_type_known CHECK (type IN ('backtest_summary', 'period_returns', 'index_performance')),
    CONSTRAINT reports_backtest_source CHECK (type = 'index_performance' OR (backtest_id IS NOT NULL AND run_id IS NOT NULL)),
    CONSTRAINT reports_dates_ordered CHECK (end_date >= start_date),
    CONSTRAINT reports_content_version_positive CHECK (content_version >= 1),
    CONSTRAINT reports_updated_not_before_created CHECK (updated_at >= created_at)
);
-- a user's live reports, newest first
CREATE INDEX reports_user_created_idx ON reports (user_id, created_at);
