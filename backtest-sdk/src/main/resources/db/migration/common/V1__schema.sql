-- The whole schema, written once for PostgreSQL and H2 (MODE=PostgreSQL).
-- Placeholders: ${json_type} is JSONB on PostgreSQL and CHARACTER VARYING on H2 (H2 would store a
-- bound String as a JSON string literal); ${binary_type} is BYTEA / VARBINARY.
-- Amounts are NUMERIC with a stated scale; engine statistics are DOUBLE PRECISION (the engine's
-- reference semantics are binary floating point).

CREATE TABLE users (
    id          UUID                     NOT NULL PRIMARY KEY,
    email       VARCHAR(320),
    role        VARCHAR(64)              NOT NULL DEFAULT 'authenticated',
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version     BIGINT                   NOT NULL DEFAULT 0,
    deleted_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT users_updated_not_before_created CHECK (updated_at >= created_at)
);
CREATE INDEX users_email_idx ON users (email);

CREATE TABLE strategies (
    id          UUID                     NOT NULL PRIMARY KEY,
    user_id     UUID                     NOT NULL REFERENCES users (id),
    name        VARCHAR(100)             NOT NULL,
    description VARCHAR(2000),
    type        VARCHAR(64)              NOT NULL,
    parameters  ${json_type}             NOT NULL,
    is_public   BOOLEAN                  NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version     BIGINT                   NOT NULL DEFAULT 0,
    deleted_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT strategies_name_not_blank CHECK (LENGTH(TRIM(name)) > 0),
    CONSTRAINT strategies_type_format CHECK (LENGTH(type) > 0)
);
CREATE INDEX strategies_user_created_idx ON strategies (user_id, created_at);
CREATE INDEX strategies_user_name_idx ON strategies (user_id, name);
CREATE INDEX strategies_public_created_idx ON strategies (is_public, created_at);

CREATE TABLE backtests (
    id                UUID                     NOT NULL PRIMARY KEY,
    user_id           UUID                     NOT NULL REFERENCES users (id),
    strategy_id       UUID                     REFERENCES strategies (id),
    name              VARCHAR(200)             NOT NULL,
    symbol            VARCHAR(20)              NOT NULL,
    timeframe         VARCHAR(3)               NOT NULL,
    start_date        DATE                     NOT NULL,
    end_date          DATE                     NOT NULL,
    initial_capital   NUMERIC(24, 8)           NOT NULL,
    commission        NUMERIC(12, 10)          NOT NULL DEFAULT 0.001,
    parameters        ${json_type}             NOT NULL,
    status            VARCHAR(16)              NOT NULL DEFAULT 'draft',
    cash              NUMERIC(24, 8)           NOT NULL,
    position_quantity NUMERIC(28, 10)          NOT NULL DEFAULT 0,
    final_capital     NUMERIC(24, 8),
    total_return_pct  DOUBLE PRECISION,
    sharpe_ratio      DOUBLE PRECISION,
    max_drawdown_pct  DOUBLE PRECISION,
    win_rate_pct      DOUBLE PRECISION,
    total_trades      INTEGER                  NOT NULL DEFAULT 0,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    version           BIGINT                   NOT NULL DEFAULT 0,
    deleted_at        TIMESTAMP WITH TIME ZONE,
    CONSTRAINT backtests_status_known CHECK (status IN ('draft', 'queued', 'running', 'completed', 'failed', 'cancelled')),
    CONSTRAINT backtests_timeframe_known CHECK (timeframe IN ('1m', '5m', '15m', '30m', '1h', '4h', '1d', '1w', '1M')),
    CONSTRAINT backtests_symbol_format CHECK (LENGTH(symbol) BETWEEN 1 AND 20),
    CONSTRAINT backtests_dates_ordered CHECK (end_date >= start_date),
    CONSTRAINT backtests_capital_positive CHECK (initial_capital > 0),
    CONSTRAINT backtests_commission_range CHECK (commission >= 0 AND commission < 0.1),
    CONSTRAINT backtests_cash_not_negative CHECK (cash >= 0),
    CONSTRAINT backtests_win_rate_range CHECK (win_rate_pct IS NULL OR (win_rate_pct >= 0 AND win_rate_pct <= 100)),
    CONSTRAINT backtests_trades_not_negative CHECK (total_trades >= 0)
);
CREATE INDEX backtests_user_created_idx ON backtests (user_id, created_at);
CREATE INDEX backtests_user_name_idx ON backtests (user_id, name);
CREATE INDEX backtests_user_status_idx ON backtests (user_id, status);
CREATE INDEX backtests_strategy_idx ON backtests (strategy_id);

