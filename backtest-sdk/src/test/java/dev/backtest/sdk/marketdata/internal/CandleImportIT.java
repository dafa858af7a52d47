package dev.backtest.sdk.marketdata.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.marketdata.ImportReport;
import dev.backtest.sdk.marketdata.SourceResolution;
import dev.backtest.sdk.testing.Internals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Importing CSV and Parquet files into the yearly layout: validation, merging, and the formats accepted. */
class CandleImportIT {

    @TempDir
    Path dir;
    private BacktestClient client;

    @BeforeEach
    void start() {
        client = BacktestClient.builder().ignoreEnvironment().embedded(dir.resolve("data")).sampleData(false).build();
    }

    @AfterEach
    void stop() {
        client.close();
    }

    private Path csv(String name, String header, MinuteBars bars, LongFunction<String> time) throws IOException {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (int i = 0; i < bars.size(); i++) {
            sb.append(time.apply(bars.time()[i])).append(',').append(bars.open()[i]).append(',').append(bars.high()[i]).append(',')
                    .append(bars.low()[i]).append(',').append(bars.close()[i]).append(',').append(bars.volume()[i]).append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, sb);
        return file;
    }

    private Path csv(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private CandleSeries minutes(String symbol, LocalDate from, LocalDate to) {
        return client.candles().symbol(symbol).between(from, to).timeframe(Timeframe.M1).fetch();
    }

    @Test
    void importedCsvAcrossAYearBoundaryIsQueriedBackBarForBar() throws IOException {
        MinuteBars bars = MinuteBars.random(51, MinuteBars.at("2024-12-31T22:00:00"), MinuteBars.at("2025-01-01T02:00:00"), 0.8, 0);
        Path file = csv("bars.csv", "time,open,high,low,close,volume", bars, t -> Instant.ofEpochSecond(t).toString());

        ImportReport report = client.marketData().importCsv("IMP", file);

        assertThat(report.rowsRead()).isEqualTo(bars.size());
        assertThat(report.objectsWritten()).containsExactly(ParquetLayout.yearlyKey("IMP", 2024), ParquetLayout.yearlyKey("IMP", 2025));
        long in2024 = bars.slice(0, MinuteBars.at("2025-01-01T00:00:00").getEpochSecond()).size();
        assertThat(report.rowsWrittenPerYear()).isEqualTo(Map.of(2024, in2024, 2025, (long) bars.size() - in2024));
        assertThat(report.barsReplaced()).isZero();
        MinuteBars.assertEqual(minutes("IMP", LocalDate.of(2024, 12, 31), LocalDate.of(2025, 1, 1)),
                bars.aggregate(Timeframe.M1, 0, Long.MAX_VALUE), "imported");
        MinuteBars.assertEqual(client.candles().symbol("IMP").between(LocalDate.of(2024, 12, 31), LocalDate.of(2025, 1, 1))
                .timeframe("1h").fetch(), bars.aggregate(Timeframe.H1, 0, Long.MAX_VALUE), "imported hourly");
    }

    @Test
    void importMergesWithStoredBarsKeepingThemAndReplacingOnlyTheSameMinutes() throws IOException {
        MinuteBars stored = MinuteBars.random(52, MinuteBars.at("2024-05-01T00:00:00"), MinuteBars.at("2024-05-01T01:00:00"), 1, 0);
        stored.storeYearly(client, "MRG", MinuteBars.Stamp.SECONDS, dir);
        MinuteBars other = MinuteBars.random(53, MinuteBars.at("2023-06-01T00:00:00"), MinuteBars.at("2023-06-01T00:10:00"), 1, 0);
        other.storeYearly(client, "MRG", MinuteBars.Stamp.SECONDS, dir);
        String untouched = client.storage().stat(ParquetLayout.yearlyKey("MRG", 2023)).orElseThrow().etag();
        MinuteBars imported = MinuteBars.random(54, MinuteBars.at("2024-05-01T00:30:00"), MinuteBars.at("2024-05-01T01:30:00"), 1, 0);
        Path file = csv("more.csv", "timestamp,open,high,low,close,volume", imported, Long::toString);
        minutes("MRG", LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 1)); // cached before the import

        ImportReport report = client.marketData().importCsv("MRG", file);

        assertThat(report.barsReplaced()).isEqualTo(30);
        assertThat(report.rowsWrittenPerYear()).isEqualTo(Map.of(2024, 90L));
        CandleSeries after = minutes("MRG", LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 1));
        List<MinuteBars.Expected> expected = new ArrayList<>(stored.slice(0, MinuteBars.at("2024-05-01T00:30:00").getEpochSecond())
                .aggregate(Timeframe.M1, 0, Long.MAX_VALUE));
        expected.addAll(imported.aggregate(Timeframe.M1, 0, Long.MAX_VALUE));
        MinuteBars.assertEqual(after, expected, "merged");
        assertThat(client.storage().stat(ParquetLayout.yearlyKey("MRG", 2023)).orElseThrow().etag()).isEqualTo(untouched);
        MinuteBars.assertEqual(minutes("MRG", LocalDate.of(2023, 6, 1), LocalDate.of(2023, 6, 1)),
                other.aggregate(Timeframe.M1, 0, Long.MAX_VALUE), "other year");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "high below open|2024-01-01T00:01:00Z,10,9.5,9,9.2,1|row 2: high 9.5 is below max(open, close) 10.0",
            "low above close|2024-01-01T00:01:00Z,10,11,9.9,9.8,1|row 2: low 9.9 is above min(open, close) 9.8",
            "zero price|2024-01-01T00:01:00Z,0,11,9,10,1|row 2: open 0.0 is not a positive price",
            "negative price|2024-01-01T00:01:00Z,10,11,-9,10,1|row 2: low -9.0 is not a positive price",
            "NaN price|2024-01-01T00:01:00Z,10,NaN,9,10,1|row 2: high is missing or NaN",
            "negative volume|2024-01-01T00:01:00Z,10,11,9,10,-1|row 2: volume -1.0 is not a number of 0 or more",
            "duplicate time|2024-01-01T00:00:00Z,10,11,9,10,1|row 2: duplicate time 2024-01-01T00:00:00Z",
            "unsorted time|2023-12-31T23:59:00Z,10,11,9,10,1|row 2: time 2023-12-31T23:59:00Z is before the row before",
            "not a time|yesterday,10,11,9,10,1|row 2: time 'yesterday' is not an ISO date",
            "not on a minute|2024-01-01T00:01:30Z,10,11,9,10,1|row 2: time 2024-01-01T00:01:30Z is not on a whole minute",
            "not a number|2024-01-01T00:01:00Z,10,11,nine,10,1|row 2: low 'nine' is not a number",
            "year beyond 9999|999999999999000,10,11,9,10,1|row 2: time 999999999999 s is outside the years 1970 to 9999"})
    void rejectsTheFileNamingTheRowAndTheReason(String name, String badRow, String message) throws IOException {
        Path file = csv("bad.csv", "time,open,high,low,close,volume", "2024-01-01T00:00:00Z,10,11,9,10,1", badRow,
                "2024-01-01T00:05:00Z,10,11,9,10,1");

        BacktestException e = catchThrowableOfType(() -> client.marketData().importCsv("REJ", file), BacktestException.class);

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(e.getMessage()).contains(message);
        assertThat(e.details()).containsEntry("error_count", 1);
        assertThat(client.storage().list("ohlcv/", 10, null).objects()).isEmpty();
    }

    @Test
    void listsTheFirstTwentyRowErrorsAndCountsTheRest() throws IOException {
        List<String> lines = new ArrayList<>(List.of("time,open,high,low,close"));
        for (int i = 0; i < 25; i++) {
            lines.add(LocalDateTime.of(2024, 1, 1, 0, i).toString() + ",10,9,8,10");
        }

        BacktestException e = catchThrowableOfType(() -> client.marketData().importCsv("MANY", csv("many.csv", lines.toArray(String[]::new))),
                BacktestException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(e.details()).containsEntry("error_count", 25);
        assertThat((List<?>) e.details().get("errors")).hasSize(20).first().asString().startsWith("row 1: high 9.0");
        assertThat(e.getMessage()).contains("25 invalid rows").contains("row 20:").doesNotContain("row 21:").contains("and 5 more");
    }

    @Test
    void importsPandasCsvWithAnUnnamedIndexColumnAndCapitalizedNames() throws IOException {
        MinuteBars bars = MinuteBars.random(55, MinuteBars.at("2024-07-01T00:00:00"), MinuteBars.at("2024-07-01T03:00:00"), 0.9, 0);
        Path file = csv("pandas.csv", ",Open,High,Low,Close,Volume", bars,
                t -> LocalDateTime.ofEpochSecond(t, 0, ZoneOffset.UTC).toString().replace('T', ' ') + ":00+00:00");

        client.marketData().importCsv("PANDA", file);

        MinuteBars.assertEqual(minutes("PANDA", LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 1)),
                bars.aggregate(Timeframe.M1, 0, Long.MAX_VALUE), "pandas");
    }

    @Test
    void unixSecondsMillisecondsAndIsoTimesWithoutOffsetImportAlike() throws IOException {
        MinuteBars bars = MinuteBars.random(56, MinuteBars.at("2024-08-01T00:00:00"), MinuteBars.at("2024-08-01T02:00:00"), 0.9, 0);
        client.marketData().importCsv("SECS", csv("s.csv", "Date,OPEN,HIGH,LOW,CLOSE,VOLUME", bars, Long::toString));
        client.marketData().importCsv("MILLIS", csv("ms.csv", "datetime,open,high,low,close,volume", bars, t -> Long.toString(t * 1000)));
        client.marketData().importCsv("LOCAL", csv("iso.csv", "time,open,high,low,close,volume", bars,
                t -> LocalDateTime.ofEpochSecond(t, 0, ZoneOffset.UTC).toString()));

        for (String symbol : List.of("SECS", "MILLIS", "LOCAL")) {
            MinuteBars.assertEqual(minutes(symbol, LocalDate.of(2024, 8, 1), LocalDate.of(2024, 8, 1)),
                    bars.aggregate(Timeframe.M1, 0, Long.MAX_VALUE), symbol);
        }
    }

    @Test
    void csvWithoutVolumeAndWithIsoDatesImportsDailyBarsWithZeroVolume() throws IOException {
        Path file = csv("daily.csv", "date,open,high,low,close", "2024-02-28,10,12,9,11", "2024-02-29,11,13,10,12");

        ImportReport report = client.marketData().importCsv("DAY", file);

        CandleSeries days = client.candles().symbol("DAY").between(LocalDate.of(2024, 2, 28), LocalDate.of(2024, 2, 29))
                .timeframe("1d").fetch();
        assertThat(report.rowsRead()).isEqualTo(2);
        assertThat(days.time()).containsExactly(MinuteBars.at("2024-02-28T00:00:00").getEpochSecond(),
                MinuteBars.at("2024-02-29T00:00:00").getEpochSecond());
        assertThat(days.close()).containsExactly(11, 12);
        assertThat(days.volume()).containsExactly(0, 0);
    }

    @Test
    void rejectsCsvWithoutTheRequiredColumns() throws IOException {
        BacktestException e = catchThrowableOfType(() -> client.marketData().importCsv("COL", csv("c.csv", "time,open,high,close",
                "2024-01-01,1,1,1")), BacktestException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(e.getMessage()).contains("lacks the column low");
    }

    @Test
    void rejectsAFileThatIsNotTextAnEmptyOneAndAMissingOneWithoutWritingAnything() throws IOException {
        Path binary = Files.write(dir.resolve("bin.csv"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 'x', '\n'});
        Path empty = csv("empty.csv", "time,open,high,low,close");
        Path missing = dir.resolve("missing.csv");

        assertThat(catchThrowableOfType(() -> client.marketData().importCsv("BIN", binary), BacktestException.class))
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED))
                .hasMessageContaining("bin.csv").hasMessageContaining("not UTF-8 text");
        assertThat(catchThrowableOfType(() -> client.marketData().importCsv("EMPTY", empty), BacktestException.class))
                .hasMessageContaining("empty.csv").hasMessageContaining("holds no rows");
        assertThat(catchThrowableOfType(() -> client.marketData().importCsv("MISSING", missing), BacktestException.class))
                .hasMessageContaining("missing.csv").hasMessageContaining("does not exist");
        assertThat(client.marketData().symbols(SourceResolution.YEARLY)).doesNotContain("BIN", "EMPTY", "MISSING");
    }

    @Test
    void importsParquetWithMillisecondTimesAndMergesIntoTheYear() {
        MinuteBars bars = MinuteBars.random(57, MinuteBars.at("2024-09-01T00:00:00"), MinuteBars.at("2024-09-01T04:00:00"), 0.7, 0);
        Path file = dir.resolve("in.parquet");
        bars.writeParquet(Internals.duckDb(client), file, MinuteBars.Stamp.MILLISECONDS);

        ImportReport first = client.marketData().importParquet("PQ", file);
        ImportReport again = client.marketData().importParquet("PQ", file);

        assertThat(first.rowsRead()).isEqualTo(bars.size());
        assertThat(again.barsReplaced()).isEqualTo(bars.size());
        assertThat(again.rowsWrittenPerYear()).isEqualTo(Map.of(2024, (long) bars.size()));
        MinuteBars.assertEqual(minutes("PQ", LocalDate.of(2024, 9, 1), LocalDate.of(2024, 9, 1)),
                bars.aggregate(Timeframe.M1, 0, Long.MAX_VALUE), "parquet");
    }

    @Test
    void rejectsParquetWithAnInvalidRow() {
        MinuteBars good = MinuteBars.random(58, MinuteBars.at("2024-09-01T00:00:00"), MinuteBars.at("2024-09-01T00:10:00"), 1, 0);
        double[] high = good.high().clone();
        high[3] = good.low()[3] / 2;
        MinuteBars bad = new MinuteBars(good.time(), good.open(), high, good.low(), good.close(), good.volume());
        Path file = dir.resolve("bad.parquet");
        bad.writeParquet(Internals.duckDb(client), file, MinuteBars.Stamp.TIMESTAMP);

        BacktestException e = catchThrowableOfType(() -> client.marketData().importParquet("PQBAD", file), BacktestException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(e.getMessage()).contains("row 4: high");
    }
}
