package dev.backtest.sdk.marketdata.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.marketdata.CandleQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: for random 1-minute data with gaps, the SDK's candles equal a brute-force Java
 * aggregation for every timeframe, over windows around the awkward places of the calendar (a week
 * crossing a year, the leap day, month ends) and ranges starting mid-bucket.
 */
class CandleAggregationPropertyIT {

    private static final int SEEDS = 40;
    /** Windows are placed around these instants. 2024-12-30 is a Monday whose week ends in 2025. */
    private static final List<Instant> ANCHORS = List.of(
            MinuteBars.at("2024-12-30T00:00:00"), MinuteBars.at("2024-02-29T00:00:00"), MinuteBars.at("2024-01-31T23:00:00"),
            MinuteBars.at("2024-04-30T12:00:00"), MinuteBars.at("2023-12-31T20:00:00"), MinuteBars.at("2025-03-01T00:00:00"));

    @TempDir
    static Path dir;
    private static BacktestClient client;

    @BeforeAll
    static void start() {
        client = BacktestClient.builder().ignoreEnvironment().embedded(dir.resolve("data")).sampleData(false).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void aggregationEqualsBruteForceForEveryTimeframeOnRandomDataWithGaps() {
        int compared = 0;
        int nonEmpty = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            SplittableRandom r = new SplittableRandom(seed * 7919L);
            Instant anchor = ANCHORS.get(seed % ANCHORS.size());
            Instant from = anchor.minusSeconds(60L * r.nextInt(25 * 1440));
            long minutes = 60 + r.nextInt(50 * 1440);
            Instant to = from.plusSeconds(60 * minutes);
            double density = Math.min(1.0, 12_000.0 / minutes) * (0.3 + 0.7 * r.nextDouble());
            MinuteBars bars = MinuteBars.random(seed, from, to, density, r.nextDouble() * 0.3);
            if (bars.size() == 0) {
                continue;
            }
            String symbol = "P" + seed;
            bars.storeYearly(client, symbol, MinuteBars.Stamp.values()[seed % MinuteBars.Stamp.values().length], dir);
            long first = bars.time()[0];
            long last = bars.time()[bars.size() - 1];
            for (int q = 0; q < 3; q++) {
                long start;
                long end;
                if (q == 0) {
                    // whole UTC days covering all bars, through the date API (end date inclusive)
                    LocalDate d0 = LocalDate.ofEpochDay(Math.floorDiv(first, 86_400L));
                    LocalDate d1 = LocalDate.ofEpochDay(Math.floorDiv(last, 86_400L));
                    start = d0.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
                    end = d1.plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
                } else {
                    // an instant range starting and ending mid-bucket, overlapping the bars
                    start = first - 2 * 86_400L + 60L * r.nextLong((last - first) / 60 + 2 * 1440 + 1);
                    long lo = Math.max(start, first) + 60;
                    end = lo + 60L * r.nextLong((Math.max(lo, last) + 2 * 86_400L - lo) / 60 + 1);
                }
                for (Timeframe tf : Timeframe.values()) {
                    CandleQuery query = client.candles().symbol(symbol).timeframe(tf);
                    CandleSeries actual = q == 0
                            ? query.between(LocalDate.ofEpochDay(start / 86_400L), LocalDate.ofEpochDay(end / 86_400L - 1)).fetch()
                            : query.between(Instant.ofEpochSecond(start), Instant.ofEpochSecond(end)).fetch();
                    List<MinuteBars.Expected> expected = bars.aggregate(tf, start, end);
                    MinuteBars.assertEqual(actual, expected, "seed " + seed + " " + tf + " [" + Instant.ofEpochSecond(start) + ", "
                            + Instant.ofEpochSecond(end) + ")");
                    compared++;
                    if (!expected.isEmpty()) {
                        nonEmpty++;
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(SEEDS * 9 * 2);
        assertThat(nonEmpty).isGreaterThan(compared * 3 / 4);
    }

    @Test
    void weekCrossingTheYearIsOneCandleBuiltFromBothYearlyFiles() {
        MinuteBars bars = MinuteBars.random(99, MinuteBars.at("2024-12-30T00:00:00"), MinuteBars.at("2025-01-06T00:00:00"), 0.05, 0);
        List<String> keys = bars.storeYearly(client, "WEEKX", MinuteBars.Stamp.SECONDS, dir);
        assertThat(keys).hasSize(2);

        CandleSeries weeks = client.candles().symbol("WEEKX").between(LocalDate.of(2024, 12, 30), LocalDate.of(2025, 1, 5))
                .timeframe(Timeframe.W1).fetch();

        assertThat(weeks.size()).isEqualTo(1);
        assertThat(weeks.time()[0]).isEqualTo(MinuteBars.at("2024-12-30T00:00:00").getEpochSecond());
        assertThat(weeks.open()[0]).isEqualTo(bars.open()[0]);
        assertThat(weeks.close()[0]).isEqualTo(bars.close()[bars.size() - 1]);
    }

    @Test
    void leapDayAndMonthEndsFallInTheirCalendarMonths() {
        MinuteBars bars = MinuteBars.random(5, MinuteBars.at("2024-02-28T23:00:00"), MinuteBars.at("2024-03-01T01:00:00"), 1, 0);
        bars.storeYearly(client, "LEAP", MinuteBars.Stamp.TIMESTAMP, dir);

        CandleSeries months = client.candles().symbol("LEAP").between(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 3, 31))
                .timeframe("1M").fetch();
        CandleSeries days = client.candles().symbol("LEAP").between(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 3, 31))
                .timeframe("1d").fetch();

        assertThat(months.time()).containsExactly(MinuteBars.at("2024-02-01T00:00:00").getEpochSecond(),
                MinuteBars.at("2024-03-01T00:00:00").getEpochSecond());
        assertThat(days.time()).containsExactly(MinuteBars.at("2024-02-28T00:00:00").getEpochSecond(),
                MinuteBars.at("2024-02-29T00:00:00").getEpochSecond(), MinuteBars.at("2024-03-01T00:00:00").getEpochSecond());
        assertThat(days.size()).isEqualTo(3);
        MinuteBars.assertEqual(months, bars.aggregate(Timeframe.MN1, 0, Long.MAX_VALUE), "months");
    }
}
