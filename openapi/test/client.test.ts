// Drives the generated TypeScript client against the real server started by ContractIT
// (BACKTEST_BASE_URL, and SUPABASE_JWT_SECRET the server verifies HS256 tokens with).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import {
    AssetsApi, Backtest, BacktestsApi, Configuration, IndexesApi, OhlcvApi, ResponseError, Run, StrategiesApi, Strategy, TaskView,
    TasksApi, UsersApi,
} from '../target/generated-ts';

const baseUrl = required('BACKTEST_BASE_URL');
const secret = required('SUPABASE_JWT_SECRET');

function required(name: string): string {
    const value = process.env[name];
    if (!value) {
        throw new Error(`${name} is not set: this test is run by ContractIT against a started server`);
    }
    return value;
}

function base64url(data: string): string {
    return Buffer.from(data, 'utf8').toString('base64url');
}

/** A Supabase-like access token: HS256, aud=authenticated, sub=the user id, an hour to live. */
function token(userId: string): string {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const claims = base64url(JSON.stringify({
        sub: userId, aud: 'authenticated', role: 'authenticated', email: `${userId}@example.com`, iat: now, exp: now + 3600,
    }));
    const signature = createHmac('sha256', secret).update(`${header}.${claims}`).digest('base64url');
    return `${header}.${claims}.${signature}`;
}

function config(userId: string): Configuration {
    return new Configuration({ basePath: baseUrl, accessToken: token(userId) });
}

async function problemOf(call: Promise<unknown>): Promise<{ status: number; body: any }> {
    try {
        await call;
    } catch (e: unknown) {
        if (!(e instanceof ResponseError)) {
            throw new assert.AssertionError({ message: `expected a ResponseError, got ${e}` });
        }
        assert.equal(e.response.headers.get('content-type')?.split(';')[0], 'application/problem+json');
        return { status: e.response.status, body: await e.response.json() };
    }
    throw new assert.AssertionError({ message: 'expected the call to fail' });
}

/** A strategy, and a backtest over January 2024 (hourly BTC of the sample data) using it. */
async function strategyAndBacktest(cfg: Configuration): Promise<{ strategy: Strategy; backtest: Backtest }> {
    const strategy = await new StrategiesApi(cfg).createStrategy({
        strategyInput: { name: 'Fast cross', description: '10/30 SMA', type: 'sma_cross', parameters: { fast: 10, slow: 30 }, isPublic: false },
    });
    const backtest = await new BacktestsApi(cfg).createBacktest({
        backtestInput: {
            name: 'BTC hourly', strategy: strategy.id, symbol: 'BTC', timeframe: '1h', startDate: new Date(2024, 0, 1),
            endDate: new Date(2024, 0, 31), initialCapital: 10000, commission: 0.001, parameters: {},
        },
    });
    return { strategy, backtest };
}

