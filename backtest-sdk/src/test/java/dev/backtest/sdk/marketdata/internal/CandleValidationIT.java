package dev.backtest.sdk.marketdata.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.sdk.marketdata.SourceResolution;
import dev.backtest.sdk.marketdata.Symbols;
import dev.backtest.sdk.testing.Internals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every refused candle query names its code, the offending value and what is accepted; bad files are named. */
class CandleValidationIT {

    @TempDir
    Path dir;
    private BacktestClient client;
    private MinuteBars bars;

    @BeforeEach
    void start() {
        client = BacktestClient.builder().ignoreEnvironment().embedded(dir.resolve("data")).sampleData(false).build();
        bars = MinuteBars.random(31, MinuteBars.at("2024-03-01T00:00:00"), MinuteBars.at("2024-03-03T00:00:00"), 0.5, 0);
        bars.storeYearly(client, "GOOD", MinuteBars.Stamp.SECONDS, dir);
    }

    @AfterEach
    void stop() {
        client.close();
    }

    private BacktestException refused(Runnable call) {
        BacktestException e = catchThrowableOfType(call::run, BacktestException.class);
        assertThat(e).as("expected a BacktestException").isNotNull();
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"btc", "ABCDEFGHIJKLMNOPQRSTU", "../", "..", "%2e%2e", "BTC/../../x", "BT C", "", "BTC\n"})
    void rejectsSymbolsOutsideThePattern(String symbol) {
        BacktestException e = refused(() -> client.candles().symbol(symbol));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SYMBOL);
        assertThat(e.getMessage()).contains("'" + symbol.strip()).contains("accepted: 1-20 characters of A-Z 0-9 . _ -");
        assertThat(refused(() -> client.marketData().range(symbol, SourceResolution.YEARLY)).code()).isEqualTo(ErrorCode.INVALID_SYMBOL);
    }

    @Test
    void acceptsSymbolsOfTwentyAllowedCharacters() {
        assertThat(Symbols.require("A.B_C-D0123456789XYZ")).hasSize(20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2h", "1H", "1D", "60m", "1mo", ""})
    void rejectsTimeframesNotInTheCatalogue(String code) {
        BacktestException e = refused(() -> client.candles().timeframe(code));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TIMEFRAME);
        assertThat(e.getMessage()).contains("'" + code + "'").contains("accepted: 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w, 1M");
    }

    @Test
    void aQueryWithoutATimeframeIsRefusedNamingTheAcceptedOnes() {
        BacktestException e = refused(() -> client.candles().symbol("GOOD").between(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 2))
                .fetch());
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(e.getMessage()).contains("timeframe").contains("no timeframe given").contains("1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w, 1M");
    }

    @Test
    void parsesTimeframesCaseSensitivelySoUpperMIsAMonthAndLowerMAMinute() {
        assertThat(Timeframe.parse("1M")).isEqualTo(Timeframe.MN1);
        assertThat(Timeframe.parse("1m")).isEqualTo(Timeframe.M1);
        assertThat(Timeframe.parse("1h")).isEqualTo(Timeframe.H1);
        assertThat(Arrays.stream(Timeframe.values()).map(Timeframe::code)).containsExactly("1m", "5m", "15m", "30m", "1h", "4h", "1d",
                "1w", "1M");
    }

    @Test
    void rejectsStartAfterEnd() {
        BacktestException e = refused(() -> client.candles().between(LocalDate.of(2024, 3, 2), LocalDate.of(2024, 3, 1)));

        assertThat(e.code()).isEqualTo(ErrorCode.DATE_RANGE);
        assertThat(e.getMessage()).contains("start_date 2024-03-02 is after end_date 2024-03-01");
    }

    @Test
    void rejectsInstantsNotBeforeEachOther() {
        BacktestException e = refused(() -> client.candles().between(MinuteBars.at("2024-03-02T00:00:00"),
                MinuteBars.at("2024-03-02T00:00:00")));

        assertThat(e.code()).isEqualTo(ErrorCode.DATE_RANGE);
        assertThat(e.getMessage()).contains("start 2024-03-02T00:00:00Z is not before end 2024-03-02T00:00:00Z");
    }

    @Test
    void rejectsRangeAfterTheLastBarEvenInsideTheLastYearlyFile() {
        BacktestException after = refused(() -> client.candles().symbol("GOOD")
                .between(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 2)).timeframe(Timeframe.H1).fetch());
        BacktestException before = refused(() -> client.candles().symbol("GOOD")
                .between(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 29)).timeframe(Timeframe.H1).fetch());

        assertThat(after.code()).isEqualTo(ErrorCode.DATE_RANGE);
        assertThat(after.getMessage()).contains("available: 2024-03-01 to 2024-03-02");
        assertThat(before.code()).isEqualTo(ErrorCode.DATE_RANGE);
    }

    @Test
    void rangeInsideTheDataWithoutBarsIsEmptyNotAnError() {
        CandleSeries none = client.candles().symbol("GOOD")
                .between(MinuteBars.at("2024-03-01T10:00:10"), MinuteBars.at("2024-03-01T10:00:50")).timeframe("1m").fetch();

        assertThat(none.isEmpty()).isTrue();
    }

    @Test
    void rejectsRangeWithoutDataNamingTheAvailableRange() {
        BacktestException e = refused(() -> client.candles().symbol("GOOD")
                .between(LocalDate.of(2023, 1, 1), LocalDate.of(2023, 1, 31)).timeframe(Timeframe.H1).fetch());

        assertThat(e.code()).isEqualTo(ErrorCode.DATE_RANGE);
        assertThat(e.getMessage()).contains("available: 2024-03-01 to 2024-03-02");
        assertThat(e.details()).containsEntry("available_start", "2024-03-01").containsEntry("available_end", "2024-03-02");
    }

    @Test
    void rejectsUnknownSymbolListingTheKnownOnes() {
        BacktestException e = refused(() -> client.candles().symbol("NOPE").between(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 1))
                .timeframe(Timeframe.H1).fetch());

        assertThat(e.code()).isEqualTo(ErrorCode.SYMBOL_NOT_FOUND);
        assertThat(e.getMessage()).contains("'NOPE'").contains("known symbols: [GOOD]");
        assertThat(e.details()).containsEntry("symbol", "NOPE");
    }

    @Test
    void refusesResultLargerThanTheRowLimitWithAHintAtACoarserTimeframe() {
        try (BacktestClient small = BacktestClient.builder().ignoreEnvironment().embedded(dir.resolve("small")).sampleData(false)
                .set(ConfigKey.CANDLE_MAX_ROWS, "100").build()) {
            bars.storeYearly(small, "GOOD", MinuteBars.Stamp.SECONDS, dir);
            CandleQuery q = small.candles().symbol("GOOD").between(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 2)).timeframe(Timeframe.H1);

            BacktestException e = refused(() -> q.timeframe("1m").fetch());

            assertThat(e.code()).isEqualTo(ErrorCode.RESULT_TOO_LARGE);
            assertThat(e.getMessage()).contains("more than 100 candles").contains("coarser timeframe than 1m");
            assertThat(e.details()).containsEntry("limit", 100L);
            assertThat(q.timeframe("1h").count()).isEqualTo(48);
        }
    }

    @Test
    void refusesARangeSpanningMoreCandlesThanTheLimitBeforeReadingAnything() {
        // NODATA has no objects: had the store been listed, the answer would be SYMBOL_NOT_FOUND
        BacktestException e = refused(() -> client.candles().symbol("NODATA")
                .between(LocalDate.of(1971, 1, 1), LocalDate.of(2100, 12, 31)).timeframe("1m").fetch());

        assertThat(e.code()).isEqualTo(ErrorCode.RESULT_TOO_LARGE);
        assertThat(e.getMessage()).contains("spans 68374080 candles of 1m").contains("more than 1000000 candles");
        assertThat(e.details()).containsEntry("limit", 1_000_000L).containsEntry("candles", 68_374_080L);
        assertThat(client.marketData().downloads()).isZero();
    }

    @Test
    void refusesDatesOutsideTheCalendarItServes() {
        for (LocalDate[] range : new LocalDate[][] {{LocalDate.of(1969, 12, 31), LocalDate.of(2024, 1, 1)},
                {LocalDate.of(2024, 1, 1), LocalDate.of(2101, 1, 1)}, {LocalDate.of(2024, 1, 1), LocalDate.MAX},
                {LocalDate.MIN, LocalDate.of(2024, 1, 1)}}) {
            BacktestException e = refused(() -> client.candles().symbol("GOOD").between(range[0], range[1]));
            assertThat(e.code()).as(range[0] + ".." + range[1]).isEqualTo(ErrorCode.DATE_RANGE);
            assertThat(e.getMessage()).contains("accepted: dates from 1970-01-01 to 2100-12-31");
        }
        BacktestException e = refused(() -> client.candles().symbol("GOOD").between(java.time.Instant.MIN, java.time.Instant.MAX));
        assertThat(e.code()).isEqualTo(ErrorCode.DATE_RANGE);
    }

    @Test
    void corruptObjectIsReportedAsDataCorruptNamingItsKeyAndOtherObjectsStillWork() throws IOException {
        Path garbage = dir.resolve("garbage.parquet");
        Files.writeString(garbage, "this is not parquet at all");
        String key = ParquetLayout.yearlyKey("BAD", 2024);
        client.storage().upload(key, garbage);
        client.marketData().refreshListings();

        BacktestException e = refused(() -> client.candles().symbol("BAD")
                .between(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 2)).timeframe(Timeframe.H1).fetch());

        assertThat(e.code()).isEqualTo(ErrorCode.DATA_CORRUPT);
        assertThat(e.getMessage()).contains(key);
        assertThat(e.details()).containsEntry("key", key);
        MinuteBars.assertEqual(client.candles().symbol("GOOD").between(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 2)).timeframe(Timeframe.H1).fetch(),
                bars.aggregate(Timeframe.H1, 0, Long.MAX_VALUE), "good after bad");
    }

    @Test
    void truncatedObjectIsReportedAsDataCorruptNamingItsKey() throws IOException {
        Path whole = dir.resolve("whole.parquet");
        bars.writeParquet(Internals.duckDb(client), whole, MinuteBars.Stamp.SECONDS);
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = dir.resolve("truncated.parquet");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        String key = ParquetLayout.yearlyKey("CUT", 2024);
        client.storage().upload(key, truncated);
        client.marketData().refreshListings();

        BacktestException e = refused(() -> client.candles().symbol("CUT")
                .between(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 2)).timeframe(Timeframe.H1).fetch());
        BacktestException range = refused(() -> client.marketData().range("CUT", SourceResolution.YEARLY));

        assertThat(e.code()).isEqualTo(ErrorCode.DATA_CORRUPT);
        assertThat(e.getMessage()).contains(key);
        assertThat(e.details()).containsEntry("key", key);
        assertThat(range.code()).isEqualTo(ErrorCode.DATA_CORRUPT);
        assertThat(client.candles().symbol("GOOD").between(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 2)).timeframe(Timeframe.H1).count()).isEqualTo(48);
    }

    @Test
    void objectWithoutTheRequiredColumnsIsDataCorrupt() throws Exception {
        Path file = dir.resolve("wrong.parquet");
        try (var c = Internals.duckDb(client).connect(); var s = c.createStatement()) {
            s.execute("COPY (SELECT 1 AS a, 2 AS b) TO '" + file.toAbsolutePath() + "' (FORMAT parquet)");
        }
        client.storage().upload(ParquetLayout.yearlyKey("COLS", 2024), file);
        client.marketData().refreshListings();

        assertThatThrownBy(() -> client.candles().symbol("COLS").between(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 2)).timeframe(Timeframe.H1).fetch())
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_CORRUPT);
                    assertThat(e.getMessage()).contains(ParquetLayout.yearlyKey("COLS", 2024)).contains("timestamp, open, high");
                });
    }
}
