package dev.backtest.sdk.marketdata.internal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample generator's Parquet files, read back through DuckDB SQL: row counts, time grid, OHLC
 * validity, the forex weekend, continuity across years and determinism. Each spec is generated
 * once for the class; the determinism check generates EURUSD 2024 and BTC 2023 a second time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleDataGeneratorIT {

    @TempDir
    static Path dir;

    private DuckDb duckDb;
    private Map<Integer, Path> btc;
    private Map<Integer, Path> eurusd;
    private Path eurusdAgain;
    private Path btc2023Again;

    @BeforeAll
    void generate() {
        duckDb = DuckDb.open(dir.resolve("duckdb-tmp"), 2);
        SampleDataGenerator generator = new SampleDataGenerator(duckDb);
        btc = generator.writeYears(SampleDataGenerator.BTC, 2023, 2024, dir.resolve("first"));
        eurusd = generator.writeYears(SampleDataGenerator.EURUSD, 2024, 2024, dir.resolve("first"));
        eurusdAgain = generator.writeYears(SampleDataGenerator.EURUSD, 2024, 2024, dir.resolve("second")).get(2024);
        btc2023Again = generator.writeYears(SampleDataGenerator.BTC, 2023, 2023, dir.resolve("second")).get(2023);
    }

    @AfterAll
    void close() {
        duckDb.close();
    }

    private Path file(String symbol, int year) {
        Path f = switch (symbol) {
            case "BTC" -> btc.get(year);
            case "EURUSD" -> eurusd.get(year);
            default -> throw new IllegalArgumentException(symbol);
        };
        assertThat(f).as("%s %s file", symbol, year).isNotNull().isRegularFile();
        return f;
    }

    private static String parquet(Path file) {
        return "read_parquet('" + file.toAbsolutePath().toString().replace("'", "''") + "', file_row_number = true)";
    }

    private long count(String sql) {
        try (Connection c = duckDb.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    private List<Object> row(String sql) {
        try (Connection c = duckDb.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            List<Object> out = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.add(rs.getObject(i));
            }
            return out;
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    @Test
    void writesOneFilePerYearNamedBySymbolAndYear() {
        assertThat(btc).containsOnlyKeys(2023, 2024);
        assertThat(btc.get(2023).getFileName()).hasToString("BTC_2023.parquet");
        assertThat(btc.get(2024).getFileName()).hasToString("BTC_2024.parquet");
        assertThat(eurusd).containsOnlyKeys(2024);
        assertThat(eurusd.get(2024).getFileName()).hasToString("EURUSD_2024.parquet");
        assertThat(dir.resolve("first")).isDirectoryNotContaining("glob:**.part");
    }

    @Test
    void btcHasOneBarForEveryMinuteOfTheYearIncludingTheLeapDay() {
        assertThat(count("SELECT count(*) FROM " + parquet(file("BTC", 2023)))).isEqualTo(525_600);
        assertThat(count("SELECT count(*) FROM " + parquet(file("BTC", 2024)))).isEqualTo(527_040);
        assertThat(count("SELECT count(DISTINCT \"timestamp\") FROM " + parquet(file("BTC", 2024)))).isEqualTo(527_040);
        assertThat(count("SELECT count(*) FROM " + parquet(file("BTC", 2024))
                + " WHERE \"timestamp\" >= TIMESTAMP '2024-02-29 00:00:00' AND \"timestamp\" < TIMESTAMP '2024-03-01 00:00:00'"))
                .isEqualTo(1440);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"BTC, 2023", "BTC, 2024", "EURUSD, 2024"})
    void timestampsAreMinuteAlignedStrictlyIncreasingAndInsideTheYear(String symbol, int year) {
        String src = parquet(file(symbol, year));

        assertThat(count("SELECT count(*) FROM (SELECT \"timestamp\" AS t, lag(\"timestamp\") OVER (ORDER BY file_row_number) AS prev FROM "
                + src + ") WHERE prev IS NOT NULL AND t <= prev")).isZero();
        assertThat(count("SELECT count(*) FROM " + src + " WHERE epoch_ms(\"timestamp\") % 60000 <> 0")).isZero();
        assertThat(count("SELECT count(*) FROM " + src + " WHERE \"timestamp\" < TIMESTAMP '" + year + "-01-01 00:00:00'"
                + " OR \"timestamp\" >= TIMESTAMP '" + (year + 1) + "-01-01 00:00:00'")).isZero();
        assertThat(count("SELECT count(*) FROM " + src + " WHERE \"timestamp\" IS NULL")).isZero();
    }

    @Test
    void btcSpansTheWholeYearFromFirstToLastMinute() {
        assertThat(row("SELECT min(\"timestamp\")::VARCHAR, max(\"timestamp\")::VARCHAR FROM " + parquet(file("BTC", 2023))))
                .containsExactly("2023-01-01 00:00:00", "2023-12-31 23:59:00");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"BTC, 2023, 100", "BTC, 2024, 100", "EURUSD, 2024, 100000"})
    void everyBarHasValidOhlcOnTheTickAndNonNegativeVolume(String symbol, int year, long ticksPerUnit) {
        String src = parquet(file(symbol, year));

        assertThat(count("SELECT count(*) FROM " + src + " WHERE NOT (low <= least(open, close) AND high >= greatest(open, close)"
                + " AND low > 0 AND high >= low AND volume >= 0)")).isZero();
        assertThat(count("SELECT count(*) FROM " + src + " WHERE open IS NULL OR high IS NULL OR low IS NULL OR close IS NULL"
                + " OR volume IS NULL OR isnan(open) OR isnan(high) OR isnan(low) OR isnan(close) OR isnan(volume)")).isZero();
        String offTick = "abs(%1$s * " + ticksPerUnit + " - round(%1$s * " + ticksPerUnit + ")) > 1e-6";
        assertThat(count("SELECT count(*) FROM " + src + " WHERE " + String.format(offTick, "open") + " OR "
                + String.format(offTick, "high") + " OR " + String.format(offTick, "low") + " OR "
                + String.format(offTick, "close"))).isZero();
        // a random walk, not a constant: prices move and most bars trade some volume
        assertThat(count("SELECT count(DISTINCT close) FROM " + src)).isGreaterThan(1000);
        assertThat(count("SELECT count(*) FROM " + src + " WHERE volume > 0")).isGreaterThan(count("SELECT count(*) FROM " + src) * 9 / 10);
    }

    @Test
    void eurusdIsClosedFromFriday2200ToSunday2200Utc() {
        String src = parquet(file("EURUSD", 2024));

        // isodow: Monday 1 .. Sunday 7
        assertThat(count("SELECT count(*) FROM " + src + " WHERE isodow(\"timestamp\") = 6"
                + " OR (isodow(\"timestamp\") = 5 AND hour(\"timestamp\") >= 22)"
                + " OR (isodow(\"timestamp\") = 7 AND hour(\"timestamp\") < 22)")).isZero();
        for (int day = 1; day <= 5; day++) {
            assertThat(count("SELECT count(*) FROM " + src + " WHERE isodow(\"timestamp\") = " + day))
                    .as("bars on isodow %d", day).isGreaterThan(50 * 1300);
        }
        // the market opens on Sunday at 22:00 and closes after Friday 21:59
        assertThat(count("SELECT count(*) FROM " + src + " WHERE \"timestamp\" = TIMESTAMP '2024-01-07 22:00:00'")).isOne();
        assertThat(count("SELECT count(*) FROM " + src + " WHERE \"timestamp\" = TIMESTAMP '2024-01-07 21:59:00'")).isZero();
        assertThat(count("SELECT count(*) FROM " + src + " WHERE \"timestamp\" = TIMESTAMP '2024-01-05 21:59:00'")).isOne();
        assertThat(count("SELECT count(*) FROM " + src + " WHERE \"timestamp\" = TIMESTAMP '2024-01-05 22:00:00'")).isZero();
    }

    @Test
    void eurusdHasABarForEveryMinuteTheMarketIsOpen() {
        long open = 0;
        for (LocalDateTime t = LocalDateTime.of(2024, 1, 1, 0, 0); t.getYear() == 2024; t = t.plusMinutes(1)) {
            DayOfWeek d = t.getDayOfWeek();
            boolean closed = d == DayOfWeek.SATURDAY || (d == DayOfWeek.FRIDAY && t.getHour() >= 22)
                    || (d == DayOfWeek.SUNDAY && t.getHour() < 22);
            if (!closed) {
                open++;
            }
        }

        assertThat(count("SELECT count(*) FROM " + parquet(file("EURUSD", 2024)))).isEqualTo(open);
        // 52 weeks of 5 x 1440 minutes (Friday's last two hours moved to Sunday night) plus Monday 30 and Tuesday 31 December
        assertThat(open).isEqualTo(52 * 5 * 1440 + 2 * 1440);
    }

    @Test
    void theWalkContinuesAcrossYearsToTheTick() {
        List<Object> lastOf2023 = row("SELECT \"timestamp\"::VARCHAR, close FROM " + parquet(file("BTC", 2023))
                + " ORDER BY file_row_number DESC LIMIT 1");
        List<Object> firstOf2024 = row("SELECT \"timestamp\"::VARCHAR, open FROM " + parquet(file("BTC", 2024))
                + " ORDER BY file_row_number LIMIT 1");

        assertThat(lastOf2023.get(0)).isEqualTo("2023-12-31 23:59:00");
        assertThat(firstOf2024.get(0)).isEqualTo("2024-01-01 00:00:00");
        assertThat((double) firstOf2024.get(1)).isEqualTo((double) lastOf2023.get(1));
        // and within a year every bar opens at the previous close
        assertThat(count("SELECT count(*) FROM (SELECT open, lag(close) OVER (ORDER BY file_row_number) AS prev FROM "
                + parquet(file("BTC", 2024)) + ") WHERE prev IS NOT NULL AND open <> prev")).isZero();
    }

    @Test
    void firstBarOpensAtTheSpecStartPrice() {
        assertThat(row("SELECT open FROM " + parquet(file("BTC", 2023)) + " ORDER BY file_row_number LIMIT 1"))
                .containsExactly(SampleDataGenerator.BTC.startPrice());
        assertThat(row("SELECT open FROM " + parquet(file("EURUSD", 2024)) + " ORDER BY file_row_number LIMIT 1"))
                .containsExactly(SampleDataGenerator.EURUSD.startPrice());
    }

    @Test
    void generatingAgainGivesIdenticalBars() {
        assertSameRows(file("EURUSD", 2024), eurusdAgain);
        assertSameRows(file("BTC", 2023), btc2023Again);
        // Double sums depend on DuckDB's (multi-threaded) summation order, so compare exact integer digests only;
        // assertSameRows above already compares every value exactly.
        String digest = "SELECT count(*), sum(epoch(\"timestamp\"))::BIGINT, sum(hash(open, high, low, close, volume) % 1000003) FROM ";
        assertThat(row(digest + parquet(eurusdAgain))).isEqualTo(row(digest + parquet(file("EURUSD", 2024))));
    }

    private void assertSameRows(Path a, Path b) {
        String cols = "SELECT file_row_number, \"timestamp\", open, high, low, close, volume FROM ";
        assertThat(count("SELECT count(*) FROM " + parquet(b))).isEqualTo(count("SELECT count(*) FROM " + parquet(a)));
        assertThat(count("SELECT count(*) FROM (" + cols + parquet(a) + " EXCEPT ALL " + cols + parquet(b) + ")")).isZero();
        assertThat(count("SELECT count(*) FROM (" + cols + parquet(b) + " EXCEPT ALL " + cols + parquet(a) + ")")).isZero();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"BTC, 2023", "EURUSD, 2024"})
    void columnsAreExactlyTimestampOpenHighLowCloseVolume(String symbol, int year) throws SQLException {
        Path f = file(symbol, year);
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        try (Connection c = duckDb.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + f.toAbsolutePath() + "')")) {
            while (rs.next()) {
                names.add(rs.getString("column_name"));
                types.add(rs.getString("column_type"));
            }
        }

        assertThat(names).containsExactly("timestamp", "open", "high", "low", "close", "volume");
        assertThat(types).containsExactly("TIMESTAMP", "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE");
    }
}
