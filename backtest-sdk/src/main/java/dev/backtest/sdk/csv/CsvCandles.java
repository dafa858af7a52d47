package dev.backtest.sdk.csv;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.marketdata.internal.CandleImporter;

import java.nio.file.Path;
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

    /**
     * The file's candles; the symbol is the file name up to the first {@code .}, {@code _} or {@code -}, the timeframe
     * the one closest to the bars' spacing ({@link Timeframe#closestTo(long[])}).
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming the file and each bad row
     */
    public static CandleSeries read(Path csv) {
        return CandleImporter.readCsv(csv, symbolOf(csv));
    }

    private static String symbolOf(Path csv) {
        String name = csv.getFileName().toString().toUpperCase(Locale.ROOT).split("[._-]", 2)[0].replaceAll("[^A-Z0-9]", "");
        return name.isEmpty() ? "CSV" : name.length() > 20 ? name.substring(0, 20) : name;
    }
}
