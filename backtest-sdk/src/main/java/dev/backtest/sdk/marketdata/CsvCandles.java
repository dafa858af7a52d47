package dev.backtest.sdk.marketdata;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Candles straight from an OHLCV CSV file, without the store: a header row; the time in the first
 * column (unnamed, as pandas writes it) or in a column named time, timestamp, date or datetime, as
 * ISO date, ISO date-time or unix seconds/milliseconds; open, high, low, close and optional volume
 * in any letter case. Every row is checked as an import checks it; a bad file is rejected with
 * {@code VALIDATION_FAILED} naming the file and each bad row.
 *
 * <pre>{@code
 * CandleSeries daily = CsvCandles.read(Path.of("BTC-daily.csv"));
 * }</pre>
 */
public final class CsvCandles {

    private CsvCandles() {
    }

    /** The file's candles; the symbol is the file name up to the first {@code .}, {@code _} or {@code -}. */
    public static CandleSeries read(Path csv) {
        CandleImporter.Problems problems = new CandleImporter.Problems();
        CandleImporter.Bars b = CandleImporter.parseCsv(csv, problems);
        CandleImporter.rejectIfInvalid("cannot read " + csv.getFileName(), csv, b, problems);
        int n = b.size;
        long[] time = Arrays.copyOf(b.time, n);
        return new CandleSeries(symbolOf(csv), timeframeOf(time), time, Arrays.copyOf(b.open, n), Arrays.copyOf(b.high, n),
                Arrays.copyOf(b.low, n), Arrays.copyOf(b.close, n), Arrays.copyOf(b.volume, n));
    }

    /** The timeframe whose width is closest to the median spacing of the bars (1d when unclear). */
    static Timeframe timeframeOf(long[] time) {
        if (time.length < 2) {
            return Timeframe.D1;
        }
        long[] gaps = new long[time.length - 1];
        for (int i = 1; i < time.length; i++) {
            gaps[i - 1] = time[i] - time[i - 1];
        }
        Arrays.sort(gaps);
        long median = gaps[gaps.length / 2];
        if (median >= 28 * 86_400L) {
            return Timeframe.MN1;
        }
        Timeframe best = Timeframe.D1;
        long bestDiff = Long.MAX_VALUE;
        for (Timeframe t : Timeframe.values()) {
            if (t.seconds() > 0 && Math.abs(t.seconds() - median) < bestDiff) {
                best = t;
                bestDiff = Math.abs(t.seconds() - median);
            }
        }
        return best;
    }

    private static String symbolOf(Path csv) {
        String name = csv.getFileName().toString().toUpperCase(Locale.ROOT).split("[._-]", 2)[0].replaceAll("[^A-Z0-9]", "");
        return name.isEmpty() ? "CSV" : name.length() > 20 ? name.substring(0, 20) : name;
    }
}
