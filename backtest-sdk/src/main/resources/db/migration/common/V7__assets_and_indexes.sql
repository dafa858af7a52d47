-- The index and allocation product, written once for PostgreSQL and H2 (MODE=PostgreSQL).
--
-- assets: the instruments an index may hold (admins write, everyone reads); market_caps: one value per asset and day,
-- for the market_cap weighting. index_definitions: a user's index (soft-deleted like strategies, optimistic version).
-- index_runs: queued work like backtest_runs (the same db-scheduler queue, task 'index-run'). A completed run writes
-- index_run_results, index_values and index_allocations in the one transaction that marks it completed.

CREATE TABLE assets (
    id          UUID                     NOT NULL PRIMARY KEY,
    symbol      VARCHAR(20)              NOT NULL,
    name        VARCHAR(200)             NOT NULL,
    asset_class VARCHAR(16)              NOT NULL,
    sector      VARCHAR(100),
    currency    VARCHAR(12)              NOT NULL DEFAULT 'USD',
    exchange    VARCHAR(64),
    active      BOOLEAN                  NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version     BIGINT                   NOT NULL DEFAULT 0,
    CONSTRAINT assets_symbol_unique UNIQUE (symbol),
    CONSTRAINT assets_class_known CHECK (asset_class IN ('equity', 'crypto', 'fx', 'commodity', 'index')),
    CONSTRAINT assets_name_not_blank CHECK (LENGTH(TRIM(name)) > 0)
);

-- value in the asset's currency; NUMERIC(30, 4): caps of 10^25 with cents and more to spare
CREATE TABLE market_caps (
    symbol     VARCHAR(20)    NOT NULL REFERENCES assets (symbol) ON DELETE CASCADE,
    cap_date   DATE           NOT NULL,
    cap_value  NUMERIC(30, 4) NOT NULL,
    PRIMARY KEY (symbol, cap_date),
    CONSTRAINT market_caps_value_positive CHECK (cap_value > 0)
);

CREATE TABLE index_definitions (
    id            UUID                     NOT NULL PRIMARY KEY,
    user_id       UUID                     NOT NULL REFERENCES users (id),
    name          VARCHAR(100)             NOT NULL,
    description   VARCHAR(2000),
    -- the universe as a JSON array of symbols, in the order given; fixed weights as a JSON object (null otherwise)
    universe      ${json_type}             NOT NULL,
    weighting     VARCHAR(32)              NOT NULL,
    weights       ${json_type},
    lookback      INTEGER,
    max_weight    NUMERIC(12, 10),
    schedule      VARCHAR(32)              NOT NULL,
    threshold     NUMERIC(12, 10),
    benchmark     VARCHAR(20),
    base_value    NUMERIC(24, 8)           NOT NULL,
    base_currency VARCHAR(12)              NOT NULL,
    start_date    DATE                     NOT NULL,
    commission    NUMERIC(12, 10)          NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    version       BIGINT                   NOT NULL DEFAULT 0,
    deleted_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT index_definitions_name_not_blank CHECK (LENGTH(TRIM(name)) > 0),
    CONSTRAINT index_definitions_weighting_known CHECK (weighting IN ('equal', 'fixed', 'market_cap', 'inverse_volatility')),
    CONSTRAINT index_definitions_base_value_positive CHECK (base_value > 0)
);
CREATE INDEX index_definitions_user_created_idx ON index_definitions (user_id, created_at);

CREATE TABLE index_runs (
    id               UUID                     NOT NULL PRIMARY KEY,
    index_id         UUID                     NOT NULL REFERENCES index_definitions (id),
    user_id          UUID                     NOT NULL REFERENCES users (id),
    status           VARCHAR(16)              NOT NULL DEFAULT 'queued',
    progress         SMALLINT                 NOT NULL DEFAULT 0,
    attempts         INTEGER                  NOT NULL DEFAULT 0,
    max_attempts     INTEGER                  NOT NULL DEFAULT 3,
    -- the definition as it was when the run was queued: what the run executes
    snapshot         ${json_type}             NOT NULL,
    error_code       VARCHAR(64),
    error_message    VARCHAR(4000),
    worker_id        VARCHAR(200),
    cancel_requested BOOLEAN                  NOT NULL DEFAULT FALSE,
    queued_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    finished_at      TIMESTAMP WITH TIME ZONE,
    heartbeat_at     TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    version          BIGINT                   NOT NULL DEFAULT 0,
    CONSTRAINT index_runs_status_known CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    CONSTRAINT index_runs_progress_range CHECK (progress BETWEEN 0 AND 100),
    CONSTRAINT index_runs_attempts_range CHECK (attempts >= 0 AND max_attempts >= 1),
    CONSTRAINT index_runs_started_after_queued CHECK (started_at IS NULL OR started_at >= queued_at),
    CONSTRAINT index_runs_finished_after_started CHECK (finished_at IS NULL OR started_at IS NULL OR finished_at >= started_at)
);
CREATE INDEX index_runs_index_queued_idx ON index_runs (index_id, queued_at);
CREATE INDEX index_runs_user_created_idx ON index_runs (user_id, created_at);

-- the statistics of a completed run (PortfolioStats as JSON, NaN as null)
CREATE TABLE index_run_results (
    run_id      UUID                     NOT NULL PRIMARY KEY REFERENCES index_runs (id) ON DELETE CASCADE,
    stats       ${json_type}             NOT NULL,
    value_count INTEGER                  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- the index value at each date of the timeline; DOUBLE PRECISION: the engine's own numbers, read back bit for bit
CREATE TABLE index_values (
    run_id      UUID             NOT NULL REFERENCES index_runs (id) ON DELETE CASCADE,
    value_date  DATE             NOT NULL,
    index_value DOUBLE PRECISION NOT NULL,
    drawdown    DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_id, value_date)
);

-- one row per fill of a rebalance: the allocation in force from fill_date on
CREATE TABLE index_allocations (
    run_id        UUID             NOT NULL REFERENCES index_runs (id) ON DELETE CASCADE,
    seq           INTEGER          NOT NULL,
    decision_date DATE             NOT NULL,
    fill_date     DATE             NOT NULL,
    symbol        VARCHAR(20)      NOT NULL,
    target_weight DOUBLE PRECISION NOT NULL,
    weight        DOUBLE PRECISION NOT NULL,
    units         DOUBLE PRECISION NOT NULL,
    price         DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_id, seq)
);
CREATE INDEX index_allocations_fill_idx ON index_allocations (run_id, fill_date);
