package dev.backtest.sdk.marketdata.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.marketdata.Coverage;
import dev.backtest.sdk.marketdata.CoverageRequest;
import dev.backtest.sdk.testing.Internals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Coverage over real Parquet files with holes: days without bars, minutes missing inside days, every layout, the caps. */
class CoverageIT {

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

    private static final LocalDate MAR_1 = LocalDate.of(2024, 3, 1);

    /** Epoch seconds of {@code hh:mm} UTC on {@code day}. */
    private static long at(LocalDate day, int hour, int minute) {
        return day.toEpochDay() * 86_400L + hour * 3600L + minute * 60L;
    }

    /** Minute bars at every minute of [from, to) epoch seconds, stepping {@code step} minutes. */
    private static void minutes(List<Long> out, long from, long to, int step) {
        for (long t = from; t < to; t += step * 60L) {
            out.add(t);
        }
    }

    private static MinuteBars bars(List<Long> times) {
        long[] t = times.stream().mapToLong(Long::longValue).sorted().toArray();
        double[] p = new double[t.length];
        Arrays.fill(p, 100);
        return new MinuteBars(t, p, p, p, p, p);
    }

    /**
     * A week of 1-minute bars: 1 March complete, 2 March empty, 3 March without 10:00-10:30 and its last minute, 4 March
     * a stock's session only (09:30-16:00), 5 March every other minute from 12:00 to 13:00, 6 and 7 March empty; bars on
     * 29 February and 8 March lie outside the range asked about.
     */
    private static MinuteBars week() {
        List<Long> t = new ArrayList<>();
        minutes(t, at(MAR_1.minusDays(1), 23, 0), at(MAR_1.minusDays(1), 24, 0), 1);
        minutes(t, at(MAR_1, 0, 0), at(MAR_1, 24, 0), 1);
        LocalDate mar3 = MAR_1.plusDays(2);
        minutes(t, at(mar3, 0, 0), at(mar3, 10, 0), 1);
        minutes(t, at(mar3, 10, 30), at(mar3, 23, 59), 1);
        LocalDate mar4 = MAR_1.plusDays(3);
        minutes(t, at(mar4, 9, 30), at(mar4, 16, 0), 1);
        LocalDate mar5 = MAR_1.plusDays(4);
        minutes(t, at(mar5, 12, 0), at(mar5, 13, 0), 2);
        minutes(t, at(MAR_1.plusDays(7), 0, 0), at(MAR_1.plusDays(7), 1, 0), 1);
        return bars(t);
    }

    private static Coverage.DaySpan span(String first, String last) {
        LocalDate a = LocalDate.parse(first);
        LocalDate b = LocalDate.parse(last);
        return new Coverage.DaySpan(a, b, (int) (b.toEpochDay() - a.toEpochDay() + 1));
    }

    private static Coverage.MinuteSpan minutes(LocalDate day, int h1, int m1, int h2, int m2) {
        return new Coverage.MinuteSpan(Instant.ofEpochSecond(at(day, h1, m1)), Instant.ofEpochSecond(at(day, h2, m2)));
    }

