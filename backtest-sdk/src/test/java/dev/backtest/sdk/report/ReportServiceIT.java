package dev.backtest.sdk.report;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.audit.AuditEvent;
import dev.backtest.sdk.audit.AuditFilter;
import dev.backtest.sdk.backtest.BacktestInput;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.json.BacktestJson;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.run.RunResults;
import dev.backtest.sdk.run.RunTiming;
import dev.backtest.sdk.run.RunView;
import dev.backtest.sdk.strategy.StrategyInput;
import dev.backtest.sdk.testing.TestDatabases;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.backtest.sdk.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Run history and saved reports through {@link BacktestClient#runs()} and {@link BacktestClient#reports()}, on PostgreSQL and H2. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportServiceIT {

    private static final RunTiming FAST = new RunTiming(Duration.ofMillis(100), Duration.ofMillis(100), 4, Duration.ofMillis(200));
    private static final LocalDate FIRST = LocalDate.of(2023, 1, 1);
    private static final LocalDate LAST = LocalDate.of(2023, 12, 31);

    @TempDir
    static Path dataDir;
    private final Map<DatabaseKind, BacktestClient> clients = new EnumMap<>(DatabaseKind.class);
    private String postgres;

    @BeforeAll
    void open() {
        postgres = TestDatabases.freshPostgresSchema();
        clients.put(DatabaseKind.POSTGRESQL, client(postgres));
        clients.put(DatabaseKind.H2, client(TestDatabases.freshH2()));
    }

    private static BacktestClient client(String url) {
        return BacktestClient.builder().ignoreEnvironment().embedded(dataDir).databaseUrl(url).sampleData(true)
                .set(ConfigKey.BACKTEST_WORKERS, "2").runTiming(FAST).build();
    }

    @AfterAll
    void close() {
        clients.values().forEach(BacktestClient::close);
        TestDatabases.dropSchema(postgres);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void everyRunIsKeptAndReadableByIdNewestFirst(DatabaseKind kind) {
        BacktestClient c = clients.get(kind);
        UUID me = user(c);
        UUID bob = user(c);
        UUID backtest = backtest(c, me, 5, 20);
        RunView first = run(c, me, backtest);
        c.backtests().update(me, backtest, new BacktestInput(null, null, null, null, null, null, null, null, Map.of("slow", 30)));
        RunView second = run(c, me, backtest);

        Page<RunView> runs = c.runs().list(me, backtest, PageRequest.first(10));
        assertThat(runs.total()).isEqualTo(2);
        assertThat(runs.items()).extracting(RunView::id).containsExactly(second.id(), first.id());
        assertThat(c.runs().list(me, backtest, new PageRequest(1, 0, PageRequest.Sort.CREATED_AT)).items())
                .extracting(RunView::id).containsExactly(first.id());
        assertThat(c.runs().get(me, backtest, first.id()).status()).isEqualTo("completed");

        RunResults older = c.runs().results(me, backtest, first.id(), 10_000, PageRequest.first(200));
        RunResults newer = c.runs().results(me, backtest, second.id(), 10_000, PageRequest.first(200));
        assertThat(older.runId()).isEqualTo(first.id());
        assertThat(newer.runId()).isEqualTo(second.id());
        assertThat(c.runs().results(me, backtest, 10_000, PageRequest.first(200)).runId()).isEqualTo(second.id());
        assertThat(older.stats()).as("the older run keeps its own results").isNotEqualTo(newer.stats());
        assertThat(c.runs().report(me, backtest, first.id())).startsWith("<!DOCTYPE html>").contains("id=\"equity-chart\"");

        UUID other = backtest(c, me, 5, 20);
        assertThat(code(() -> c.runs().get(me, other, first.id()))).isEqualTo(ErrorCode.RUN_NOT_FOUND);
        assertThat(code(() -> c.runs().results(me, other, first.id(), 10, PageRequest.first(1)))).isEqualTo(ErrorCode.RUN_NOT_FOUND);
        assertThat(code(() -> c.runs().report(me, backtest, UUID.randomUUID()))).isEqualTo(ErrorCode.RUN_NOT_FOUND);
        assertThat(c.runs().list(me, other, PageRequest.first(10)).total()).isZero();
        assertThat(code(() -> c.runs().list(bob, backtest, PageRequest.first(10)))).isEqualTo(ErrorCode.BACKTEST_NOT_FOUND);
        assertThat(code(() -> c.runs().get(bob, backtest, first.id()))).isEqualTo(ErrorCode.BACKTEST_NOT_FOUND);
        assertThat(code(() -> c.runs().results(bob, backtest, first.id(), 10, PageRequest.first(1)))).isEqualTo(ErrorCode.BACKTEST_NOT_FOUND);
        assertThat(code(() -> c.runs().report(bob, backtest, first.id()))).isEqualTo(ErrorCode.BACKTEST_NOT_FOUND);
        assertThat(code(() -> c.runs().results(me, backtest, first.id(), 1, PageRequest.first(1)))).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void periodReturnsEqualAnIndependentComputationAndExportAlike(DatabaseKind kind) throws IOException {
        BacktestClient c = clients.get(kind);
        UUID me = user(c);
        UUID backtest = backtest(c, me, 5, 20);
        RunView run = run(c, me, backtest);
        LocalDate start = LocalDate.of(2023, 2, 15);
        LocalDate end = LocalDate.of(2023, 11, 20);

        ReportView r = c.reports().create(me, new ReportRequest("period_returns", null, backtest, null, start, end));
        assertThat(r.type()).isEqualTo("period_returns");
        assertThat(r.runId()).isEqualTo(run.id());
        assertThat(r.startDate()).isEqualTo(start);
        assertThat(r.endDate()).isEqualTo(end);
        assertThat(r.contentVersion()).isEqualTo(ReportService.CONTENT_VERSION);
        assertThat(r.sourceFingerprint()).matches("[0-9a-f]{64}");
        assertThat(r.title()).contains("Period returns");

        RunResults results = c.runs().results(me, backtest, run.id(), 10_000, PageRequest.first(1));
        Expected expected = independently(results.equity(), start, end);
        List<ReportContent.PeriodReturn> monthly = r.content().monthly();
        assertThat(monthly).extracting(ReportContent.PeriodReturn::period).containsExactlyElementsOf(expected.monthly().keySet());
        assertThat(monthly.get(0).period()).isEqualTo("2023-02");
        assertThat(monthly.get(monthly.size() - 1).period()).isEqualTo("2023-11");
        for (ReportContent.PeriodReturn m : monthly) {
            assertThat(m.returnPct()).as(m.period()).isCloseTo(expected.monthly().get(m.period()), within(1e-9));
        }
        assertThat(r.content().yearly()).singleElement().satisfies(y -> {
            assertThat(y.period()).isEqualTo("2023");
            assertThat(y.returnPct()).isCloseTo(expected.year(), within(1e-9));
            assertThat(y.returnPct()).isCloseTo(r.content().summary().returnPct(), within(1e-9));
        });
        double compounded = 1;
        for (ReportContent.PeriodReturn m : monthly) {
            compounded *= 1 + m.returnPct() / 100;
        }
        assertThat((compounded - 1) * 100).as("months compound to the year").isCloseTo(expected.year(), within(1e-6));
        assertThat(r.content().equity().time()).isEmpty();
        assertThat(r.content().trades()).isEmpty();

        assertThat(c.reports().get(me, r.id())).usingRecursiveComparison().isEqualTo(r);
        ReportExport csv = c.reports().export(me, r.id(), ReportFormat.CSV);
        assertThat(csv.mediaType()).startsWith("text/csv");
        assertThat(csv.fileName()).isEqualTo("report-" + r.id() + ".csv");
        assertThat(csv.body()).contains("\r\n");
        List<CSVRecord> rows = parse(csv.body());
        assertThat(rows).hasSize(monthly.size() + 1);
        for (int i = 0; i < monthly.size(); i++) {
            CSVRecord row = rows.get(i);
            assertThat(row.get("kind")).isEqualTo("month");
            assertThat(row.get("period")).isEqualTo(monthly.get(i).period());
            assertThat(LocalDate.parse(row.get("start"))).isEqualTo(monthly.get(i).start());
            assertThat(Double.parseDouble(row.get("return_pct"))).isEqualTo(monthly.get(i).returnPct());
        }
        assertThat(rows.get(monthly.size()).get("kind")).isEqualTo("year");

        String json = c.reports().export(me, r.id(), ReportFormat.JSON).body();
        assertThat(BacktestJson.newMapper().readValue(json, ReportView.class)).usingRecursiveComparison().isEqualTo(r);

        String html = c.reports().export(me, r.id(), ReportFormat.HTML).body();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("id=\"returns\"", "data-period=\"2023-03\"", r.sourceFingerprint())
                .doesNotContain("<link", "@import", "url(", "src=");   // self-contained: its scripts and styles are inline
        assertThat(html.replace("https://github.com/leeoniya/uPlot", "")).doesNotContain("http://", "https://");
        for (ReportContent.PeriodReturn m : monthly) {
            assertThat(html).contains(">" + Display.number(m.returnPct()) + "</td>");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void backtestSummaryKeepsTheRunItWasBuiltFromAndExportsItsTrades(DatabaseKind kind) throws IOException {
        BacktestClient c = clients.get(kind);
        UUID me = user(c);
        UUID backtest = backtest(c, me, 5, 20);
        RunView first = run(c, me, backtest);
        run(c, me, backtest);

        ReportView whole = c.reports().create(me, new ReportRequest("backtest_summary", "  All of 2023  ", backtest, first.id(), null, null));
        assertThat(whole.title()).isEqualTo("All of 2023");
        assertThat(whole.runId()).isEqualTo(first.id());
        assertThat(whole.startDate()).isEqualTo(FIRST);
        assertThat(whole.endDate()).isEqualTo(LAST);
        RunResults results = c.runs().results(me, backtest, first.id(), 10_000, PageRequest.first(200));
        ReportContent.Summary s = whole.content().summary();
        assertThat(s.bars()).isEqualTo(results.barCount());
        assertThat(s.trades()).isEqualTo(results.trades().total()).isPositive();
        assertThat(s.endEquity()).isEqualTo(results.stats().path("equity_final").asDouble());
        assertThat(s.returnPct()).isCloseTo(results.stats().path("return_pct").asDouble(), within(1e-9));
        assertThat(s.maxDrawdownPct()).isCloseTo(results.stats().path("max_drawdown_pct").asDouble(), within(1e-9));
        assertThat(whole.content().source().symbol()).isEqualTo("BTC");
        assertThat(whole.content().source().parameters()).containsEntry("fast", 5).containsEntry("slow", 20);
        assertThat(whole.content().equity().time()).hasSizeLessThanOrEqualTo(ReportService.MAX_EQUITY_POINTS);

        ReportView again = c.reports().create(me, new ReportRequest("backtest_summary", null, backtest, first.id(), null, null));
        assertThat(again.sourceFingerprint()).as("same inputs, same fingerprint").isEqualTo(whole.sourceFingerprint());
        assertThat(again.content()).usingRecursiveComparison().isEqualTo(whole.content());

        LocalDate start = LocalDate.of(2023, 6, 1);
        ReportView half = c.reports().create(me, new ReportRequest("backtest_summary", null, backtest, first.id(), start, LAST));
        List<RunResults.TradeRow> closedInPeriod = results.trades().items().stream()
                .filter(t -> !t.exitTime().toLocalDate().isBefore(start)).toList();
        assertThat(half.content().trades()).isEqualTo(closedInPeriod);

        List<CSVRecord> rows = parse(c.reports().export(me, half.id(), ReportFormat.CSV).body());
        assertThat(rows).hasSize(closedInPeriod.size());
        for (int i = 0; i < rows.size(); i++) {
            RunResults.TradeRow t = closedInPeriod.get(i);
            assertThat(Integer.parseInt(rows.get(i).get("seq"))).isEqualTo(t.seq());
            assertThat(Instant.parse(rows.get(i).get("exit_time"))).isEqualTo(t.exitTime().toInstant());
            assertThat(new BigDecimal(rows.get(i).get("pnl"))).isEqualByComparingTo(t.pnl());
        }
        String html = ReportExports.html(half);
        assertThat(html).contains("id=\"equity-chart\"", "id=\"drawdown-chart\"", "id=\"trades\"", "id=\"returns\"",
                Display.number(half.content().summary().endEquity()), Display.number(closedInPeriod.get(0).pnl().doubleValue()));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void refusesEveryInvalidFieldAtOnce(DatabaseKind kind) {
        BacktestClient c = clients.get(kind);
        UUID me = user(c);
        assertThat(fields(() -> c.reports().create(me, new ReportRequest(null, "x".repeat(201), null, null,
                LocalDate.of(2023, 5, 1), LocalDate.of(2023, 4, 1))))).containsExactly("type", "title", "backtest_id", "end_date");
        assertThat(fields(() -> c.reports().create(me, null))).containsExactly("type", "backtest_id");
        assertThat(fields(() -> c.reports().create(me, new ReportRequest("monthly", "a\u0001b", UUID.randomUUID(), null, null, null))))
                .containsExactly("type", "title");
        // an index report names its index, not a backtest
        assertThat(fields(() -> c.reports().create(me, new ReportRequest("index_performance", null, UUID.randomUUID(),
                null, null, null)))).containsExactly("index_id", "backtest_id");

        UUID backtest = backtest(c, me, 5, 20);
        assertThat(code(() -> c.reports().create(me, new ReportRequest("period_returns", null, backtest, null, null, null))))
                .as("never run").isEqualTo(ErrorCode.RUN_NOT_FOUND);
        run(c, me, backtest);
        assertThat(fields(() -> c.reports().create(me, new ReportRequest("period_returns", null, backtest, null,
                LocalDate.of(2022, 12, 1), LocalDate.of(2024, 1, 31))))).containsExactly("start_date", "end_date");
        assertThat(fields(() -> c.reports().create(me, new ReportRequest("period_returns", null, backtest, null,
                LocalDate.of(2024, 1, 2), null)))).containsExactly("start_date", "end_date");
        assertThat(code(() -> c.reports().create(me, new ReportRequest("period_returns", null, backtest, UUID.randomUUID(), null, null))))
                .isEqualTo(ErrorCode.RUN_NOT_FOUND);
        assertThat(code(() -> c.reports().export(me, UUID.randomUUID(), ReportFormat.CSV))).isEqualTo(ErrorCode.REPORT_NOT_FOUND);
        assertThat(code(() -> ReportFormat.parse("pdf"))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(ReportFormat.parse(null)).isEqualTo(ReportFormat.HTML);
        assertThat(ReportFormat.parse(" CSV ")).isEqualTo(ReportFormat.CSV);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anotherUsersReportsBacktestsAndRunsAnswerLikeMissingOnes(DatabaseKind kind) {
        BacktestClient c = clients.get(kind);
        UUID alice = user(c);
        UUID bob = user(c);
        UUID backtest = backtest(c, alice, 5, 20);
        RunView run = run(c, alice, backtest);
        ReportView r = c.reports().create(alice, new ReportRequest("period_returns", null, backtest, run.id(), null, null));

        assertThat(code(() -> c.reports().get(bob, r.id()))).isEqualTo(ErrorCode.REPORT_NOT_FOUND);
        assertThat(code(() -> c.reports().export(bob, r.id(), ReportFormat.JSON))).isEqualTo(ErrorCode.REPORT_NOT_FOUND);
        assertThat(code(() -> c.reports().delete(bob, r.id()))).isEqualTo(ErrorCode.REPORT_NOT_FOUND);
        assertThat(code(() -> c.reports().create(bob, new ReportRequest("period_returns", null, backtest, run.id(), null, null))))
                .isEqualTo(ErrorCode.BACKTEST_NOT_FOUND);
        UUID bobs = backtest(c, bob, 5, 20);
        assertThat(code(() -> c.reports().create(bob, new ReportRequest("period_returns", null, bobs, run.id(), null, null))))
                .as("alice's run under bob's backtest").isEqualTo(ErrorCode.RUN_NOT_FOUND);
        assertThat(c.reports().list(bob, PageRequest.first(10)).total()).isZero();

        ReportView second = c.reports().create(alice, new ReportRequest("backtest_summary", "b", backtest, null, null, null));
        Page<ReportView> mine = c.reports().list(alice, PageRequest.first(10));
        assertThat(mine.items()).extracting(ReportView::id).containsExactly(second.id(), r.id());
        assertThat(mine.items()).allSatisfy(v -> assertThat(v.content()).isNull());
        assertThat(mine.items().get(0)).isEqualTo(second.withoutContent());

        c.reports().delete(alice, r.id());
        assertThat(code(() -> c.reports().get(alice, r.id()))).isEqualTo(ErrorCode.REPORT_NOT_FOUND);
        assertThat(code(() -> c.reports().delete(alice, r.id()))).isEqualTo(ErrorCode.REPORT_NOT_FOUND);
        assertThat(c.reports().list(alice, PageRequest.first(10)).items()).extracting(ReportView::id).containsExactly(second.id());
        List<AuditEvent> events = c.audit().list(alice, AuditFilter.parse("report", null, null), PageRequest.first(10)).items();
        assertThat(events).extracting(AuditEvent::action).containsExactly("report.delete", "report.create", "report.create");
        assertThat(events.get(0).resourceId()).isEqualTo(r.id().toString());
        assertThat(events.get(2).changedFields()).containsExactly("type", "backtest_id", "run_id");
    }

    /** Monthly returns computed here without the SDK's grouping: each month's last equity over the previous month's. */
    private record Expected(Map<String, Double> monthly, double year) {
    }

    private static Expected independently(RunResults.EquityCurve curve, LocalDate start, LocalDate end) {
        Map<YearMonth, Double> lastOfMonth = new LinkedHashMap<>();
        double first = Double.NaN;
        double last = Double.NaN;
        for (int i = 0; i < curve.time().length; i++) {
            LocalDate day = Instant.ofEpochSecond(curve.time()[i]).atZone(ZoneOffset.UTC).toLocalDate();
            if (day.isBefore(start) || day.isAfter(end)) {
                continue;
            }
            if (Double.isNaN(first)) {
                first = curve.equity()[i];
            }
            last = curve.equity()[i];
            lastOfMonth.put(YearMonth.from(day), last);
        }
        Map<String, Double> monthly = new LinkedHashMap<>();
        double previous = first;
        for (Map.Entry<YearMonth, Double> m : lastOfMonth.entrySet()) {
            monthly.put(m.getKey().toString(), (m.getValue() / previous - 1) * 100);
            previous = m.getValue();
        }
        return new Expected(monthly, (last / first - 1) * 100);
    }

    private static List<CSVRecord> parse(String csv) throws IOException {
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv))) {
            return new ArrayList<>(p.getRecords());
        }
    }

    private static UUID user(BacktestClient c) {
        UUID id = UUID.randomUUID();
        c.users().ensure(id, id + "@example.com");
        return id;
    }

    private static UUID backtest(BacktestClient c, UUID user, int fast, int slow) {
        var s = c.strategies().create(user, new StrategyInput("cross " + UUID.randomUUID(), null, "sma_cross",
                Map.of("fast", fast, "slow", slow), false));
        return c.backtests().create(user, new BacktestInput("bt " + UUID.randomUUID(), s.id().toString(), "BTC", "1d", FIRST, LAST,
                new BigDecimal("1000000"), new BigDecimal("0.002"), Map.of())).id();
    }

    private static RunView run(BacktestClient c, UUID user, UUID backtest) {
        RunView started = c.runs().start(user, backtest);
        await(() -> c.runs().get(user, backtest, started.id()).finished());
        RunView done = c.runs().get(user, backtest, started.id());
        assertThat(done.status()).as(done.toString()).isEqualTo("completed");
        return done;
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

    @SuppressWarnings("unchecked")
    private static List<String> fields(Runnable call) {
        BacktestException e = thrown(call);
        assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        return ((List<FieldError>) e.details().get("errors")).stream().map(FieldError::field).toList();
    }
}