test('creates a strategy and a backtest, runs it and reads the results', { timeout: 90_000 }, async () => {
    const cfg = config(randomUUID());
    const strategies = new StrategiesApi(cfg);
    const { strategy: created, backtest } = await strategyAndBacktest(cfg);
    assert.equal(created.name, 'Fast cross');
    assert.equal(created.type, 'sma_cross');
    assert.equal(created.owned, true);
    // the server completes the parameters with the strategy's defaults
    const parameters = created.parameters as Record<string, unknown>;
    assert.equal(parameters.fast, 10);
    assert.equal(parameters.slow, 30);
    const read = await strategies.getStrategy({ strategyId: created.id });
    assert.equal(read.id, created.id);

    const backtests = new BacktestsApi(cfg);
    assert.equal(backtest.status, 'draft');
    assert.equal(backtest.symbol, 'BTC');
    assert.equal(backtest.strategyId, created.id);
    assert.equal(backtest.strategyName, 'Fast cross');
    assert.equal(backtest.initialCapital, 10000);
    assert.equal(backtest.metrics.totalTrades, 0);
    const again = await backtests.getBacktest({ backtestId: backtest.id });
    assert.equal(again.id, backtest.id);
    assert.equal(again.startDate.getDate(), 1);
    const listed = await backtests.listBacktests({ limit: 10, sort: '-created_at' });
    assert.equal(listed.total, 1);
    assert.equal(listed.items[0].id, backtest.id);
    assert.equal(listed.nextCursor, null);

    const me = await new UsersApi(cfg).getCurrentUser();
    assert.equal(me.strategyCount, 1);
    assert.equal(me.backtestCount, 1);

    // run it, wait for completion through the client (polling the latest run), read the results
    const queued = await backtests.startRun({ backtestId: backtest.id });
    assert.equal(queued.backtestId, backtest.id);
    assert.ok(['queued', 'running', 'completed'].includes(queued.status), `run status ${queued.status}`);
    const deadline = Date.now() + 50_000;
    let run: Run = queued;
    while (run.status !== 'completed') {
        assert.ok(!['failed', 'cancelled'].includes(run.status), `run ended ${run.status}: ${JSON.stringify(run)}`);
        assert.ok(Date.now() < deadline, `run not completed in time: ${JSON.stringify(run)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
        run = await backtests.getLatestRun({ backtestId: backtest.id });
    }
    assert.equal(run.id, queued.id);
    assert.equal(run.progress, 100);
    assert.ok(run.finishedAt instanceof Date, 'finished_at is a date');
    assert.equal(run.errorCode, null);

    const results = await backtests.getRunResults({ backtestId: backtest.id, points: 50, limit: 5 });
    assert.equal(results.runId, run.id);
    assert.equal(results.backtestId, backtest.id);
    assert.equal(typeof results.stats.returnPct, 'number');
    assert.equal(results.stats.start.getTime(), Date.UTC(2024, 0, 1));
    assert.equal(results.trades.total, results.stats.trades);
    assert.ok(results.trades.items.length <= 5);
    assert.equal(results.trades.limit, 5);
    assert.ok(results.equity.time.length <= 50 && results.equity.time.length >= 2, `${results.equity.time.length} points`);
    assert.equal(results.equity.equity.length, results.equity.time.length);
    assert.equal(results.equity.time[0], Date.UTC(2024, 0, 1) / 1000);
    if (results.trades.items.length > 0) {
        assert.ok(results.trades.items[0].entryTime instanceof Date, 'entry_time is a date');
    }
    const finished = await backtests.getBacktest({ backtestId: backtest.id });
    assert.equal(finished.status, 'completed');
    assert.equal(finished.metrics.totalTrades, results.stats.trades);

    const report = await backtests.getBacktestReport({ backtestId: backtest.id });
    assert.match(report, /id="equity-chart"/);
    assert.match(report, /id="report-data"/);

    const sweep = await backtests.optimizeBacktest({
        backtestId: backtest.id,
        optimizeRequest: { grid: { fast: [5, 10], slow: [20, 30] }, constraint: 'fast < slow', metric: 'return_pct', top: 2 },
    });
    assert.equal(sweep.strategy, 'sma_cross');
    assert.equal(sweep.gridSize, 4);
    assert.equal(sweep.evaluated, 4);
    assert.equal(sweep.results.length, 2);
    assert.equal(typeof sweep.results[0].stats.returnPct, 'number');
});

test('another user\'s backtest, a missing run and invalid fields arrive as typed ResponseErrors', { timeout: 30_000 }, async () => {
    const owner = config(randomUUID());
    const { backtest } = await strategyAndBacktest(owner);

    const foreign = await problemOf(new BacktestsApi(config(randomUUID())).getBacktest({ backtestId: backtest.id }));
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.code, 'BACKTEST_NOT_FOUND');

    const backtests = new BacktestsApi(owner);
    const neverRun = await problemOf(backtests.getLatestRun({ backtestId: backtest.id }));
    assert.equal(neverRun.status, 404);
    assert.equal(neverRun.body.code, 'RUN_NOT_FOUND');

    const invalid = await problemOf(backtests.createBacktest({
        backtestInput: {
            name: 'Reversed', symbol: 'BTC', timeframe: '1h', startDate: new Date(2024, 1, 1), endDate: new Date(2024, 0, 1),
            initialCapital: -5,
        },
    }));
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.code, 'VALIDATION_FAILED');
    const fields = (invalid.body.errors as { field: string }[]).map((e) => e.field).sort();
    assert.deepEqual(fields, ['end_date', 'initial_capital']);

    // 101 × 100 combinations: refused before any candle is read
    const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
    const tooLarge = await problemOf(backtests.optimizeBacktest({
        backtestId: backtest.id, optimizeRequest: { grid: { fast: range(1, 101), slow: range(2, 100) } },
    }));
    assert.equal(tooLarge.status, 422);
    assert.equal(tooLarge.body.code, 'GRID_TOO_LARGE');
});

test('reads candles as typed columns', { timeout: 60_000 }, async () => {
    const candles = await new OhlcvApi(config(randomUUID())).getCandles({
        symbol: 'BTC', startDate: '2024-01-01', endDate: '2024-01-02', timeframe: '1h',
    });
    assert.equal(candles.symbol, 'BTC');
    assert.equal(candles.timeframe, '1h');
    assert.equal(candles.count, 48);
    assert.equal(candles.t?.length, 48);
    assert.equal(candles.t?.[0], Date.UTC(2024, 0, 1) / 1000);
    for (let i = 0; i < 48; i++) {
        assert.ok(candles.h![i] >= Math.max(candles.o![i], candles.c![i]), `high at ${i}`);
        assert.ok(candles.l![i] <= Math.min(candles.o![i], candles.c![i]), `low at ${i}`);
    }
});

test('a missing strategy arrives as a 404 ResponseError with a problem body', { timeout: 30_000 }, async () => {
    const missing = randomUUID();
    const p = await problemOf(new StrategiesApi(config(randomUUID())).getStrategy({ strategyId: missing }));
    assert.equal(p.status, 404);
    assert.equal(p.body.code, 'STRATEGY_NOT_FOUND');
});

test('too many candles arrive as a 422 ResponseError with a problem body', { timeout: 30_000 }, async () => {
    const p = await problemOf(new OhlcvApi(config(randomUUID())).getCandles({
        symbol: 'BTC', startDate: '2024-01-01', endDate: '2024-01-31', timeframe: '1m',
    }));
    assert.equal(p.status, 422);
    assert.equal(p.body.code, 'RESULT_TOO_LARGE');
});

test('a request without a token arrives as a 401 ResponseError', { timeout: 30_000 }, async () => {
    const p = await problemOf(new UsersApi(new Configuration({ basePath: baseUrl })).getCurrentUser());
    assert.equal(p.status, 401);
});

test('lists the user\'s tasks, follows a run to its end and cancels', { timeout: 90_000 }, async () => {
    const cfg = config(randomUUID());
    const { backtest } = await strategyAndBacktest(cfg);
    const run = await new BacktestsApi(cfg).startRun({ backtestId: backtest.id });
    const tasks = new TasksApi(cfg);

    const page = await tasks.listTasks({ kind: 'run', limit: 10 });
    assert.equal(page.total, 1);
    assert.equal(page.items[0].id, run.id);
    assert.equal(page.items[0].kind, 'run');
    assert.equal(typeof page.items[0].userId, 'string');
    assert.equal(page.items[0].backtestId, backtest.id);
    assert.equal(page.items[0].label, 'BTC hourly (BTC)');
    assert.ok(page.items[0].createdAt instanceof Date, 'created_at is a date');
    assert.equal(page.nextCursor, null);

    const deadline = Date.now() + 50_000;
    let task: TaskView = page.items[0];
    while (!['completed', 'failed', 'cancelled'].includes(task.status)) {
        assert.ok(Date.now() < deadline, `task not finished in time: ${JSON.stringify(task)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
        task = await tasks.getTask({ taskId: run.id });
    }
    assert.equal(task.status, 'completed');
    assert.equal(task.progress, 100);
    assert.ok(task.finishedAt instanceof Date, 'finished_at is a date');
    assert.equal(task.errorCode, null);

    const cancelled = await tasks.cancelTask({ taskId: run.id });
    assert.equal(cancelled.status, 'completed', 'a finished task is left as it is');
    assert.equal(cancelled.cancelRequested, false);
    const none = await tasks.listTasks({ kind: 'refresh', status: 'running' });
    assert.equal(none.total, 0);

    const foreign = await problemOf(new TasksApi(config(randomUUID())).getTask({ taskId: run.id }));
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.code, 'TASK_NOT_FOUND');
    const forbidden = await problemOf(tasks.listTasks({ all: true }));
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.code, 'FORBIDDEN');
});

