package dev.backtest.sdk.marketdata.internal;

import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.run.RunTiming;
import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.testing.Await;
import dev.backtest.sdk.testing.Internals;
import dev.backtest.sdk.testing.TestDatabases;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.backtest.sdk.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scheduled refresh of the watchlist: on the run queue's scheduler as a recurring task, once on start unless told
 * not to, then every interval; off without sources or watchlist; one instance at a time on a shared database.
 */
class ScheduledRefreshIT {

    private static final RunTiming FAST = new RunTiming(Duration.ofMillis(100), Duration.ofMillis(100), 4, Duration.ofMillis(200));
    private static final Instant NOW = Instant.parse("2025-02-01T12:00:00Z");

    @TempDir
    Path dir;
    private final List<BacktestClient> clients = new ArrayList<>();
    private String postgresUrl;

    @AfterEach
    void close() {
        clients.forEach(BacktestClient::close);
        if (postgresUrl != null) {
            TestDatabases.dropSchema(postgresUrl);
        }
    }

    private static FakeBarSource source() {
        long from = NOW.minus(Duration.ofHours(2)).getEpochSecond();
        return new FakeBarSource("binance", BarResolution.MINUTE).serving(FakeBarSource.minutes(from, NOW.getEpochSecond(), 100));
    }

    private BacktestClient.Builder watching(FakeBarSource source) {
        return BacktestClient.builder().ignoreEnvironment().embedded(dir.resolve("data")).clock(new MutableClock(NOW))
                .set(ConfigKey.DATA_SOURCES, "binance").set(ConfigKey.REFRESH_SYMBOLS, "SCH:binance:SCHUSDT")
                .sources(Map.of("binance", source)).runTiming(FAST);
    }

    private BacktestClient open(BacktestClient.Builder builder) {
        BacktestClient client = builder.build();
        clients.add(client);
        return client;
    }

