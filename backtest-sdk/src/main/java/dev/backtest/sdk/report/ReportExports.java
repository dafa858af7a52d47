package dev.backtest.sdk.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.json.BacktestJson;
import dev.backtest.sdk.run.RunResults;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A saved report (with its content) in each export format, from the stored content alone: HTML (one self-contained
 * page, see {@link #html}), CSV (RFC 4180 with a header row, CRLF line ends, times ISO-8601 UTC, numbers in full
 * precision, an undefined value as an empty field) and JSON (the report as {@link ReportService#get} gives it).
 *
 * <pre>{@code
 * ReportView r = client.reports().get(me, reportId);
 * String csv = ReportExports.csv(r);    // the trades of a backtest_summary, the returns table of a period_returns
 * String page = ReportExports.html(r);
 * }</pre>
 */
public final class ReportExports {

    private static final ObjectMapper JSON = BacktestJson.newMapper();
    /** The columns of a backtest_summary's CSV: one closed trade a row. */
    public static final String[] TRADE_COLUMNS = {"seq", "entry_time", "exit_time", "size", "entry_price", "exit_price", "commission",
        "pnl", "return_pct"};
    /** The columns of a period_returns's CSV (the months, then the years) and of an index_performance's (the days first). */
    public static final String[] RETURN_COLUMNS = {"kind", "period", "start", "end", "start_equity", "end_equity", "return_pct"};

    private ReportExports() {
    }

    /** The report in {@code format}, named {@code report-<id>.<format>}. */
    public static ReportExport export(ReportView report, ReportFormat format) {
        String body = switch (format) {
            case HTML -> html(report);
            case CSV -> csv(report);
            case JSON -> json(report);
        };
        return new ReportExport("report-" + report.id() + "." + format.wire(), format.mediaType(), body);
    }

    /**
     * One self-contained HTML page (no scripts, styles or fonts from elsewhere): what the report was built from, the
     * summary figures, for a backtest_summary the equity and drawdown charts, the monthly and yearly returns as a
     * heatmap table (one row a year, one column a month, then the year), and for a backtest_summary the trades.
     */
    public static String html(ReportView report) {
        return SavedReportPage.render(requireContent(report));
    }

    /**
     * The trades (backtest_summary), the returns table (period_returns) or the index values then the returns table
     * (index_performance: one {@code day} row a value, its start the value before, then the months and the years) as
     * RFC 4180 CSV.
     */
    public static String csv(ReportView report) {
        ReportContent c = requireContent(report).content();
        boolean trades = report.type().equals(ReportType.BACKTEST_SUMMARY.wire());
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(trades ? TRADE_COLUMNS : RETURN_COLUMNS).get())) {
            if (trades) {
                for (RunResults.TradeRow t : c.trades()) {
                    p.printRecord(t.seq(), iso(t.entryTime()), iso(t.exitTime()), plain(t.size()), plain(t.entryPrice()),
                            plain(t.exitPrice()), plain(t.commission()), plain(t.pnl()), number(t.returnPct()));
                }
            } else {
                if (c.index() != null) {
                    days(p, c.equity());
                }
                returns(p, "month", c);
            }
        } catch (IOException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot write the report as CSV: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void days(CSVPrinter p, ReportContent.Equity values) throws IOException {
        for (int i = 0; i < values.time().length; i++) {
            String day = java.time.LocalDate.ofInstant(java.time.Instant.ofEpochSecond(values.time()[i]), java.time.ZoneOffset.UTC).toString();
            double before = values.equity()[i == 0 ? 0 : i - 1];
            double value = values.equity()[i];
            p.printRecord("day", day, day, day, number(before), number(value), number(before > 0 ? (value / before - 1) * 100 : null));
        }
    }

    private static void returns(CSVPrinter p, String kind, ReportContent c) throws IOException {
        for (ReportContent.PeriodReturn m : c.monthly()) {
            p.printRecord(kind, m.period(), m.start(), m.end(), number(m.startEquity()), number(m.endEquity()), number(m.returnPct()));
        }
        for (ReportContent.PeriodReturn y : c.yearly()) {
            p.printRecord("year", y.period(), y.start(), y.end(), number(y.startEquity()), number(y.endEquity()), number(y.returnPct()));
        }
    }

    /** The report, content included, as JSON (snake_case, as the server answers it). */
    public static String json(ReportView report) {
        try {
            return JSON.writeValueAsString(requireContent(report));
        } catch (JsonProcessingException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot write the report as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ReportView requireContent(ReportView report) {
        if (report.content() == null) {
            throw new IllegalArgumentException("report " + report.id() + " was listed without its content; get it first");
        }
        return report;
    }

    private static String iso(OffsetDateTime t) {
        return t == null ? "" : t.toInstant().toString();
    }

    private static String plain(BigDecimal v) {
        return v == null ? "" : v.toPlainString();
    }

    private static String number(Double v) {
        return v == null || !Double.isFinite(v) ? "" : BigDecimal.valueOf(v).toPlainString();
    }
}