test('reads the coverage of a symbol with its missing days', { timeout: 60_000 }, async () => {
    const ohlcv = new OhlcvApi(config(randomUUID()));
    const coverage = await ohlcv.getSymbolCoverage({ symbol: 'BTC', startDate: '2024-12-30', endDate: '2025-01-01' });
    assert.equal(coverage.symbol, 'BTC');
    assert.equal(coverage.days, 3);
    const yearly = coverage.resolutions[0];
    assert.equal(yearly.sourceResolution, '1Y');
    assert.equal(yearly.bar, '1m');
    assert.equal(yearly.daysWithData, 2, 'the sample data ends with 2024');
    assert.equal(yearly.missingDays.length, 1);
    assert.equal(yearly.missingDays[0].days, 1);
    assert.ok(yearly.missingDays[0].first instanceof Date, 'first is a date');
    assert.equal(yearly.partialDayCount, yearly.partialDays.length);

    const reversed = await problemOf(ohlcv.getSymbolCoverage({ symbol: 'BTC', startDate: '2024-02-01', endDate: '2024-01-01' }));
    assert.equal(reversed.status, 400);
    assert.equal(reversed.body.code, 'DATE_RANGE');
});

test('creates an index of the sample assets, runs it and reads its current value and allocations', { timeout: 120_000 }, async () => {
    const cfg = config(randomUUID());
    const assets = await new AssetsApi(cfg).listAssets({ limit: 100 });
    assert.ok(assets.items.some((a) => a.symbol === 'BTC'), 'the sample assets are seeded');
    const indexes = new IndexesApi(cfg);
    const index = await indexes.createIndex({ indexInput: {
        name: 'Majors', universe: ['BTC', 'ETH'], weighting: 'equal', schedule: 'monthly', benchmark: 'BTC',
        baseValue: 1000, baseCurrency: 'USD', startDate: new Date('2024-01-01T00:00:00Z'), commission: 0.001,
    } });
    assert.equal(index.name, 'Majors');
    assert.deepEqual(index.universe, ['BTC', 'ETH']);

    const run = await indexes.runIndex({ indexId: index.id });
    const tasks = new TasksApi(cfg);
    const deadline = Date.now() + 90_000;
    let task: TaskView = await tasks.getTask({ taskId: run.id });
    while (!['completed', 'failed', 'cancelled'].includes(task.status)) {
        assert.ok(Date.now() < deadline, `index run not finished in time: ${JSON.stringify(task)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
        task = await tasks.getTask({ taskId: run.id });
    }
    assert.equal(task.status, 'completed', JSON.stringify(task));
    assert.equal(task.kind, 'index_run');

    const current = await indexes.getIndexCurrent({ indexId: index.id });
    assert.ok(current.value > 0, 'a positive index value');
    assert.ok(current.date instanceof Date, 'the date is a date');
    assert.deepEqual(current.allocations.map((a) => a.symbol).sort(), ['BTC', 'ETH']);
    const weights = current.allocations.reduce((sum, a) => sum + a.weight, 0);
    assert.ok(weights > 0.9 && weights <= 1.000001, `the weights add up to at most 1: ${weights}`);

    const foreign = await problemOf(new IndexesApi(config(randomUUID())).getIndexCurrent({ indexId: index.id }));
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.code, 'INDEX_NOT_FOUND');
});