    @Test
    void minuteLayoutReportsMissingDaysAndTheMissingMinutesOfEachDay() {
        week().storeYearly(client, "HOLE", MinuteBars.Stamp.MILLISECONDS, dir);

        Coverage c = client.marketData().coverage("HOLE", MAR_1, MAR_1.plusDays(6));

        assertThat(c.symbol()).isEqualTo("HOLE");
        assertThat(c.days()).isEqualTo(7);
        assertThat(c.resolutions()).singleElement().satisfies(l -> {
            assertThat(l.sourceResolution()).isEqualTo("1Y");
            assertThat(l.bar()).isEqualTo("1m");
            assertThat(l.daysWithData()).isEqualTo(4);
            assertThat(l.firstBar()).isEqualTo(Instant.ofEpochSecond(at(MAR_1, 0, 0)));
            assertThat(l.lastBar()).isEqualTo(Instant.ofEpochSecond(at(MAR_1.plusDays(4), 12, 58)));
            assertThat(l.covered()).containsExactly(span("2024-03-01", "2024-03-01"), span("2024-03-03", "2024-03-05"));
            assertThat(l.missingDays()).containsExactly(span("2024-03-02", "2024-03-02"), span("2024-03-06", "2024-03-07"));
            assertThat(l.daySpansTruncated()).isFalse();
            assertThat(l.missingMinutes()).isEqualTo(31 + (1440 - 390) + (1440 - 30));
            assertThat(l.partialDayCount()).isEqualTo(3);
            assertThat(l.partialDaysTruncated()).isFalse();
            assertThat(l.partialDays()).hasSize(3);

            LocalDate mar3 = MAR_1.plusDays(2);
            Coverage.PartialDay d3 = l.partialDays().get(0);
            assertThat(d3.date()).isEqualTo(mar3);
            assertThat(d3.bars()).isEqualTo(1409);
            assertThat(d3.missingMinutes()).isEqualTo(31);
            assertThat(d3.missingSpans()).isEqualTo(2);
            assertThat(d3.missing()).containsExactly(minutes(mar3, 10, 0, 10, 30), minutes(mar3, 23, 59, 24, 0));
            assertThat(d3.missing().get(0).minutes()).isEqualTo(30);

            LocalDate mar4 = MAR_1.plusDays(3);
            Coverage.PartialDay d4 = l.partialDays().get(1);
            assertThat(d4.bars()).isEqualTo(390);
            assertThat(d4.missing()).as("the hours outside a stock's session are gaps: no calendar is guessed")
                    .containsExactly(minutes(mar4, 0, 0, 9, 30), minutes(mar4, 16, 0, 24, 0));

            LocalDate mar5 = MAR_1.plusDays(4);
            Coverage.PartialDay d5 = l.partialDays().get(2);
            assertThat(d5.bars()).isEqualTo(30);
            assertThat(d5.missingSpans()).as("before 12:00, 29 single minutes, after 12:58").isEqualTo(31);
            assertThat(d5.missing()).hasSize(Coverage.MAX_SPANS_PER_DAY)
                    .startsWith(minutes(mar5, 0, 0, 12, 0), minutes(mar5, 12, 1, 12, 2), minutes(mar5, 12, 3, 12, 4));
        });
    }

    @Test
    void everyLayoutHoldingTheSymbolIsReportedDailyBarsByDay() {
        week().storeYearly(client, "ALL", MinuteBars.Stamp.TIMESTAMP, dir);
        week().slice(at(MAR_1, 0, 0), at(MAR_1, 24, 0)).storeDaily(client, "ALL", MinuteBars.Stamp.SECONDS, dir);
        MinuteBars daily = bars(List.of(at(MAR_1, 0, 0), at(MAR_1.plusDays(3), 0, 0), at(MAR_1.plusDays(4), 0, 0)));
        Path file = dir.resolve("ALL_1D_2024.parquet");
        daily.writeParquet(Internals.duckDb(client), file, MinuteBars.Stamp.TIMESTAMP);
        client.storage().upload(ParquetLayout.dailyBarsKey("ALL", 2024), file);
        client.marketData().refreshListings();

        Coverage c = client.marketData().coverage("ALL", MAR_1, MAR_1.plusDays(6));

        assertThat(c.resolutions()).extracting(Coverage.Layout::sourceResolution).containsExactly("1Y", "1m", "1D");
        assertThat(c.resolutions().get(1)).satisfies(legacy -> {
            assertThat(legacy.bar()).isEqualTo("1m");
            assertThat(legacy.daysWithData()).isEqualTo(1);
            assertThat(legacy.missingMinutes()).isZero();
            assertThat(legacy.missingDays()).containsExactly(span("2024-03-02", "2024-03-07"));
        });
        assertThat(c.resolutions().get(2)).satisfies(d -> {
            assertThat(d.bar()).isEqualTo("1d");
            assertThat(d.daysWithData()).isEqualTo(3);
            assertThat(d.firstBar()).isEqualTo(Instant.ofEpochSecond(at(MAR_1, 0, 0)));
            assertThat(d.lastBar()).isEqualTo(Instant.ofEpochSecond(at(MAR_1.plusDays(4), 0, 0)));
            assertThat(d.covered()).containsExactly(span("2024-03-01", "2024-03-01"), span("2024-03-04", "2024-03-05"));
            assertThat(d.missingDays()).containsExactly(span("2024-03-02", "2024-03-03"), span("2024-03-06", "2024-03-07"));
            assertThat(d.missingMinutes()).isNull();
            assertThat(d.partialDayCount()).isNull();
            assertThat(d.partialDays()).isEmpty();
        });
    }

