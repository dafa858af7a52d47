package dev.backtest.sdk.walkforward;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.WalkForward;
import dev.backtest.engine.WalkForwardResult;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.backtest.BacktestInput;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.strategy.StrategyInput;
import dev.backtest.sdk.task.TaskFilter;
import dev.backtest.sdk.task.TaskKind;
import dev.backtest.sdk.task.TaskView;
import dev.backtest.sdk.testing.BothClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.backtest.sdk.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Walk-forwards of stored backtests as background tasks, on H2 and PostgreSQL: the stored result is the engine's
 * walk-forward on the backtest's candles, it shows in the task view, bad input is refused before anything is stored,
 * and a cancel stops it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalkForwardIT {

    private static final LocalDate FIRST = LocalDate.of(2023, 1, 1);
    private static final LocalDate LAST = LocalDate.of(2023, 12, 31);

    @RegisterExtension
    static final BothClients CLIENTS = new BothClients();
    private BacktestClient h2;
    private BacktestClient pg;

    @BeforeAll
    void open() {
        h2 = CLIENTS.h2();
        pg = CLIENTS.pg();
    }

    private static Map<String, List<Object>> grid() {
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        grid.put("fast", List.of(3, 5, 8));
        grid.put("slow", List.of(15, 25));
        return grid;
    }

    @Test
    void aStoredWalkForwardKeepsTheEnginesResultAndShowsInTheTaskView() {
        for (BacktestClient c : new BacktestClient[] {h2, pg}) {
            UUID me = newUser(c);
            UUID backtest = backtest(c, me);
            WalkForwardView started = c.walkForwards().start(me, backtest,
                    new WalkForwardRequest(grid(), "fast < slow", "return_pct", 120, 60, null, "anchored"));
            assertThat(started.status()).isEqualTo("queued");
            assertThat(List.of(started.trainBars(), started.testBars(), started.step())).containsExactly(120, 60, 60);
            assertThat(started.mode()).isEqualTo("anchored");
            await(() -> c.walkForwards().get(me, backtest, started.id()).finished(), Duration.ofSeconds(120));
            WalkForwardView done = c.walkForwards().get(me, backtest, started.id());
            assertThat(done.status()).as(done.errorCode() + ": " + done.errorMessage()).isEqualTo("completed");
            assertThat(done.windows()).isEqualTo(4);
            assertThat(done.windowsDone()).isEqualTo(4);
            assertThat(done.progress()).isEqualTo(100);

            CandleSeries series = c.candles().symbol("BTC").between(FIRST, LAST).timeframe(Timeframe.D1).fetch();
            Map<String, List<?>> g = new LinkedHashMap<>(grid());
            WalkForwardResult expected = c.engine().walkForward(series, WalkForward.of(Sweep.of(g)
                            .fixed(Map.of("fast", 5, "slow", 20)).constraint("fast < slow").metric("return_pct"), 120, 60)
                    .mode(WalkForward.Mode.ANCHORED), "sma_cross",
                    RunOptions.builder().cash(1_000_000).commission(0.002).fractionalUnits(true).build());
            JsonNode result = done.result();
            assertThat(result.get("windows")).hasSize(4);
            for (int k = 0; k < 4; k++) {
                JsonNode w = result.get("windows").get(k);
                WalkForwardResult.Window e = expected.windows().get(k);
                assertThat(w.get("train_first").asInt()).isZero();
                assertThat(w.get("test_first").asInt()).isEqualTo(120 + 60 * k);
                assertThat(w.get("params").get("fast").asInt()).isEqualTo(e.params().get("fast"));
                assertThat(w.get("params").get("slow").asInt()).isEqualTo(e.params().get("slow"));
                assertThat(w.get("end_equity").asDouble()).isEqualTo(e.endEquity());
            }
            assertThat(result.get("equity").get("equity")).hasSize(240);
            assertThat(result.get("out_of_sample").get("equity_final").asDouble()).isEqualTo(expected.outOfSample().equityFinal());

            List<TaskView> tasks = c.tasks().list(me, new TaskFilter(TaskKind.WALK_FORWARD, null), PageRequest.first(10)).items();
            assertThat(tasks).singleElement().satisfies(t -> {
                assertThat(t.id()).isEqualTo(started.id());
                assertThat(t.kind()).isEqualTo(TaskKind.WALK_FORWARD);
                assertThat(t.progress()).isEqualTo(100);
                assertThat(t.backtestId()).isEqualTo(backtest);
                assertThat(t.label()).contains("BTC");
            });
            assertThat(c.tasks().list(me, TaskFilter.parse("walk_forward", "completed"), PageRequest.first(10)).items()).hasSize(1);
        }
    }

    @Test
    void badInputIsRefusedWithEveryFieldNamedAndNothingStored() {
        UUID me = newUser(h2);
        UUID backtest = backtest(h2, me);
        Map<String, List<Object>> bad = new LinkedHashMap<>();
        bad.put("period", List.of(3));
        BacktestException e = catchThrowableOfType(() -> h2.walkForwards().start(me, backtest,
                new WalkForwardRequest(bad, null, null, 1, null, null, "sideways")), BacktestException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(fields(e)).contains("grid.period", "test_bars", "mode");
        BacktestException lengths = catchThrowableOfType(() -> h2.walkForwards().start(me, backtest,
                new WalkForwardRequest(grid(), null, null, 1, 60, 30, null)), BacktestException.class);
        assertThat(fields(lengths)).containsExactly("train_bars", "step");
        BacktestException tooLong = catchThrowableOfType(() -> h2.walkForwards().start(me, backtest,
                new WalkForwardRequest(grid(), null, null, 300, 100, null, null)), BacktestException.class);
        assertThat(fields(tooLong)).containsExactly("train_bars");
        assertThat(tooLong.getMessage()).contains("bars of the series");
        BacktestException metric = catchThrowableOfType(() -> h2.walkForwards().start(me, backtest,
                new WalkForwardRequest(grid(), null, "sharpe", 120, 60, null, null)), BacktestException.class);
        assertThat(metric.code()).isEqualTo(ErrorCode.INVALID_RUN_OPTIONS);
        Map<String, List<Object>> none = new LinkedHashMap<>();
        none.put("fast", List.of(30));
        none.put("slow", List.of(10));
        BacktestException rejected = catchThrowableOfType(() -> h2.walkForwards().start(me, backtest,
                new WalkForwardRequest(none, null, null, 120, 60, null, null)), BacktestException.class);
        assertThat(fields(rejected)).containsExactly("grid");
        BacktestException empty = catchThrowableOfType(() -> h2.walkForwards().start(me, backtest, null), BacktestException.class);
        assertThat(fields(empty)).contains("grid", "train_bars", "test_bars");
        assertThat(h2.tasks().list(me, new TaskFilter(TaskKind.WALK_FORWARD, null), PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    void anotherUsersBacktestOrWalkForwardIsNotFound() {
        UUID me = newUser(h2);
        UUID other = newUser(h2);
        UUID backtest = backtest(h2, me);
        WalkForwardView started = h2.walkForwards().start(me, backtest,
                new WalkForwardRequest(grid(), null, null, 120, 60, null, null));
        assertThat(catchThrowableOfType(() -> h2.walkForwards().get(other, backtest, started.id()), BacktestException.class).code())
                .isEqualTo(ErrorCode.BACKTEST_NOT_FOUND);
        assertThat(catchThrowableOfType(() -> h2.walkForwards().start(other, backtest,
                new WalkForwardRequest(grid(), null, null, 120, 60, null, null)), BacktestException.class).code())
                .isEqualTo(ErrorCode.BACKTEST_NOT_FOUND);
        UUID otherBacktest = backtest(h2, other);
        assertThat(catchThrowableOfType(() -> h2.walkForwards().get(other, otherBacktest, started.id()), BacktestException.class)
                .code()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND);
        assertThat(catchThrowableOfType(() -> h2.walkForwards().cancel(me, backtest, UUID.randomUUID()), BacktestException.class)
                .code()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND);
        await(() -> h2.walkForwards().get(me, backtest, started.id()).finished(), Duration.ofSeconds(120));
    }

    @Test
    void aCancelStopsItAndIsKept() {
        UUID me = newUser(h2);
        UUID backtest = backtest(h2, me);
        Map<String, List<Object>> big = new LinkedHashMap<>();
        big.put("fast", List.of(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
        big.put("slow", List.of(13, 14, 15, 16, 17, 18, 19, 20, 21, 22));
        WalkForwardView started = h2.walkForwards().start(me, backtest, new WalkForwardRequest(big, null, null, 40, 10, null, null));
        WalkForwardView cancelled = h2.walkForwards().cancel(me, backtest, started.id());
        assertThat(cancelled.status()).isEqualTo("cancelled");
        assertThat(h2.walkForwards().cancel(me, backtest, started.id()).status()).isEqualTo("cancelled");
        // through the task view as well
        WalkForwardView second = h2.walkForwards().start(me, backtest, new WalkForwardRequest(big, null, null, 40, 10, null, null));
        assertThat(h2.tasks().cancel(me, second.id()).status().wire()).isEqualTo("cancelled");
        h2.tasks().cancel(me, second.id());
        WalkForwardView later = h2.walkForwards().get(me, backtest, second.id());
        assertThat(later.status()).isEqualTo("cancelled");
        assertThat(later.result()).isNull();
        assertThat(h2.walkForwards().get(me, backtest, started.id()).result()).isNull();
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(BacktestException e) {
        return ((List<FieldError>) e.details().get("errors")).stream().map(FieldError::field).toList();
    }

    private static UUID newUser(BacktestClient c) {
        UUID id = UUID.randomUUID();
        c.users().ensure(id, id + "@example.com");
        return id;
    }

    private static UUID backtest(BacktestClient c, UUID user) {
        var s = c.strategies().create(user, new StrategyInput("cross " + UUID.randomUUID(), null, "sma_cross",
                Map.of("fast", 5, "slow", 20), false));
        return c.backtests().create(user, new BacktestInput("bt " + UUID.randomUUID(), s.id().toString(), "BTC", "1d", FIRST, LAST,
                new BigDecimal("1000000"), new BigDecimal("0.002"), Map.of())).id();
    }
}
