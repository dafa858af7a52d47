package dev.backtest.sdk.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.index.IndexHistory;
import dev.backtest.sdk.index.IndexInput;
import dev.backtest.sdk.index.IndexRunView;
import dev.backtest.sdk.index.IndexService;
import dev.backtest.sdk.index.IndexValue;
import dev.backtest.sdk.index.IndexView;
import dev.backtest.sdk.json.BacktestJson;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.run.RunStatus;
import dev.backtest.sdk.run.RunTiming;
import dev.backtest.sdk.testing.Await;
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

import java.io.StringReader;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * index_performance reports on H2 and PostgreSQL: built from the index's latest completed run over a period, its values
 * equal to the stored run's, its returns against a computation of this test, reproducible, exported as CSV (parsed
 * back), HTML and JSON; ownership, a missing run and the request's fields.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexReportIT {

    private static final RunTiming FAST = new RunTiming(Duration.ofMillis(100), Duration.ofMillis(100), 4, Duration.ofMillis(200));
    private static final LocalDate START = LocalDate.of(2023, 3, 1);
    private static final LocalDate FROM = LocalDate.of(2023, 6, 10);
    private static final LocalDate TO = LocalDate.of(2024, 2, 20);

    @TempDir
    static Path dataDir;
    private final Map<DatabaseKind, BacktestClient> clients = new EnumMap<>(DatabaseKind.class);
    private final List<String> schemas = new ArrayList<>();

    @BeforeAll
    void open() {
        for (DatabaseKind kind : DatabaseKind.values()) {
            String url = kind == DatabaseKind.H2 ? TestDatabases.freshH2() : TestDatabases.freshPostgresSchema();
            if (kind != DatabaseKind.H2) {
                schemas.add(url);
            }
            clients.put(kind, BacktestClient.builder().ignoreEnvironment().embedded(dataDir).databaseUrl(url).sampleData(true)
                    .set(ConfigKey.BACKTEST_WORKERS, "2").runTiming(FAST).build());
        }
    }

    @AfterAll
    void close() {
        clients.values().forEach(BacktestClient::close);
        schemas.forEach(TestDatabases::dropSchema);
    }

    private static UUID newUser(BacktestClient c) {
        UUID id = UUID.randomUUID();
        c.users().ensure(id, id + "@example.com");
        return id;
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

    private static ReportRequest request(UUID indexId, LocalDate start, LocalDate end) {
        return new ReportRequest("index_performance", null, null, null, start, end, indexId);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anIndexReportIsItsStoredRunOverThePeriod(DatabaseKind kind) throws Exception {
        BacktestClient c = clients.get(kind);
        UUID me = newUser(c);
        IndexView ix = c.indexes().create(me, IndexInput.builder().name("Majors").universe("BTC", "ETH").weighting("market_cap")
                .maxWeight(0.7).schedule("monthly").benchmark("BTC").baseValue(1000.0).startDate(START).build());
        assertThat(thrown(() -> c.reports().create(me, request(ix.id(), null, null))).code()).isEqualTo(ErrorCode.INDEX_RUN_NOT_FOUND);
        c.indexes().run(me, ix.id());
        Await.await(() -> c.indexes().latestRun(me, ix.id()).status().finished(), Duration.ofSeconds(120));
        IndexRunView done = c.indexes().latestRun(me, ix.id());
        assertThat(done.status()).as(done.errorMessage()).isEqualTo(RunStatus.COMPLETED);

        // ownership, the request's fields
        UUID other = newUser(c);
        assertThat(thrown(() -> c.reports().create(other, request(ix.id(), null, null))).code()).isEqualTo(ErrorCode.INDEX_NOT_FOUND);
        assertThat(thrown(() -> c.reports().create(me, request(UUID.randomUUID(), null, null))).code()).isEqualTo(ErrorCode.INDEX_NOT_FOUND);
        assertThat(fields(thrown(() -> c.reports().create(me, request(null, TO, FROM))))).containsExactly("index_id", "end_date");
        assertThat(fields(thrown(() -> c.reports().create(me, new ReportRequest("index_performance", null, UUID.randomUUID(), null, null,
                null, ix.id()))))).containsExactly("backtest_id");
        assertThat(fields(thrown(() -> c.reports().create(me, new ReportRequest("period_returns", null, UUID.randomUUID(), null, null,
                null, ix.id()))))).containsExactly("index_id");
        assertThat(fields(thrown(() -> c.reports().create(me, request(ix.id(), START.minusDays(1), null))))).containsExactly("start_date");

        ReportView r = c.reports().create(me, request(ix.id(), FROM, TO));
        assertThat(r.type()).isEqualTo("index_performance");
        assertThat(r.indexId()).isEqualTo(ix.id());
        assertThat(r.runId()).isEqualTo(done.id());
        assertThat(r.backtestId()).isNull();
        assertThat(r.startDate()).isEqualTo(FROM);
        assertThat(r.endDate()).isEqualTo(TO);
        assertThat(r.title()).isEqualTo("Index performance · Majors · " + FROM + " to " + TO);
        assertThat(r.sourceFingerprint()).matches("[0-9a-f]{64}");
        assertThat(c.reports().get(me, r.id())).usingRecursiveComparison().isEqualTo(r);
        assertThat(c.reports().list(me, PageRequest.first(10)).items()).extracting(ReportView::id).containsExactly(r.id());

        // the values are the stored run's in the period
        IndexHistory stored = c.indexes().history(me, ix.id(), FROM, TO, IndexService.MAX_POINTS);
        List<IndexValue> values = stored.values();
        ReportContent content = r.content();
        assertThat(content.source()).isNull();
        assertThat(content.equity().equity()).containsExactly(values.stream().mapToDouble(IndexValue::value).toArray());
        assertThat(content.equity().time()).containsExactly(values.stream()
                .mapToLong(v -> v.date().atStartOfDay(ZoneOffset.UTC).toEpochSecond()).toArray());
        assertThat(content.summary().bars()).isEqualTo(values.size());
        assertThat(content.summary().returnPct()).isCloseTo((values.get(values.size() - 1).value() / values.get(0).value() - 1) * 100,
                within(1e-9));
        assertThat(content.trades()).isEmpty();

        // monthly and yearly returns against a computation of this test: each period's last value over the one before
        Map<YearMonth, Double> lastOfMonth = new LinkedHashMap<>();
        Map<Integer, Double> lastOfYear = new LinkedHashMap<>();
        values.forEach(v -> {
            lastOfMonth.put(YearMonth.from(v.date()), v.value());
            lastOfYear.put(v.date().getYear(), v.value());
        });
        List<Double> monthly = new ArrayList<>();
        double base = values.get(0).value();
        for (double end : lastOfMonth.values()) {
            monthly.add((end / base - 1) * 100);
            base = end;
        }
        assertThat(content.monthly()).extracting(ReportContent.PeriodReturn::period)
                .containsExactlyElementsOf(lastOfMonth.keySet().stream().map(YearMonth::toString).toList());
        for (int i = 0; i < monthly.size(); i++) {
            assertThat(content.monthly().get(i).returnPct()).isCloseTo(monthly.get(i), within(1e-9));
        }
        assertThat(content.yearly()).extracting(ReportContent.PeriodReturn::period).containsExactly("2023", "2024");
        assertThat(content.yearly().get(0).returnPct()).isCloseTo((lastOfYear.get(2023) / values.get(0).value() - 1) * 100, within(1e-9));
        assertThat(content.yearly().get(1).returnPct()).isCloseTo((lastOfYear.get(2024) / lastOfYear.get(2023) - 1) * 100, within(1e-9));

        // the benchmark over the period and the risk metrics of the period
        ReportContent.IndexPerformance index = content.index();
        assertThat(index.indexId()).isEqualTo(ix.id());
        assertThat(index.runId()).isEqualTo(done.id());
        assertThat(index.indexName()).isEqualTo("Majors");
        assertThat(index.universe()).containsExactly("BTC", "ETH");
        assertThat(index.benchmark().symbol()).isEqualTo("BTC");
        assertThat(index.benchmark().points()).isNotEmpty()
                .allSatisfy(p -> assertThat(p.date()).isBetween(FROM, TO));
        assertThat(index.benchmark().points().get(0).benchmark()).isCloseTo(index.benchmark().points().get(0).index(), within(1e-9));
        assertThat(index.benchmark().excessReturnPct()).isCloseTo(index.benchmark().indexReturnPct()
                - index.benchmark().benchmarkReturnPct(), within(1e-9));
        assertThat(index.benchmark().correlation()).isBetween(-1.0, 1.0);
        assertThat(index.riskMetrics().get("return_pct")).isCloseTo(content.summary().returnPct(), within(1e-9));
        assertThat(Math.abs(index.riskMetrics().get("max_drawdown_pct"))).isCloseTo(Math.abs(content.summary().maxDrawdownPct()), within(1e-9));
        assertThat(index.riskMetrics()).containsKeys("volatility_ann_pct", "sharpe_ratio");

        // reproducible: the same source gives the same fingerprint and content
        ReportView again = c.reports().create(me, request(ix.id(), FROM, TO));
        assertThat(again.sourceFingerprint()).isEqualTo(r.sourceFingerprint());
        assertThat(again.content()).usingRecursiveComparison().isEqualTo(r.content());

        // a period of one value: its figures, no risk metrics, an undefined comparison
        ReportView day = c.reports().create(me, request(ix.id(), FROM, FROM));
        assertThat(day.content().summary().bars()).isEqualTo(1);
        assertThat(day.content().summary().returnPct()).isZero();
        assertThat(day.content().index().riskMetrics()).isEmpty();
        assertThat(day.content().index().benchmark().trackingErrorAnnPct()).isNull();
        assertThat(c.reports().export(me, day.id(), ReportFormat.HTML).body()).contains("id=\"index-chart\"");

        // CSV: a row a day, then the months and years
        ReportExport csv = c.reports().export(me, r.id(), ReportFormat.CSV);
        List<CSVRecord> rows;
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv.body()))) {
            assertThat(p.getHeaderNames()).containsExactly(ReportExports.RETURN_COLUMNS);
            rows = p.getRecords();
        }
        List<CSVRecord> days = rows.stream().filter(x -> x.get("kind").equals("day")).toList();
        assertThat(days).hasSize(values.size());
        for (int i = 0; i < days.size(); i++) {
            assertThat(days.get(i).get("period")).isEqualTo(values.get(i).date().toString());
            assertThat(Double.parseDouble(days.get(i).get("end_equity"))).isEqualTo(values.get(i).value());
        }
        assertThat(rows.stream().filter(x -> x.get("kind").equals("month")).map(x -> Double.parseDouble(x.get("return_pct"))).toList())
                .containsExactlyElementsOf(content.monthly().stream().map(ReportContent.PeriodReturn::returnPct).toList());
        assertThat(rows.stream().filter(x -> x.get("kind").equals("year")).count()).isEqualTo(2);

        String html = c.reports().export(me, r.id(), ReportFormat.HTML).body();
        assertThat(html).contains("Index performance · Majors", "id=\"index-chart\"", "BTC (rebased)", "id=\"returns\"",
                r.sourceFingerprint());
        JsonNode json = BacktestJson.newMapper().readTree(c.reports().export(me, r.id(), ReportFormat.JSON).body());
        assertThat(json.path("index_id").asText()).isEqualTo(ix.id().toString());
        assertThat(json.path("content").path("index").path("risk_metrics").has("sharpe_ratio")).isTrue();
        assertThat(json.path("content").path("equity").path("equity").size()).isEqualTo(values.size());
        assertThat(Instant.ofEpochSecond(json.path("content").path("equity").path("time").get(0).asLong())
                .atOffset(ZoneOffset.UTC).toLocalDate()).isEqualTo(values.get(0).date());
    }
}
