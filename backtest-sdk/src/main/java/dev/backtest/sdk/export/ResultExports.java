package dev.backtest.sdk.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.EquityStats;
import dev.backtest.engine.WalkForwardResult;
import dev.backtest.engine.ClosedTrade;
import dev.backtest.engine.Stats;
import dev.backtest.engine.portfolio.Fill;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.json.BacktestJson;
import dev.backtest.sdk.run.RunResults;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/**
 * A run's trades and equity curve as CSV and its statistics as JSON, for spreadsheets and notebooks: the one writer
 * the SDK, the command line ({@code run --trades-csv/--equity-csv/--stats-json}, {@code scenario run}) and the server
 * ({@code GET .../results?format=csv&part=trades|equity}) share.
 *
 * <p>CSV is RFC 4180: a header row, CRLF line ends, times ISO-8601 UTC, numbers in full precision (plain notation, as
 * Java's shortest round-tripping form), an undefined value as an empty field.
 * <ul>
 *   <li>Trades ({@link #TRADE_COLUMNS}): {@code seq} (1-based, the order the engine closed them), {@code entry_time},
 *       {@code exit_time}, {@code side} (long or short), {@code size} (negative for a short), {@code entry_bar},
 *       {@code exit_bar} (bar indexes), {@code entry_price}, {@code exit_price}, {@code commission} (both sides),
 *       {@code pnl} (after commission), {@code return_pct} (a fraction, 0.01 = 1 %), {@code bars_held}
 *       ({@code exit_bar - entry_bar}) and {@code duration_days} (fractional days).</li>
 *   <li>Equity ({@link #EQUITY_COLUMNS}): {@code bar}, {@code time}, {@code equity}, {@code drawdown} (a fraction below
 *       the peak so far, 0.1 = 10 %).</li>
 *   <li>Portfolio trades ({@link #FILL_COLUMNS}): {@code seq}, {@code time}, {@code symbol}, {@code side} (buy or sell),
 *       {@code units}, {@code price}, {@code commission}.</li>
 *   <li>Statistics: the JSON object of {@code Reports.json}'s {@code stats} (names of docs/engine.md, {@code null}
 *       where undefined).</li>
 * </ul>
 *
 * <pre>{@code
 * BacktestResult r = Engine.run(series, Strategies.smaCross(10, 30), RunOptions.defaults());
 * Files.writeString(Path.of("trades.csv"), ResultExports.tradesCsv(r.trades()));
 * Files.writeString(Path.of("equity.csv"), ResultExports.equityCsv(r, series));
 * Files.writeString(Path.of("stats.json"), ResultExports.statsJson(r.stats()));
 * }</pre>
 */
public final class ResultExports {

    /** The columns of a trades CSV, in order. */
    public static final List<String> TRADE_COLUMNS = List.of("seq", "entry_time", "exit_time", "side", "size", "entry_bar", "exit_bar",
            "entry_price", "exit_price", "commission", "pnl", "return_pct", "bars_held", "duration_days");
    /** The columns of an equity CSV, in order. */
    public static final List<String> EQUITY_COLUMNS = List.of("bar", "time", "equity", "drawdown");
    /** The columns of a portfolio's trades (fills) CSV, in order. */
    public static final List<String> FILL_COLUMNS = List.of("seq", "time", "symbol", "side", "units", "price", "commission");
    /** The media type of the CSV exports. */
    public static final String CSV_MEDIA_TYPE = "text/csv";

    private static final ObjectMapper JSON = BacktestJson.newMapper();

    private ResultExports() {
    }

    /** The engine's closed trades as CSV ({@link #TRADE_COLUMNS}). */
    public static String tradesCsv(List<ClosedTrade> trades) {
        return csv(TRADE_COLUMNS, p -> {
            int seq = 0;
            for (ClosedTrade t : trades) {
                p.printRecord(++seq, iso(t.entryTime()), iso(t.exitTime()), t.size() < 0 ? "short" : "long", number(t.size()),
                        t.entryBar(), t.exitBar(), number(t.entryPrice()), number(t.exitPrice()), number(t.commission()),
                        number(t.pnl()), number(t.returnPct()), t.exitBar() - t.entryBar(), number(t.durationDays()));
            }
        });
    }