CREATE TABLE trades (
    id          UUID                     NOT NULL PRIMARY KEY,
    user_id     UUID                     NOT NULL REFERENCES users (id),
    backtest_id UUID                     NOT NULL REFERENCES backtests (id),
    symbol      VARCHAR(20)              NOT NULL,
    side        VARCHAR(4)               NOT NULL,
    quantity    NUMERIC(28, 10)          NOT NULL,
    price       NUMERIC(24, 10)          NOT NULL,
    commission  NUMERIC(24, 10)          NOT NULL DEFAULT 0,
    executed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version     BIGINT                   NOT NULL DEFAULT 0,
    deleted_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT trades_side_known CHECK (side IN ('buy', 'sell')),
    CONSTRAINT trades_quantity_positive CHECK (quantity > 0),
    CONSTRAINT trades_price_positive CHECK (price > 0),
    CONSTRAINT trades_commission_not_negative CHECK (commission >= 0)
);
CREATE INDEX trades_backtest_executed_idx ON trades (backtest_id, executed_at);
CREATE INDEX trades_user_created_idx ON trades (user_id, created_at);

-- What users see of a run; the job itself lives in scheduled_tasks (db-scheduler).
CREATE TABLE backtest_runs (
    id               UUID                     NOT NULL PRIMARY KEY,
    backtest_id      UUID                     NOT NULL REFERENCES backtests (id),
    user_id          UUID                     NOT NULL REFERENCES users (id),
    kind             VARCHAR(16)              NOT NULL DEFAULT 'backtest',
    status           VARCHAR(16)              NOT NULL DEFAULT 'queued',
    progress         SMALLINT                 NOT NULL DEFAULT 0,
    attempts         INTEGER                  NOT NULL DEFAULT 0,
    max_attempts     INTEGER                  NOT NULL DEFAULT 3,
    options          ${json_type}             NOT NULL,
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
    CONSTRAINT backtest_runs_kind_known CHECK (kind IN ('backtest', 'optimize')),
    CONSTRAINT backtest_runs_status_known CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    CONSTRAINT backtest_runs_progress_range CHECK (progress BETWEEN 0 AND 100),
    CONSTRAINT backtest_runs_attempts_range CHECK (attempts >= 0 AND max_attempts >= 1),
    CONSTRAINT backtest_runs_started_after_queued CHECK (started_at IS NULL OR started_at >= queued_at),
    CONSTRAINT backtest_runs_finished_after_started CHECK (finished_at IS NULL OR started_at IS NULL OR finished_at >= started_at)
);
CREATE INDEX backtest_runs_backtest_created_idx ON backtest_runs (backtest_id, created_at);
CREATE INDEX backtest_runs_user_created_idx ON backtest_runs (user_id, created_at);
CREATE INDEX backtest_runs_status_queued_idx ON backtest_runs (status, queued_at);

-- Results of a completed run: statistics and the equity/drawdown curve (columnar JSON), written in
-- the same transaction as the run's final status.
CREATE TABLE run_results (
    id            UUID                     NOT NULL PRIMARY KEY REFERENCES backtest_runs (id) ON DELETE CASCADE,
    stats         ${json_type}             NOT NULL,
    equity_curve  ${json_type}             NOT NULL,
    bar_count     INTEGER                  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    version       BIGINT                   NOT NULL DEFAULT 0,
    CONSTRAINT run_results_bar_count_not_negative CHECK (bar_count >= 0)
);

-- Closed trades produced by the engine for one run (manual fills live in trades).
CREATE TABLE run_trades (
    id           UUID                     NOT NULL PRIMARY KEY,
    run_id       UUID                     NOT NULL REFERENCES backtest_runs (id) ON DELETE CASCADE,
    seq          INTEGER                  NOT NULL,
    size         NUMERIC(28, 10)          NOT NULL,
    entry_bar    INTEGER                  NOT NULL,
    exit_bar     INTEGER                  NOT NULL,
    entry_time   TIMESTAMP WITH TIME ZONE NOT NULL,
    exit_time    TIMESTAMP WITH TIME ZONE NOT NULL,
    entry_price  NUMERIC(28, 10)          NOT NULL,
    exit_price   NUMERIC(28, 10)          NOT NULL,
    stop_loss    NUMERIC(28, 10),
    take_profit  NUMERIC(28, 10),
    commission   NUMERIC(28, 10)          NOT NULL DEFAULT 0,
    pnl          NUMERIC(28, 10)          NOT NULL,
    return_pct   DOUBLE PRECISION         NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    version      BIGINT                   NOT NULL DEFAULT 0,
    CONSTRAINT run_trades_seq_unique UNIQUE (run_id, seq),
    CONSTRAINT run_trades_size_not_zero CHECK (size <> 0),
    CONSTRAINT run_trades_bars_ordered CHECK (entry_bar >= 0 AND exit_bar >= entry_bar),
    CONSTRAINT run_trades_times_ordered CHECK (exit_time >= entry_time),
    CONSTRAINT run_trades_prices_positive CHECK (entry_price > 0 AND exit_price > 0),
    CONSTRAINT run_trades_commission_not_negative CHECK (commission >= 0)
);

-- db-scheduler's table (com.github.kagkarlsson:db-scheduler), as its PostgreSQL DDL defines it,
-- with VARCHAR keys so the same statement works on H2.
CREATE TABLE scheduled_tasks (
    task_name            VARCHAR(100)             NOT NULL,
    task_instance        VARCHAR(100)             NOT NULL,
    task_data            ${binary_type},
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            VARCHAR(100),
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INTEGER,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