    private static List<List<Object>> rows(BacktestClient client, String sql) {
        try (Connection c = Internals.database(client).dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            List<List<Object>> out = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Instant> nextRefresh(BacktestClient client) {
        try (Connection c = Internals.database(client).dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT execution_time FROM scheduled_tasks WHERE task_name = '"
                     + ScheduledRefresh.TASK_NAME + "'")) {
            return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theEmbeddedClientRefreshesTheWatchlistOnStartAndThenEveryInterval() {
        FakeBarSource source = source();

        BacktestClient client = open(watching(source).refreshInterval(Duration.ofMillis(300)));

        await(() -> source.requests.size() >= 3, Duration.ofSeconds(30));
        assertThat(source.requests.get(0).from()).as("the first refresh starts at the history start")
                .isEqualTo(Instant.parse("2023-02-01T12:00:00Z"));
        assertThat(source.requests.get(0).providerSymbol()).isEqualTo("SCHUSDT");
        assertThat(source.requests.get(2).from()).as("later ones from the last stored bar minus the overlap")
                .isEqualTo(NOW.minus(Duration.ofMinutes(61)));
        assertThat(client.candles().symbol("SCH").between(NOW.minus(Duration.ofHours(2)), NOW).timeframe(Timeframe.M1).count())
                .isEqualTo(120);
        await(() -> rows(client, "SELECT id FROM data_tasks WHERE kind = 'refresh' AND status = 'completed' AND user_id IS NULL")
                .size() >= 2);
        assertThat(rows(client, "SELECT symbols FROM data_tasks")).allSatisfy(row -> assertThat(row).containsExactly("SCH"));
        assertThat(source.mostInFlight.get()).isEqualTo(1);
    }

    @Test
    void skipsTheRefreshOnStartWhenToldAndSchedulesItOneIntervalLater() {
        FakeBarSource source = source();

        BacktestClient client = open(watching(source).set(ConfigKey.SKIP_STARTUP_REFRESH, "true"));

        Instant started = Instant.now();
        await(() -> nextRefresh(client).isPresent());
        assertThat(nextRefresh(client).orElseThrow()).isAfter(started.plus(Duration.ofMinutes(55)));
        assertThat(source.requests).isEmpty();
    }

    @Test
    void staysOfflineWithoutAnEnabledSourceOrAWatchlist() {
        FakeBarSource source = source();

        BacktestClient defaults = open(BacktestClient.builder().ignoreEnvironment().embedded(dir.resolve("defaults"))
                .sources(Map.of("binance", source)).runTiming(FAST));
        BacktestClient noWatchlist = open(BacktestClient.builder().ignoreEnvironment().embedded(dir.resolve("no-watchlist"))
                .set(ConfigKey.DATA_SOURCES, "binance").sources(Map.of("binance", source)).runTiming(FAST));

        for (BacktestClient client : List.of(defaults, noWatchlist)) {
            assertThat(nextRefresh(client)).isEmpty();
            assertThat(client.queueDepth()).isEmpty();
            assertThat(rows(client, "SELECT id FROM data_tasks")).isEmpty();
        }
        assertThat(defaults.sources()).containsOnlyKeys("binance");
        assertThat(source.requests).isEmpty();
    }

    @Test
    void onlyOneInstanceRefreshesAtATimeOnASharedDatabase() {
        postgresUrl = TestDatabases.freshPostgresSchema();
        FakeBarSource source = source().onFetch(request -> Await.sleep(Duration.ofMillis(150)));

        open(watching(source).databaseUrl(postgresUrl).refreshInterval(Duration.ofMillis(100)));
        open(watching(source).databaseUrl(postgresUrl).refreshInterval(Duration.ofMillis(100)));

        await(() -> source.requests.size() >= 8, Duration.ofSeconds(60));
        assertThat(source.mostInFlight.get()).as("refreshes running at the same time").isEqualTo(1);
        assertThat(rows(clients.get(0), "SELECT count(*) FROM scheduled_tasks WHERE task_name = '" + ScheduledRefresh.TASK_NAME + "'"))
                .containsExactly(List.<Object>of(1L));
    }

    @Test
    void theWatchlistIsRefreshedFromYahooAsConfiguredThroughItsHttpApi() {
        WireMockServer yahoo = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        yahoo.start();
        try {
            // five New York sessions (09:30 = 14:30 UTC) in the daily chart format, with adjusted closes apart
            long[] sessions = {1737988200L, 1738074600L, 1738161000L, 1738247400L, 1738333800L};   // 2025-01-27..31 14:30 UTC
            yahoo.stubFor(get(urlPathEqualTo("/v8/finance/chart/SPY")).willReturn(okJson("""
                    {"chart":{"result":[{"meta":{"currency":"USD","symbol":"SPY","exchangeTimezoneName":"America/New_York",
                    "gmtoffset":-18000},"timestamp":%s,"indicators":{"quote":[{"open":[600.1,601.2,602.3,603.4,604.5],
                    "high":[605,606,607,608,609],"low":[595,596,597,598,599],"close":[601,602,603,604,605],
                    "volume":[1000,2000,3000,4000,5000]}],"adjclose":[{"adjclose":[600,601,602,603,604]}]}}],"error":null}}"""
                    .formatted(java.util.Arrays.toString(sessions)))));

            BacktestClient client = open(BacktestClient.builder().ignoreEnvironment().embedded(dir.resolve("data"))
                    .clock(new MutableClock(NOW)).runTiming(FAST).refreshInterval(Duration.ofMillis(300))
                    .set(ConfigKey.DATA_SOURCES, "yahoo").set(ConfigKey.YAHOO_BASE_URL, "http://127.0.0.1:" + yahoo.port())
                    .set(ConfigKey.REFRESH_SYMBOLS, "SPY:yahoo@1d"));

            await(() -> yahoo.findAll(getRequestedFor(urlPathEqualTo("/v8/finance/chart/SPY"))).size() >= 2, Duration.ofSeconds(30));
            var requests = yahoo.findAll(getRequestedFor(urlPathEqualTo("/v8/finance/chart/SPY")));
            assertThat(requests.get(0).queryParameter("interval").firstValue()).isEqualTo("1d");
            assertThat(Long.parseLong(requests.get(0).queryParameter("period1").firstValue()))
                    .as("the first refresh reaches 20 years back, a day wider").isEqualTo(Instant.parse("2005-01-31T00:00:00Z").getEpochSecond());
            assertThat(Long.parseLong(requests.get(1).queryParameter("period1").firstValue()))
                    .as("the next from the last stored day minus a day's overlap, a day wider")
                    .isEqualTo(Instant.parse("2025-01-29T00:00:00Z").getEpochSecond());
            var days = client.candles().symbol("SPY").between(Instant.parse("2025-01-01T00:00:00Z"), NOW).timeframe(Timeframe.D1).fetch();
            assertThat(days.size()).isEqualTo(5);
            assertThat(days.time()[0]).as("on its New York trading date").isEqualTo(Instant.parse("2025-01-27T00:00:00Z").getEpochSecond());
            assertThat(days.close()[4]).isEqualTo(605.0);
            assertThatThrownBy(() -> client.candles().symbol("SPY").between(Instant.parse("2025-01-01T00:00:00Z"), NOW)
                    .timeframe(Timeframe.H1).fetch()).isInstanceOfSatisfying(BacktestException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TIMEFRAME);
                        assertThat(e.getMessage()).contains("1d", "1w", "1M");
                    });
            await(() -> !rows(client, "SELECT id FROM data_tasks WHERE kind = 'refresh' AND status = 'completed'").isEmpty());
        } finally {
            yahoo.stop();
        }
    }
}