    /** A stored run's trades as CSV ({@link #TRADE_COLUMNS}), the same columns as {@link #tradesCsv(List)}. */
    public static String runTradesCsv(List<RunResults.TradeRow> trades) {
        return csv(TRADE_COLUMNS, p -> {
            for (RunResults.TradeRow t : trades) {
                long duration = t.exitTime().toEpochSecond() - t.entryTime().toEpochSecond();
                p.printRecord(t.seq(), iso(t.entryTime()), iso(t.exitTime()), t.size().signum() < 0 ? "short" : "long", plain(t.size()),
                        t.entryBar(), t.exitBar(), plain(t.entryPrice()), plain(t.exitPrice()), plain(t.commission()), plain(t.pnl()),
                        number(t.returnPct()), t.exitBar() - t.entryBar(), number(duration / 86_400.0));
            }
        });
    }

    /** The equity and drawdown curves of a run, one row a bar of {@code series} (the bars it ran on). */
    public static String equityCsv(BacktestResult result, CandleSeries series) {
        if (series.size() != result.equity().length) {
            throw new IllegalArgumentException("the series has " + series.size() + " bars, the result " + result.equity().length);
        }
        return equityCsv(null, series.time(), result.equity(), result.drawdown());
    }

    /** A stored run's (possibly reduced) equity curve as CSV ({@link #EQUITY_COLUMNS}). */
    public static String equityCsv(RunResults.EquityCurve curve) {
        return equityCsv(curve.barIndex(), curve.time(), curve.equity(), curve.drawdown());
    }

    /** A portfolio run's equity over its timeline as CSV ({@link #EQUITY_COLUMNS}; {@code bar} is the timeline index). */
    public static String equityCsv(PortfolioResult result) {
        return equityCsv(null, result.time(), result.equity(), result.drawdown());
    }

    /**
     * A walk-forward's stitched out-of-sample equity as CSV ({@link #EQUITY_COLUMNS}; {@code bar} indexes the stitched
     * curve, {@code drawdown} from its running peak).
     */
    public static String equityCsv(WalkForwardResult result) {
        return equityCsv(null, result.time(), result.equity(), EquityStats.drawdown(result.equity()));
    }

    /** A portfolio run's fills as CSV ({@link #FILL_COLUMNS}). */
    public static String fillsCsv(List<Fill> fills) {
        return csv(FILL_COLUMNS, p -> {
            int seq = 0;
            for (Fill f : fills) {
                p.printRecord(++seq, iso(f.time()), f.symbol(), f.side().name().toLowerCase(Locale.ROOT), number(f.units()),
                        number(f.price()), number(f.commission()));
            }
        });
    }

    /** The statistics as one JSON object (snake_case names, {@code null} where undefined). */
    public static String statsJson(Stats stats) {
        return json(stats);
    }

    /** Any result value (statistics, a portfolio's statistics, a sweep's result) as JSON with the SDK's mapper. */
    public static String json(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes {@code text} to {@code file} as UTF-8, creating its directory. */
    public static void write(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "cannot write " + file + ": " + e.getMessage())
                    .with("path", String.valueOf(file));
        }
    }

    private static String equityCsv(int[] bars, long[] time, double[] equity, double[] drawdown) {
        return csv(EQUITY_COLUMNS, p -> {
            for (int i = 0; i < time.length; i++) {
                p.printRecord(bars == null ? i : bars[i], iso(time[i]), number(equity[i]), number(drawdown[i]));
            }
        });
    }

    private interface Rows {
        void print(CSVPrinter printer) throws IOException;
    }

    private static String csv(List<String> header, Rows rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get())) {
            rows.print(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static String iso(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).toString();
    }

    private static String iso(OffsetDateTime t) {
        return t == null ? "" : t.toInstant().toString();
    }

    private static String plain(BigDecimal v) {
        return v == null ? "" : v.toPlainString();
    }

    private static String number(double v) {
        return Double.isFinite(v) ? BigDecimal.valueOf(v).toPlainString() : "";
    }
}
