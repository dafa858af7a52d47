// Drives the generated TypeScript client against the real server started by ContractIT
// (BACKTEST_BASE_URL, and SUPABASE_JWT_SECRET the server verifies HS256 tokens with).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import {
    BacktestsApi, Configuration, OhlcvApi, ResponseError, StrategiesApi, UsersApi,
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

test('creates a strategy and a backtest, runs it and reads the results', { timeout: 90_000 }, async () => {
    const cfg = config(randomUUID());
    const strategies = new StrategiesApi(cfg);
    const created = await strategies.createStrategy({
        strategyInput: { name: 'Fast cross', description: '10/30 SMA', type: 'sma_cross', parameters: { fast: 10, slow: 30 }, isPublic: false },
    });
    assert.equal(created.name, 'Fast cross');
    assert.equal(created.type, 'sma_cross');
    // the server completes the parameters with the strategy's defaults
    const parameters = created.parameters as Record<string, unknown>;
    assert.equal(parameters.fast, 10);
    assert.equal(parameters.slow, 30);
    const read = await strategies.getStrategy({ strategyId: created.id });
    assert.equal(read.id, created.id);

    const backtests = new BacktestsApi(cfg);
    const backtest: any = await backtests.create({
        body: {
            name: 'BTC hourly', strategy: created.id, symbol: 'BTC', timeframe: '1h', start_date: '2024-01-01',
            end_date: '2024-01-31', initial_capital: 10000, commission: 0.001, parameters: {},
        },
    });
    assert.equal(backtest.status, 'draft');
    assert.equal(backtest.symbol, 'BTC');
    const again: any = await backtests.get({ backtestId: backtest.id });
    assert.equal(again.id, backtest.id);

    const me = await new UsersApi(cfg).getCurrentUser();
    assert.equal(me.strategyCount, 1);
    assert.equal(me.backtestCount, 1);

    // run it, wait for completion through the client, read the results
    const queued: any = await backtests.run({ backtestId: backtest.id });
    assert.ok(['queued', 'running', 'completed'].includes(queued.status), `run status ${queued.status}`);
    const deadline = Date.now() + 50_000;
    let run: any = queued;
    while (run.status !== 'completed') {
        assert.ok(!['failed', 'cancelled'].includes(run.status), `run ended ${run.status}: ${JSON.stringify(run)}`);
        assert.ok(Date.now() < deadline, `run not completed in time: ${JSON.stringify(run)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
        run = await backtests.latestRun({ backtestId: backtest.id });
    }
    assert.equal(run.progress, 100);
    const results: any = await backtests.results({ backtestId: backtest.id });
    assert.equal(typeof results.stats.return_pct, 'number');
    assert.equal(results.stats.trades, results.trades.total ?? results.stats.trades);
    const finished: any = await backtests.get({ backtestId: backtest.id });
    assert.equal(finished.status, 'completed');
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
