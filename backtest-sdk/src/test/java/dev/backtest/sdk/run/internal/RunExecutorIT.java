package dev.backtest.sdk.run.internal;

import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.backtest.BacktestInput;
import dev.backtest.sdk.backtest.BacktestStatus;
import dev.backtest.sdk.backtest.internal.Backtest;
import dev.backtest.sdk.backtest.internal.JpaBacktestService;
import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.run.RunListener;
import dev.backtest.sdk.run.RunService;
import dev.backtest.sdk.run.RunStatus;
import dev.backtest.sdk.strategy.StrategyInput;
import dev.backtest.sdk.strategy.internal.JpaStrategyService;
import dev.backtest.sdk.testing.BothDatabases;
import dev.backtest.sdk.user.internal.JpaUserService;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The executor's failure rules, called directly as the queue would: retry unexpected errors, give up after the last attempt. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunExecutorIT {

    @RegisterExtension
    static final BothDatabases dbs = new BothDatabases();

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void unexpectedErrorsAreRetriedUntilTheAttemptsAreUsedUp(DatabaseKind kind) {
        Database db = dbs.get(kind);
        AtomicInteger loads = new AtomicInteger();
        Told told = new Told();
        RunExecutor executor = new RunExecutor(db, snapshot -> {
            loads.incrementAndGet();
            throw new IllegalStateException("disk on fire");
        }, "worker-" + kind, told);
        UUID run = queuedRun(db);

        for (int attempt = 1; attempt < RunService.MAX_ATTEMPTS; attempt++) {
            assertThatThrownBy(() -> executor.execute(run)).isInstanceOf(IllegalStateException.class).hasMessage("disk on fire");
            BacktestRun r = find(db, run);
            assertThat(r.getStatus()).isEqualTo(RunStatus.QUEUED);
            assertThat(r.getAttempts()).isEqualTo(attempt);
            assertThat(r.getErrorMessage()).hasValueSatisfying(m -> assertThat(m).contains("disk on fire"));
        }
        executor.execute(run); // the last attempt: marked failed, not thrown (no further retry)
        BacktestRun r = find(db, run);
        assertThat(r.getStatus()).isEqualTo(RunStatus.FAILED);
        assertThat(r.getAttempts()).isEqualTo(RunService.MAX_ATTEMPTS);
        assertThat(r.getErrorCode()).hasValue("INTERNAL");
        assertThat(r.getErrorMessage()).hasValueSatisfying(m -> assertThat(m).contains("after 3 attempts").contains("disk on fire"));
        BacktestStatus backtestStatus = db.inTransaction(em -> em.find(Backtest.class, r.getBacktestId()).getStatus());
        assertThat(backtestStatus).isEqualTo(BacktestStatus.FAILED);

        assertThat(told.events).as("each attempt starts; the run finishes once").containsExactly("started " + run, "started " + run,
                "started " + run, "finished " + run + " FAILED");

        executor.execute(run); // handed over again by the queue: ignored
        assertThat(told.events).hasSize(4);
        assertThat(loads.get()).isEqualTo(RunService.MAX_ATTEMPTS);
        assertThat(find(db, run).getStatus()).isEqualTo(RunStatus.FAILED);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void errorsThatRetryingCannotFixFailAtOnce(DatabaseKind kind) {
        Database db = dbs.get(kind);
        Told told = new Told();
        RunExecutor executor = new RunExecutor(db, snapshot -> {
            throw BacktestException.of(ErrorCode.SYMBOL_NOT_FOUND, "no data for symbol " + snapshot.symbol());
        }, "worker-" + kind, told);
        UUID run = queuedRun(db);

        executor.execute(run);
        assertThat(told.events).containsExactly("started " + run, "finished " + run + " FAILED");
        BacktestRun r = find(db, run);
        assertThat(r.getStatus()).isEqualTo(RunStatus.FAILED);
        assertThat(r.getAttempts()).isEqualTo(1);
        assertThat(r.getErrorCode()).hasValue("SYMBOL_NOT_FOUND");
        assertThat(r.getErrorMessage()).hasValue("no data for symbol BTC");
    }

    /** What a run listener was told, in order. */
    private static final class Told implements RunListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void runStarted(UUID runId) {
            events.add("started " + runId);
        }

        @Override
        public void runFinished(UUID runId, RunStatus status, long nanos) {
            assertThat(nanos).isPositive();
            events.add("finished " + runId + " " + status);
        }
    }

    private static UUID queuedRun(Database db) {
        UUID user = UUID.randomUUID();
        new JpaUserService(db).ensure(user, user + "@example.com");
        var s = new JpaStrategyService(db).create(user, new StrategyInput("s " + UUID.randomUUID(), null, "sma_cross",
                Map.of("fast", 5, "slow", 20), false));
        UUID backtest = new JpaBacktestService(db).create(user, new BacktestInput("b " + UUID.randomUUID(), s.id().toString(), "BTC", "1d",
                LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31), new BigDecimal("10000"), null, null)).id();
        return db.inTransaction(em -> {
            Backtest b = em.find(Backtest.class, backtest);
            BacktestRun r = new BacktestRun(backtest, user, new RunSnapshot("BTC", Timeframe.D1, LocalDate.of(2023, 1, 1),
                    LocalDate.of(2023, 12, 31), "sma_cross", Map.of(), RunOptions.builder().cash(10_000).build()), RunService.MAX_ATTEMPTS,
                    RunExecutor.now());
            em.persist(r);
            b.queue();
            em.flush();
            return r.getId();
        });
    }

    private static BacktestRun find(Database db, UUID run) {
        return db.inTransaction(em -> em.find(BacktestRun.class, run));
    }
}