    @Test
    void aRangeWithoutBarsIsOneGapAndASymbolWithoutDataIsNotFound() {
        week().storeYearly(client, "FAR", MinuteBars.Stamp.SECONDS, dir);

        Coverage c = client.marketData().coverage("FAR", LocalDate.of(2023, 6, 1), LocalDate.of(2023, 6, 30));
        assertThat(c.resolutions()).singleElement().satisfies(l -> {
            assertThat(l.daysWithData()).isZero();
            assertThat(l.firstBar()).isNull();
            assertThat(l.lastBar()).isNull();
            assertThat(l.covered()).isEmpty();
            assertThat(l.missingDays()).containsExactly(span("2023-06-01", "2023-06-30"));
            assertThat(l.missingMinutes()).isZero();
        });

        assertThatThrownBy(() -> client.marketData().coverage("NONE", MAR_1, MAR_1))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SYMBOL_NOT_FOUND));
    }

    @Test
    void listsAreCappedWhileTheCountsStayExact() {
        List<Long> t = new ArrayList<>();
        LocalDate first = LocalDate.of(2020, 1, 1);
        for (int i = 0; i < 800; i += 2) {
            t.add(at(first.plusDays(i), 12, 0));
        }
        bars(t).storeYearly(client, "SPARSE", MinuteBars.Stamp.SECONDS, dir);

        Coverage c = client.marketData().coverage("SPARSE", first, first.plusDays(799));

        assertThat(c.resolutions()).singleElement().satisfies(l -> {
            assertThat(l.daysWithData()).isEqualTo(400);
            assertThat(l.covered()).hasSize(Coverage.MAX_DAY_SPANS);
            assertThat(l.missingDays()).hasSize(Coverage.MAX_DAY_SPANS);
            assertThat(l.daySpansTruncated()).isTrue();
            assertThat(l.partialDayCount()).isEqualTo(400);
            assertThat(l.partialDays()).hasSize(Coverage.MAX_PARTIAL_DAYS);
            assertThat(l.partialDaysTruncated()).isTrue();
            assertThat(l.missingMinutes()).isEqualTo(400L * 1439);
            assertThat(l.partialDays().get(0).missing()).containsExactly(minutes(first, 0, 0, 12, 0), minutes(first, 12, 1, 24, 0));
        });
    }

    @Test
    void badRequestsAreRefusedWithTheCandleRules() {
        assertThatThrownBy(() -> CoverageRequest.parse("BTC", "2024-02-30", null))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat((List<?>) e.details().get("errors")).extracting(o -> ((FieldError) o).field())
                            .containsExactly("start_date", "end_date");
                });
        assertThatThrownBy(() -> CoverageRequest.parse("btc/..", "2024-01-01", "2024-01-02"))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SYMBOL));
        assertThatThrownBy(() -> client.marketData().coverage("BTC", MAR_1, MAR_1.minusDays(1)))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATE_RANGE));
        assertThatThrownBy(() -> client.marketData().coverage("BTC", MAR_1, MAR_1.plusDays(Coverage.MAX_DAYS)))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATE_RANGE);
                    assertThat(e.getMessage()).contains("at most " + Coverage.MAX_DAYS + " days");
                });
        assertThat(CoverageRequest.parse("BTC", "2024-01-01", "2024-01-01").days()).isEqualTo(1);
        assertThat(new CoverageRequest("BTC", MAR_1, MAR_1.plusDays(Coverage.MAX_DAYS - 1)).days()).isEqualTo(Coverage.MAX_DAYS);
    }
}
