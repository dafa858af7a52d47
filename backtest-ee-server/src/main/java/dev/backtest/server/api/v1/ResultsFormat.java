package dev.backtest.server.api.v1;

import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.export.ResultExports;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.run.RunResults;
import dev.backtest.sdk.run.RunService;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The {@code format} and {@code part} query parameters of the results routes: {@code format=json} (the default) answers
 * the results object; {@code format=csv} answers one part as an RFC 4180 file ({@code part=trades}: every closed trade;
 * {@code part=equity}: the equity curve reduced to {@code points}, by default {@value RunService#MAX_POINTS}), with the
 * columns of {@link ResultExports} and a Content-Disposition naming the file. Anything else is a field error naming the
 * parameter.
 */
final class ResultsFormat {

    static final String CSV = "text/csv";

    private ResultsFormat() {
    }

    /**
     * The response for the parameters; {@code fetch} reads the results for a number of points and a page of trades,
     * {@code json} is the default answer (the caller's own paging).
     */
    static Response respond(String format, String part, String points, BiFunction<Integer, PageRequest, RunResults> fetch,
                            java.util.function.Supplier<RunResults> json) {
        if (format == null || format.equals("json")) {
            if (part != null) {
                throw FieldErrors.single("part", "is read with format=csv only; got '" + shorten(part) + "'");
            }
            return Response.ok(json.get(), MediaType.APPLICATION_JSON_TYPE).build();
        }
        if (!format.equals("csv")) {
            throw FieldErrors.single("format", "must be json or csv; got '" + shorten(format) + "'");
        }
        if (part == null || !(part.equals("trades") || part.equals("equity"))) {
            throw FieldErrors.single("part", "must be trades or equity with format=csv; got "
                    + (part == null ? "nothing" : "'" + shorten(part) + "'"));
        }
        int n = QueryParams.integer("points", points, RunService.MAX_POINTS, "an integer from 2 to " + RunService.MAX_POINTS);
        String body;
        RunResults first;
        if (part.equals("equity")) {
            first = fetch.apply(n, PageRequest.first(1));
            body = ResultExports.equityCsv(first.equity());
        } else {
            first = fetch.apply(n, PageRequest.first(PageRequest.MAX_LIMIT));
            List<RunResults.TradeRow> trades = new ArrayList<>(first.trades().items());
            // every trade: page through at the largest page size (a run's trades are fixed once it completed)
            while (trades.size() < first.trades().total()) {
                RunResults next = fetch.apply(n, new PageRequest(PageRequest.MAX_LIMIT, trades.size(), PageRequest.first(1).sort()));
                if (next.trades().items().isEmpty()) {
                    break;
                }
                trades.addAll(next.trades().items());
            }
            body = ResultExports.runTradesCsv(trades);
        }
        return Response.ok(body, MediaType.valueOf(CSV).withCharset("UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"run-" + first.runId() + "-" + part + ".csv\"").build();
    }

    private static String shorten(String raw) {
        return raw.length() > 20 ? raw.substring(0, 20) + "..." : raw;
    }
}
