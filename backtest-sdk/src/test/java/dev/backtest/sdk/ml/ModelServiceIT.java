package dev.backtest.sdk.ml;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.backtest.BacktestInput;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.optimization.OptimizeRequest;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.run.RunTiming;
import dev.backtest.sdk.run.RunView;
import dev.backtest.sdk.strategy.StrategyInput;
import dev.backtest.sdk.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.backtest.sdk.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Models trained from the store's candles, kept in the object store, owned like strategies, and run as stored
 * {@code ml_predictive} strategies with the leakage guard at run start (on H2: runs are the database-specific part, and
 * the run queue is tested on PostgreSQL elsewhere).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelServiceIT {

    private static final RunTiming FAST = new RunTiming(Duration.ofMillis(100), Duration.ofMillis(100), 4, Duration.ofMillis(200));

    @TempDir
    static Path dataDir;
    private BacktestClient c;

    @BeforeAll
    void open() {
        c = BacktestClient.builder().ignoreEnvironment().embedded(dataDir).databaseUrl(TestDatabases.freshH2()).sampleData(true)
                .set(ConfigKey.BACKTEST_WORKERS, "2").runTiming(FAST).build();
    }

    @AfterAll
    void close() {
        c.close();
    }

    private ModelInfo trainQ1(UUID user) {
        return c.models().train(user, TrainRequest.window("ar5 q1", "BTC", "1h", LocalDate.of(2023, 1, 1), LocalDate.of(2023, 3, 31),
                new ModelSpec(ModelKind.AUTOREGRESSIVE, 5, List.of("returns", "range", "rsi:14"), 1, 5, 5)));
    }

    @Test
    void trainsStoresListsGetsAndDeletesOwnedModels() {
        UUID me = user();
        UUID bob = user();
        ModelInfo m = trainQ1(me);
        assertThat(m.symbol()).isEqualTo("BTC");
        assertThat(m.firstTrainingBar()).isEqualTo(Instant.parse("2023-01-01T00:00:00Z"));
        assertThat(m.lastTrainingBar()).isEqualTo(Instant.parse("2023-03-31T23:00:00Z"));
        assertThat(m.fingerprint()).matches("[0-9a-f]{64}");
        assertThat(m.metrics()).containsKeys("rmse", "direction_accuracy", "test_samples");
        assertThat(c.storage().stat("models/" + me + "/" + m.id() + "/model.bin")).isPresent();
        assertThat(c.storage().stat("models/" + me + "/" + m.id() + "/meta.json")).isPresent();

        assertThat(c.models().get(me, m.id())).isEqualTo(m);
        assertThat(c.models().load(me, m.id()).info()).isEqualTo(m);
        ModelInfo second = c.models().train(me, TrainRequest.window("tree", "ETH", "4h", LocalDate.of(2023, 1, 1),
                LocalDate.of(2023, 6, 30), ModelSpec.of(ModelKind.CLASSIFICATION_TREE)));
        Page<ModelInfo> mine = c.models().list(me, PageRequest.first(10));
        assertThat(mine.total()).isEqualTo(2);
        assertThat(mine.items()).extracting(ModelInfo::id).containsExactly(m.id(), second.id());
        assertThat(c.models().list(me, new PageRequest(1, 1, PageRequest.Sort.CREATED_AT)).items()).extracting(ModelInfo::id)
                .containsExactly(second.id());

        // another user's model is a missing one
        assertThat(c.models().list(bob, PageRequest.first(10)).total()).isZero();
        assertThat(code(() -> c.models().get(bob, m.id()))).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(code(() -> c.models().delete(bob, m.id()))).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(c.models().get(me, m.id())).isEqualTo(m);

        c.models().delete(me, m.id());
        assertThat(code(() -> c.models().get(me, m.id()))).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(c.storage().stat("models/" + me + "/" + m.id() + "/model.bin")).isEmpty();
        assertThat(c.models().list(me, PageRequest.first(10)).items()).extracting(ModelInfo::id).containsExactly(second.id());
    }

    @Test
    void aRunOverlappingTheTrainingWindowIsRefusedAndAnAdjacentOneCompletes() {
        UUID me = user();
        ModelInfo m = trainQ1(me);
        UUID strategy = c.strategies().create(me, new StrategyInput("ml " + UUID.randomUUID(), null, MlModels.STRATEGY_KEY,
                Map.of("model", m.id().toString(), "threshold", 0.0001), false)).id();

        UUID overlapping = backtest(me, strategy, LocalDate.of(2023, 3, 31), LocalDate.of(2023, 5, 31));
        BacktestException e = thrown(() -> c.runs().start(me, overlapping));
        assertThat(e.code()).isEqualTo(ErrorCode.DATA_LEAKAGE);
        assertThat(e.getMessage()).contains("2023-01-01T00:00:00Z", "2023-03-31T23:00:00Z", "2023-03-31T00:00:00Z");
        assertThat(e.details()).containsEntry("training_last_bar", "2023-03-31T23:00:00Z")
                .containsEntry("backtest_first_bar", "2023-03-31T00:00:00Z");
        assertThat(c.runs().list(me, overlapping, PageRequest.first(5)).total()).as("nothing queued").isZero();
        assertThat(c.backtests().get(me, overlapping).status()).isEqualTo("draft");
        assertThat(code(() -> c.optimizations().optimize(me, overlapping,
                new OptimizeRequest(Map.of("threshold", List.of(0.0, 0.001)), null, null, null)))).isEqualTo(ErrorCode.DATA_LEAKAGE);

        UUID adjacent = backtest(me, strategy, LocalDate.of(2023, 4, 1), LocalDate.of(2023, 5, 31));
        RunView done = run(me, adjacent);
        assertThat(done.status()).isEqualTo("completed");
        assertThat(c.optimizations().optimize(me, adjacent, new OptimizeRequest(Map.of("threshold", List.of(0.0, 0.001)), null, null, null))
                .results()).isNotEmpty();
    }

    @Test
    void aModelTrainedForABacktestEndsJustBeforeItAndRuns() {
        UUID me = user();
        UUID plain = c.strategies().create(me, new StrategyInput("bh " + UUID.randomUUID(), null, "buy_and_hold", Map.of(), false)).id();
        UUID b = backtest(me, plain, LocalDate.of(2023, 6, 1), LocalDate.of(2023, 7, 31));
        ModelInfo m = c.models().train(me, TrainRequest.forBacktest("for bt", b, null, ModelSpec.of(ModelKind.LINEAR)));
        assertThat(m.trainingBars()).isEqualTo(MlModels.DEFAULT_STEPS);
        assertThat(m.lastTrainingBar()).isEqualTo(Instant.parse("2023-05-31T23:00:00Z"));

        UUID ml = c.strategies().create(me, new StrategyInput("ml " + UUID.randomUUID(), null, MlModels.STRATEGY_KEY,
                Map.of("model", m.id().toString()), false)).id();
        c.backtests().update(me, b, new BacktestInput(null, ml.toString(), null, null, null, null, null, null, null));
        assertThat(run(me, b).status()).isEqualTo("completed");
    }

    @Test
    void refusesForeignModelsAndBadRequests() {
        UUID me = user();
        UUID bob = user();
        ModelInfo m = trainQ1(me);
        BacktestException foreign = thrown(() -> c.strategies().create(bob, new StrategyInput("x", null, MlModels.STRATEGY_KEY,
                Map.of("model", m.id().toString()), false)));
        assertThat(foreign.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(foreign.getMessage()).contains("parameters.model", "does not exist");

        assertThat(fields(() -> c.models().train(me, new TrainRequest("n", "BTC", "1h", LocalDate.of(2023, 1, 1), null, UUID.randomUUID(), 10,
                ModelSpec.autoregressive(2))))).contains("backtest_id", "steps");
        assertThat(fields(() -> c.models().train(me, new TrainRequest(null, "bad symbol", "7q", LocalDate.of(2023, 2, 1),
                LocalDate.of(2023, 1, 1), null, 5, null)))).contains("symbol", "timeframe", "end_date", "steps", "spec");
        assertThat(code(() -> c.models().train(me, TrainRequest.forBacktest(null, UUID.randomUUID(), null, ModelSpec.autoregressive(2)))))
                .isEqualTo(ErrorCode.BACKTEST_NOT_FOUND);
        assertThat(code(() -> c.models().train(me, TrainRequest.window(null, "BTC", "1d", LocalDate.of(2023, 1, 1),
                LocalDate.of(2023, 1, 10), ModelSpec.autoregressive(2))))).isEqualTo(ErrorCode.DATE_RANGE);
        assertThat(c.models().list(me, PageRequest.first(10)).total()).as("nothing stored by refused requests").isEqualTo(1);
    }

    private UUID user() {
        UUID id = UUID.randomUUID();
        c.users().ensure(id, id + "@example.com");
        return id;
    }

    private UUID backtest(UUID user, UUID strategy, LocalDate start, LocalDate end) {
        return c.backtests().create(user, new BacktestInput("bt " + UUID.randomUUID(), strategy.toString(), "BTC", "1h", start, end,
                new BigDecimal("100000"), new BigDecimal("0.001"), Map.of())).id();
    }

    private RunView run(UUID user, UUID backtest) {
        RunView started = c.runs().start(user, backtest);
        await(() -> c.runs().get(user, backtest, started.id()).finished());
        return c.runs().get(user, backtest, started.id());
    }

    private static BacktestException thrown(Runnable call) {
        try {
            call.run();
        } catch (BacktestException e) {
            return e;
        }
        throw new AssertionError("expected a BacktestException");
    }

    private static ErrorCode code(Runnable call) {
        return thrown(call).code();
    }

    private static List<String> fields(Runnable call) {
        BacktestException e = thrown(call);
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        return ((List<?>) e.details().get("errors")).stream().map(f -> ((dev.backtest.error.FieldError) f).field()).toList();
    }
}
