package dev.backtest.sdk.index;

import dev.backtest.engine.portfolio.Allocation;
import dev.backtest.engine.portfolio.Investment;
import dev.backtest.engine.portfolio.MarketCaps;
import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.engine.portfolio.PortfolioStats;
import dev.backtest.engine.portfolio.Schedule;
import dev.backtest.engine.portfolio.SimulationResult;
import dev.backtest.engine.portfolio.Weighting;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.asset.MarketCap;
import dev.backtest.sdk.audit.Actor;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.index.internal.SampleIndexes;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.run.RunStatus;
import dev.backtest.sdk.run.RunTiming;
import dev.backtest.sdk.task.TaskFilter;
import dev.backtest.sdk.task.TaskKind;
import dev.backtest.sdk.task.TaskStatus;
import dev.backtest.sdk.task.TaskView;
import dev.backtest.sdk.testing.Await;
import dev.backtest.sdk.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Indexes through {@code client.indexes()} on PostgreSQL and H2 with the sample data: a run end to end whose stored
 * values, allocations and statistics are those of {@code client.portfolios()} on the same candles; ownership (another
 * user's index is a missing one); validation of every field; cancel of a queued run; index runs in the task view;
 * simulations; the sample index seeded once. Per database, a client with workers and one without (its own database,
 * where queued runs stay queued) with {@code INDEX_MAX_ASSETS=2}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexServiceIT {

    private static final RunTiming FAST = new RunTiming(Duration.ofMillis(100), Duration.ofMillis(100), 4, Duration.ofMillis(200));
    private static final LocalDate START = LocalDate.of(2023, 3, 1);

    private record Clients(BacktestClient working, BacktestClient idle, String idleUrl) {
    }

    @TempDir
    static Path dataDir;
    private final Map<DatabaseKind, Clients> clients = new EnumMap<>(DatabaseKind.class);
    private final List<String> schemas = new ArrayList<>();

    @BeforeAll
    void open() {
        for (DatabaseKind kind : DatabaseKind.values()) {
            String working = url(kind);
            String idle = url(kind);
            clients.put(kind, new Clients(client(working, 2, Map.of()), client(idle, 0, Map.of(ConfigKey.INDEX_MAX_ASSETS, "2")), idle));
        }
    }

    private String url(DatabaseKind kind) {
        if (kind == DatabaseKind.H2) {
            return TestDatabases.freshH2();
        }
        String url = TestDatabases.freshPostgresSchema();
        schemas.add(url);
        return url;
    }

    private static BacktestClient client(String url, int workers, Map<ConfigKey, String> settings) {
        BacktestClient.Builder b = BacktestClient.builder().ignoreEnvironment().embedded(dataDir).databaseUrl(url).sampleData(true)
                .set(ConfigKey.BACKTEST_WORKERS, String.valueOf(workers)).runTiming(FAST);
        settings.forEach(b::set);
        return b.build();
    }

    @AfterAll
    void close() {
        clients.values().forEach(c -> {
            c.working().close();
            c.idle().close();
        });
        schemas.forEach(TestDatabases::dropSchema);
    }

    private static UUID newUser(BacktestClient c) {
        UUID id = UUID.randomUUID();
        c.users().ensure(id, id + "@example.com");
        return id;
    }

    private static IndexInput.Builder majors(String name) {
        return IndexInput.builder().name(name).universe("BTC", "ETH").weighting("market_cap").maxWeight(0.7).schedule("monthly")
                .benchmark("BTC").baseValue(1000.0).startDate(START);
    }

    private static BacktestException thrown(Runnable call) {
        return catchThrowableOfType(BacktestException.class, call::run);
    }

    private static List<String> fields(BacktestException e) {
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        @SuppressWarnings("unchecked")
        List<FieldError> errors = (List<FieldError>) e.details().get("errors");
        return errors.stream().map(FieldError::field).toList();
    }

    private static IndexRunView awaitFinished(BacktestClient c, UUID user, UUID index) {
        Await.await(() -> c.indexes().latestRun(user, index).status().finished(), Duration.ofSeconds(120));
        return c.indexes().latestRun(user, index);
    }

    private static MarketCaps caps(BacktestClient c, String symbol) {
        List<MarketCap> list = c.assets().marketCaps(symbol, null, null);
        long[] t = new long[list.size()];
        double[] v = new double[list.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = list.get(i).date().atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            v[i] = list.get(i).value().doubleValue();
        }
        return MarketCaps.of(t, v);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aRunStoresWhatThePortfolioEngineComputesOnTheSameData(DatabaseKind kind) {
        BacktestClient c = clients.get(kind).working();
        UUID me = newUser(c);
        IndexView ix = c.indexes().create(me, majors("Majors").build());
        IndexRunView queued = c.indexes().run(me, ix.id());
        assertThat(queued.status()).isIn(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.COMPLETED);
        IndexRunView done = awaitFinished(c, me, ix.id());
        assertThat(done.status()).as(done.errorCode() + " " + done.errorMessage()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.attempts()).isEqualTo(1);

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        PortfolioResult expected = c.portfolios().symbols("BTC", "ETH").between(START, today).timeframe("1d")
                .options(PortfolioOptions.builder().cash(1000).commission(0.001).weighting(Weighting.marketCap())
                        .schedule(Schedule.monthly()).maxWeight(0.7).benchmark("BTC").build())
                .marketCaps("BTC", caps(c, "BTC")).marketCaps("ETH", caps(c, "ETH")).run();

        IndexHistory all = c.indexes().history(me, ix.id(), null, null, IndexService.MAX_POINTS);
        assertThat(all.runId()).isEqualTo(done.id());
        assertThat(all.total()).isEqualTo(expected.time().length);
        double[] stored = all.values().stream().mapToDouble(IndexValue::value).toArray();
        assertThat(stored).containsExactly(expected.equity());
        assertThat(all.values().get(0).date()).isEqualTo(START);
        assertThat(all.values().get(0).value()).isCloseTo(1000.0, org.assertj.core.data.Offset.offset(1e-9));

        PortfolioStats risk = c.indexes().riskMetrics(me, ix.id());
        assertThat(risk).isEqualTo(expected.stats());
        assertThat(risk.rebalances()).isGreaterThan(10);

        List<Allocation> fills = expected.allocations();
        List<AllocationSet> history = c.indexes().allocationHistory(me, ix.id());
        assertThat(history).extracting(AllocationSet::date).doesNotHaveDuplicates()
                .containsExactlyElementsOf(fills.stream().map(a -> date(a.fillTime())).distinct().toList());
        Allocation lastFill = fills.get(fills.size() - 1);
        AllocationSet last = history.get(history.size() - 1);
        IndexAllocation row = last.allocations().stream().filter(a -> a.symbol().equals(lastFill.symbol())).findFirst().orElseThrow();
        assertThat(row.units()).isEqualTo(lastFill.unitsAfter());
        assertThat(row.price()).isEqualTo(lastFill.fillPrice());
        assertThat(row.targetWeight()).isEqualTo(lastFill.targetWeight());
        assertThat(row.weight()).isEqualTo(lastFill.weightAfter());
        assertThat(last.allocations()).extracting(IndexAllocation::symbol).containsExactlyInAnyOrder("BTC", "ETH");
        assertThat(last.allocations()).allSatisfy(a -> assertThat(a.targetWeight()).isLessThanOrEqualTo(0.7 + 1e-12));

        AllocationSet first = c.indexes().allocation(me, ix.id(), history.get(0).date().plusDays(3));
        assertThat(first).isEqualTo(history.get(0));
        assertThat(thrown(() -> c.indexes().allocation(me, ix.id(), START)).code()).isEqualTo(ErrorCode.INDEX_RUN_NOT_FOUND);
        assertThat(fields(thrown(() -> c.indexes().allocation(me, ix.id(), null)))).containsExactly("date");

        IndexCurrent now = c.indexes().current(me, ix.id());
        int n = expected.equity().length;
        assertThat(now.runId()).isEqualTo(done.id());
        assertThat(now.value()).isEqualTo(expected.equity()[n - 1]);
        assertThat(now.date()).isEqualTo(date(expected.time()[n - 1]));
        assertThat(now.change1dPct()).isCloseTo((expected.equity()[n - 1] / expected.equity()[n - 2] - 1) * 100,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(now.change1mPct()).isFinite();
        assertThat(now.changeYtdPct()).isFinite();
        assertThat(now.allocations()).isEqualTo(last.allocations());

        IndexHistory reduced = c.indexes().history(me, ix.id(), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 6, 30), 10);
        assertThat(reduced.values()).hasSize(10);
        assertThat(reduced.values().get(0).date()).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(reduced.values().get(9).date()).isEqualTo(LocalDate.of(2024, 6, 30));
        assertThat(reduced.total()).isEqualTo(182);
        assertThat(fields(thrown(() -> c.indexes().history(me, ix.id(), LocalDate.of(2024, 2, 1), LocalDate.of(2024, 1, 1), 1))))
                .containsExactly("points", "end_date");

        IndexBenchmark b = c.indexes().benchmark(me, ix.id());
        assertThat(b.benchmark()).isEqualTo("BTC");
        assertThat(b.points().get(0).benchmark()).isEqualTo(b.points().get(0).index());
        assertThat(b.points().get(0).date()).isEqualTo(date(fills.get(0).fillTime()));
        assertThat(b.points().get(b.points().size() - 1).date()).isEqualTo(now.date());
        // the benchmark is in the universe: the engine computed the same statistics over the same active window
        PortfolioStats e = expected.stats();
        org.assertj.core.data.Offset<Double> close = org.assertj.core.data.Offset.offset(1e-9);
        assertThat(b.benchmarkReturnPct()).isCloseTo(e.benchmarkReturnPct(), close);
        assertThat(b.beta()).isCloseTo(e.beta(), close);
        assertThat(b.trackingErrorAnnPct()).isCloseTo(e.trackingErrorAnnPct(), close);
        assertThat(b.informationRatio()).isCloseTo(e.informationRatio(), close);
        assertThat(b.correlation()).isCloseTo(e.correlation(), close);
        assertThat(b.excessReturnPct()).isCloseTo(b.indexReturnPct() - b.benchmarkReturnPct(), close);

        List<TaskView> tasks = c.tasks().list(me, TaskFilter.of(TaskKind.INDEX_RUN), PageRequest.first(10)).items();
        assertThat(tasks).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(done.id());
            assertThat(t.kind()).isEqualTo(TaskKind.INDEX_RUN);
            assertThat(t.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(t.label()).isEqualTo("Majors");
            assertThat(t.backtestId()).isEqualTo(ix.id());
            assertThat(t.progress()).isEqualTo(100);
        });
        assertThat(c.tasks().get(me, done.id()).kind()).isEqualTo(TaskKind.INDEX_RUN);
        assertThat(c.indexes().runs(me, ix.id(), PageRequest.first(5)).items()).extracting(IndexRunView::id).containsExactly(done.id());
    }

    private static LocalDate date(long epochSecond) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void simulationsAreThePortfolioEnginesOnTheIndexOrOneAsset(DatabaseKind kind) {
        BacktestClient c = clients.get(kind).idle();
        UUID me = newUser(c);
        IndexView ix = c.indexes().create(me, majors("Sim").weighting("equal").maxWeight(null).build());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Investment investment = Investment.of(LocalDate.of(2023, 6, 1), 10_000).monthly(500);

        SimulationResultView viaIndex = c.indexes().simulate(me, new SimulationRequest(10_000.0, LocalDate.of(2023, 6, 1), null, 500.0,
                ix.id(), null));
        SimulationResult expected = c.portfolios().symbols("BTC", "ETH").between(LocalDate.of(2023, 6, 1), today).timeframe("1d")
                .options(PortfolioOptions.builder().cash(10_000).weighting(Weighting.equal()).schedule(Schedule.monthly())
                        .benchmark("BTC").build()).simulate(investment);
        assertThat(viaIndex.valuePath().stream().mapToDouble(IndexValue::value).toArray()).containsExactly(expected.valuePath());
        assertThat(viaIndex.finalValue()).isEqualTo(expected.finalValue());
        assertThat(viaIndex.totalContributions()).isEqualTo(expected.totalContributions()).isPositive();
        assertThat(viaIndex.totalInvested()).isEqualTo(expected.totalInvested());
        assertThat(viaIndex.moneyWeightedReturnPct()).isEqualTo(expected.moneyWeightedReturnPct());
        assertThat(viaIndex.timeWeightedReturnPct()).isEqualTo(expected.timeWeightedReturnPct());
        assertThat(viaIndex.currency()).isEqualTo("USD");

        SimulationResultView viaSymbol = c.indexes().simulate(me, new SimulationRequest(1000.0, LocalDate.of(2024, 1, 1), "USD", null,
                null, "ETH"));
        SimulationResult one = c.portfolios().symbols("ETH").between(LocalDate.of(2024, 1, 1), today).timeframe("1d")
                .options(PortfolioOptions.builder().cash(1000).build()).simulate(Investment.of(LocalDate.of(2024, 1, 1), 1000));
        assertThat(viaSymbol.finalValue()).isEqualTo(one.finalValue());
        assertThat(viaSymbol.totalContributions()).isZero();

        assertThat(fields(thrown(() -> c.indexes().simulate(me, new SimulationRequest(-1.0, null, "U$D", -5.0, ix.id(), "ETH")))))
                .containsExactly("amount", "start_date", "currency", "monthly_contribution", "index_id");
        assertThat(fields(thrown(() -> c.indexes().simulate(me, new SimulationRequest(1.0, LocalDate.of(2024, 1, 1), "EUR", null,
                ix.id(), null))))).containsExactly("currency");
        assertThat(fields(thrown(() -> c.indexes().simulate(me, new SimulationRequest(1.0, LocalDate.of(2024, 1, 1), "EUR", null,
                null, "ETH"))))).containsExactly("currency");
        assertThat(thrown(() -> c.indexes().simulate(me, new SimulationRequest(1.0, LocalDate.of(2024, 1, 1), null, null, null, "NOPE")))
                .code()).isEqualTo(ErrorCode.ASSET_NOT_FOUND);
        // a null request or a missing amount: every missing field named at once, not a NullPointerException
        assertThat(fields(thrown(() -> c.indexes().simulate(me, null)))).containsExactly("amount", "start_date", "index_id");
        assertThat(fields(thrown(() -> c.indexes().simulate(me, new SimulationRequest(null, null, null, null, null, "BTC")))))
                .containsExactly("amount", "start_date");
        // a symbol no asset could have is a field error, with the other fields' errors, and is never looked up
        BacktestException nul = thrown(() -> c.indexes().simulate(me, new SimulationRequest(0.0, LocalDate.of(2024, 1, 1), null, null,
                null, "BTC\u0000")));
        assertThat(fields(nul)).containsExactly("amount", "symbol");
        assertThat(nul.getMessage()).doesNotContain("\u0000");
        assertThat(fields(thrown(() -> c.indexes().simulate(me, new SimulationRequest(1.0, LocalDate.of(2024, 1, 1), null, null, null,
                "btc"))))).containsExactly("symbol");
        UUID other = newUser(c);
        assertThat(thrown(() -> c.indexes().simulate(other, new SimulationRequest(1.0, LocalDate.of(2024, 1, 1), null, null, ix.id(),
                null))).code()).isEqualTo(ErrorCode.INDEX_NOT_FOUND);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anotherUsersIndexIsAMissingOne(DatabaseKind kind) {
        BacktestClient c = clients.get(kind).idle();
        UUID me = newUser(c);
        UUID other = newUser(c);
        IndexView ix = c.indexes().create(me, majors("Mine").build());
        c.indexes().run(me, ix.id());
        for (UUID id : List.of(ix.id(), UUID.randomUUID())) {
            List<Runnable> calls = List.of(() -> c.indexes().get(other, id), () -> c.indexes().update(other, id, majors("X").build(), null),
                    () -> c.indexes().delete(other, id), () -> c.indexes().run(other, id), () -> c.indexes().latestRun(other, id),
                    () -> c.indexes().cancel(other, id), () -> c.indexes().current(other, id),
                    () -> c.indexes().history(other, id, null, null, 100), () -> c.indexes().allocation(other, id, START),
                    () -> c.indexes().allocationHistory(other, id), () -> c.indexes().benchmark(other, id),
                    () -> c.indexes().riskMetrics(other, id), () -> c.indexes().runs(other, id, PageRequest.first(5)));
            for (Runnable call : calls) {
                BacktestException e = thrown(call);
                assertThat(e.code()).isEqualTo(ErrorCode.INDEX_NOT_FOUND);
                assertThat(e.getMessage()).isEqualTo("index " + id + " does not exist");
            }
        }
        assertThat(c.indexes().list(other, PageRequest.first(10)).items()).isEmpty();
        assertThat(c.indexes().list(me, PageRequest.first(10)).items()).extracting(IndexView::id).containsExactly(ix.id());
        assertThat(c.tasks().list(other, TaskFilter.of(TaskKind.INDEX_RUN), PageRequest.first(10)).items()).isEmpty();
        assertThat(c.indexes().get(me, ix.id())).isEqualTo(ix);
        assertThat(thrown(() -> c.indexes().current(me, ix.id())).code()).isEqualTo(ErrorCode.INDEX_RUN_NOT_FOUND);

        c.indexes().delete(me, ix.id());
        assertThat(thrown(() -> c.indexes().get(me, ix.id())).code()).isEqualTo(ErrorCode.INDEX_NOT_FOUND);
        assertThat(c.tasks().list(me, TaskFilter.of(TaskKind.INDEX_RUN), PageRequest.first(10)).items()).isEmpty();
        assertThat(c.indexes().list(me, PageRequest.first(10)).items()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void queuedRunsAreCancelledAndListedAsIndexRunTasks(DatabaseKind kind) {
        BacktestClient c = clients.get(kind).idle();
        UUID me = newUser(c);
        IndexView ix = c.indexes().create(me, majors("Cancel me").build());
        assertThat(thrown(() -> c.indexes().latestRun(me, ix.id())).code()).isEqualTo(ErrorCode.INDEX_RUN_NOT_FOUND);
        assertThat(thrown(() -> c.indexes().cancel(me, ix.id())).code()).isEqualTo(ErrorCode.INDEX_RUN_NOT_FOUND);
        IndexRunView first = c.indexes().run(me, ix.id());
        assertThat(first.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(thrown(() -> c.indexes().run(me, ix.id())).code()).isEqualTo(ErrorCode.BACKTEST_INVALID_STATE);

        IndexRunView cancelled = c.indexes().cancel(me, ix.id());
        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(cancelled.finishedAt()).isNotNull();
        assertThat(c.indexes().cancel(me, ix.id())).isEqualTo(cancelled);

        IndexRunView second = c.indexes().run(me, ix.id());
        TaskView task = c.tasks().cancel(me, second.id());
        assertThat(task.kind()).isEqualTo(TaskKind.INDEX_RUN);
        assertThat(task.status()).isEqualTo(TaskStatus.CANCELLED);
        // cancelling the older run through the task view leaves it as it is
        assertThat(c.tasks().cancel(me, first.id()).status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(c.tasks().list(me, TaskFilter.parse("index_run", "cancelled"), PageRequest.first(10)).items())
                .extracting(TaskView::id).containsExactly(second.id(), first.id());
        assertThat(c.indexes().runs(me, ix.id(), PageRequest.first(1)).total()).isEqualTo(2);

        IndexRunView third = c.indexes().run(me, ix.id());
        c.as(Actor.admin(UUID.randomUUID(), "req-1")).tasks().cancelAny(third.id());
        assertThat(c.indexes().latestRun(me, ix.id()).status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(c.audit().list(me, dev.backtest.sdk.audit.AuditFilter.parse("index", null, null), PageRequest.first(20)).items())
                .extracting(dev.backtest.sdk.audit.AuditEvent::action)
                .contains("index.create", "index.run", "index.cancel");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void everyFieldIsValidated(DatabaseKind kind) {
        BacktestClient c = clients.get(kind).idle();
        UUID me = newUser(c);
        assertThat(fields(thrown(() -> c.indexes().create(me, null)))).containsExactly("name", "universe", "start_date");
        assertThat(fields(thrown(() -> c.indexes().create(me, IndexInput.builder().name(" ").description("x".repeat(2001))
                .universe(List.of()).weighting("cap").startDate(LocalDate.of(1969, 12, 31)).build()))))
                .containsExactly("name", "description", "universe", "weighting", "start_date");
        // INDEX_MAX_ASSETS is 2 on this client
        assertThat(fields(thrown(() -> c.indexes().create(me, majors("Too many").universe("BTC", "ETH", "EURUSD").build()))))
                .containsExactly("universe");
        assertThat(fields(thrown(() -> c.indexes().create(me, majors("Bad symbols").universe("BTC", "btc!").build()))))
                .containsExactly("universe");
        assertThat(fields(thrown(() -> c.indexes().create(me, majors("Twice").universe("BTC", "BTC").build()))))
                .containsExactly("universe");
        assertThat(fields(thrown(() -> c.indexes().create(me, majors("Unknown").universe("BTC", "NOPE").benchmark("ALSO").build()))))
                .containsExactly("universe", "benchmark");
        assertThat(fields(thrown(() -> c.indexes().create(me, majors("Weights").weighting("fixed")
                .weights(new LinkedHashMap<>(Map.of("BTC", 0.7, "ETH", 0.6))).build())))).containsExactly("weighting.weights");
        assertThat(fields(thrown(() -> c.indexes().create(me, majors("Weights 2").weighting("fixed")
                .weights(Map.of("BTC", 1.5, "SPY", 0.1)).build())))).containsExactly("weights.SPY", "weighting.weights.BTC");
        assertThat(fields(thrown(() -> c.indexes().create(me, majors("Weights 3").weighting("fixed").build()))))
                .contains("weights");
        assertThat(fields(thrown(() -> c.indexes().create(me, majors("Weights 4").weights(Map.of("BTC", 1.0)).lookback(20).build()))))
                .containsExactly("weights", "lookback");
        assertThat(fields(thrown(() -> c.indexes().create(me, majors("Numbers").weighting("inverse_volatility").lookback(1)
                .maxWeight(1.5).threshold(1.0).commission(0.2).baseValue(0.0).baseCurrency("U$D").benchmark("b t c").build()))))
                .containsExactlyInAnyOrder("benchmark", "base_value", "base_currency", "commission", "weighting.lookback", "max_weight",
                        "threshold");
        assertThat(fields(thrown(() -> c.indexes().create(me, majors("Lookback").weighting("inverse_volatility").lookback(1001).build()))))
                .containsExactly("lookback");
        assertThat(fields(thrown(() -> c.indexes().create(me, majors("Schedule").schedule("fortnightly").build()))))
                .containsExactly("schedule");
        // every wrong field at once: an unknown weighting or schedule does not hide the engine's rules nor the unknown symbols
        assertThat(fields(thrown(() -> c.indexes().create(me, majors("All at once").universe("BTC", "NOPE").weighting("cap")
                .schedule("fortnightly").commission(0.2).maxWeight(1.5).benchmark("ALSO").lookback(5).weights(Map.of("BTC", 1.0))
                .build())))).containsExactlyInAnyOrder("universe", "weighting", "schedule", "commission", "max_weight", "benchmark");
        assertThat(fields(thrown(() -> c.indexes().create(me, majors("All at once 2").name("").universe("BTC", "NOPE")
                .baseValue(-1.0).threshold(2.0).benchmark("b t c").build()))))
                .containsExactlyInAnyOrder("name", "universe", "base_value", "threshold", "benchmark");
        assertThat(fields(thrown(() -> c.indexes().create(me, majors("Future").startDate(LocalDate.now(ZoneOffset.UTC).plusDays(2))
                .build())))).containsExactly("start_date");

        IndexView ok = c.indexes().create(me, majors("Fixed").weighting("fixed").weights(Map.of("BTC", 0.6, "ETH", 0.4)).build());
        assertThat(ok.weights()).isEqualTo(Map.of("BTC", 0.6, "ETH", 0.4));
        assertThat(ok.lookback()).isNull();
        assertThat(ok.commission()).isEqualTo(0.001);
        assertThat(ok.baseCurrency()).isEqualTo("USD");
        assertThat(thrown(() -> c.indexes().create(me, majors("Fixed").build())).code()).isEqualTo(ErrorCode.DUPLICATE_NAME);

        IndexView iv = c.indexes().update(me, ok.id(), IndexInput.builder().weighting("inverse_volatility").description("vol").build(),
                ok.version());
        assertThat(iv.weights()).isNull();
        assertThat(iv.lookback()).isEqualTo(60);
        assertThat(iv.description()).isEqualTo("vol");
        assertThat(iv.version()).isGreaterThan(ok.version());
        assertThat(iv.universe()).containsExactly("BTC", "ETH");
        assertThat(thrown(() -> c.indexes().update(me, ok.id(), IndexInput.builder().name("Stale").build(), ok.version())).code())
                .isEqualTo(ErrorCode.CONCURRENT_MODIFICATION);
        assertThat(fields(thrown(() -> c.indexes().update(me, ok.id(), IndexInput.builder().universe("NOPE").name("").build(), null))))
                .containsExactly("name", "universe");
        c.indexes().create(me, majors("Taken").build());
        assertThat(thrown(() -> c.indexes().update(me, ok.id(), IndexInput.builder().name("Taken").build(), null)).code())
                .isEqualTo(ErrorCode.DUPLICATE_NAME);
        IndexView renamed = c.indexes().update(me, ok.id(), IndexInput.builder().name("Renamed").build(), null);
        assertThat(renamed.name()).isEqualTo("Renamed");
        assertThat(renamed.weighting()).isEqualTo("inverse_volatility");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theSampleIndexIsSeededOnceWithAQueuedRun(DatabaseKind kind) {
        Clients cs = clients.get(kind);
        BacktestClient c = cs.idle();
        List<IndexView> sample = c.indexes().list(SampleIndexes.SAMPLE_OWNER, PageRequest.first(10)).items();
        assertThat(sample).extracting(IndexView::name).containsExactly(SampleIndexes.SAMPLE_INDEX_NAME);
        assertThat(c.indexes().latestRun(SampleIndexes.SAMPLE_OWNER, sample.get(0).id()).status()).isEqualTo(RunStatus.QUEUED);
        assertThat(c.assets().list(PageRequest.first(10)).items()).extracting(a -> a.symbol()).containsExactly("BTC", "ETH", "EURUSD");
        assertThat(c.assets().marketCaps("BTC", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31))).hasSize(31);
        try (BacktestClient again = client(cs.idleUrl(), 0, Map.of())) {
            assertThat(again.indexes().list(SampleIndexes.SAMPLE_OWNER, PageRequest.first(10)).items()).hasSize(1);
        }
        // with workers the sample run completes
        BacktestClient w = cs.working();
        UUID sampleIndex = w.indexes().list(SampleIndexes.SAMPLE_OWNER, PageRequest.first(1)).items().get(0).id();
        IndexRunView done = awaitFinished(w, SampleIndexes.SAMPLE_OWNER, sampleIndex);
        assertThat(done.status()).as(done.errorMessage()).isEqualTo(RunStatus.COMPLETED);
        assertThat(w.indexes().current(SampleIndexes.SAMPLE_OWNER, sampleIndex).allocations()).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void otherWeightingsRunAndABenchmarkOutsideTheUniverseIsComparedByTheSdk(DatabaseKind kind) {
        BacktestClient c = clients.get(kind).working();
        UUID me = newUser(c);
        IndexView fixed = c.indexes().create(me, majors("Fixed run").weighting("fixed").weights(Map.of("BTC", 0.5, "ETH", 0.3))
                .maxWeight(null).benchmark("EURUSD").schedule("quarterly").threshold(0.1).build());
        IndexView vol = c.indexes().create(me, majors("Vol run").weighting("inverse_volatility").lookback(20).benchmark(null).build());
        c.indexes().run(me, fixed.id());
        c.indexes().run(me, vol.id());
        assertThat(awaitFinished(c, me, fixed.id()).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(awaitFinished(c, me, vol.id()).status()).isEqualTo(RunStatus.COMPLETED);

        IndexCurrent now = c.indexes().current(me, fixed.id());
        double invested = now.allocations().stream().mapToDouble(IndexAllocation::targetWeight).sum();
        assertThat(invested).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.indexes().riskMetrics(me, fixed.id()).beta()).as("EURUSD is not an asset of the run").isNaN();
        IndexBenchmark b = c.indexes().benchmark(me, fixed.id());
        assertThat(b.benchmark()).isEqualTo("EURUSD");
        assertThat(b.beta()).isFinite();
        assertThat(b.correlation()).isBetween(-1.0, 1.0);
        assertThat(b.points().get(0).benchmark()).isEqualTo(b.points().get(0).index());

        assertThat(c.indexes().riskMetrics(me, vol.id()).rebalances()).isPositive();
        assertThat(fields(thrown(() -> c.indexes().benchmark(me, vol.id())))).containsExactly("benchmark");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aRunOverAnAssetWithoutCandlesFails(DatabaseKind kind) {
        BacktestClient c = clients.get(kind).working();
        UUID me = newUser(c);
        String symbol = "NOBARS" + (kind == DatabaseKind.H2 ? "H" : "P");
        c.as(Actor.adminToken(null)).assets().create(new dev.backtest.sdk.asset.AssetInput(symbol, "No bars", "equity", null, null, null,
                null));
        IndexView ix = c.indexes().create(me, majors("No bars").universe(symbol).benchmark(null).weighting("equal").build());
        c.indexes().run(me, ix.id());
        IndexRunView failed = awaitFinished(c, me, ix.id());
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.errorCode()).isEqualTo("SYMBOL_NOT_FOUND");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(thrown(() -> c.indexes().current(me, ix.id())).code()).isEqualTo(ErrorCode.INDEX_RUN_NOT_FOUND);
        assertThat(c.tasks().get(me, failed.id()).status()).isEqualTo(TaskStatus.FAILED);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aFailingAttemptIsRetriedUntilTheAttemptsAreUsedUp(DatabaseKind kind) {
        BacktestClient c = clients.get(kind).idle();
        UUID me = newUser(c);
        IndexView ix = c.indexes().create(me, majors("Flaky").build());
        IndexRunView run = c.indexes().run(me, ix.id());
        dev.backtest.sdk.index.internal.IndexExecutor flaky = new dev.backtest.sdk.index.internal.IndexExecutor(
                dev.backtest.sdk.testing.Internals.database(c), () -> {
                    throw new IllegalStateException("store down");
                }, "flaky-worker", java.time.Clock.systemUTC());
        for (int attempt = 1; attempt < IndexService.MAX_ATTEMPTS; attempt++) {
            assertThat(catchThrowableOfType(IllegalStateException.class, () -> flaky.execute(run.id()))).hasMessage("store down");
            IndexRunView again = c.indexes().latestRun(me, ix.id());
            assertThat(again.status()).isEqualTo(RunStatus.QUEUED);
            assertThat(again.attempts()).isEqualTo(attempt);
            assertThat(again.errorMessage()).contains("attempt " + attempt + " failed: store down");
        }
        flaky.execute(run.id());
        IndexRunView failed = c.indexes().latestRun(me, ix.id());
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.errorCode()).isEqualTo("INTERNAL");
        assertThat(failed.errorMessage()).contains("failed after 3 attempts");
        flaky.execute(run.id()); // a finished run handed over again is ignored
        flaky.execute(UUID.randomUUID()); // so is a run that does not exist
        assertThat(c.indexes().latestRun(me, ix.id())).isEqualTo(failed);

        IndexRunView second = c.indexes().run(me, ix.id());
        c.indexes().delete(me, ix.id());
        flaky.execute(second.id()); // the index was deleted: the run was cancelled with it
        RunStatus afterDelete = dev.backtest.sdk.testing.Internals.database(c).inTransaction(em -> em.find(
                dev.backtest.sdk.index.internal.IndexRun.class, second.id()).getStatus());
        assertThat(afterDelete).isEqualTo(RunStatus.CANCELLED);
        assertThat(thrown(() -> c.tasks().getAny(second.id())).code()).as("gone with its index").isEqualTo(ErrorCode.TASK_NOT_FOUND);
    }
}
