package dev.backtest.server.api.v1;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.marketdata.CandleCacheStats;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.sdk.marketdata.Coverage;
import dev.backtest.sdk.marketdata.CoverageRequest;
import dev.backtest.sdk.marketdata.DataRange;
import dev.backtest.sdk.marketdata.SourceResolution;
import dev.backtest.sdk.marketdata.Symbols;
import dev.backtest.server.marketdata.CandleBatchRequest;
import dev.backtest.server.marketdata.CandleBodies;
import dev.backtest.server.marketdata.CandleDataRequest;
import dev.backtest.server.marketdata.CandleParams;
import dev.backtest.server.http.CompressionFilter;
import dev.backtest.server.http.EntityTags;
import dev.backtest.server.marketdata.HttpCaching;
import dev.backtest.server.marketdata.RenderedCandles;
import dev.backtest.server.openapi.OpenApiNames;
import dev.backtest.server.storage.GuardedStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Candles and their catalogue: {@code /api/v1/ohlcv/...}. Thin: validate, ask the SDK (object-store
 * calls through {@link GuardedStorage}), write the answer. Candle bodies are streamed from the
 * columnar arrays, as JSON (columns by default, {@code format=rows}) or CSV ({@code Accept: text/csv}).
 */
@Path("/api/v1/ohlcv")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ohlcv")
@ApplicationScoped
public class OhlcvResource {

    static final String TEXT_CSV = "text/csv";

    @Inject
    BacktestClient client;

    @Inject
    GuardedStorage store;

    @Inject
    RenderedCandles rendered;

    public record SymbolList(String sourceResolution, int count, List<String> symbols) {
    }

    public record Range(LocalDate startDate, LocalDate endDate, Instant firstBar, Instant lastBar) {
    }

    public record SymbolRanges(String symbol,
                               @Schema(description = "Layout code (1Y, 1m) → start_date and end_date (days), first_bar and "
                                       + "last_bar (times) of its data") Map<String, Range> ranges) {
    }

    public record TimeframeInfo(String code, long seconds, String description) {
    }

    public record TimeframeList(String defaultTimeframe, List<TimeframeInfo> timeframes) {
    }

    public record CacheStats(int entries, long bytes, long maxBytes, long hits, long misses, long evictions, double hitRatio,
                             long downloads) {
    }

    /** Symbols with data in a layout ({@code source_resolution}: {@code 1Y} default, or {@code 1m}). */
    @GET
    @Path("/symbols")
    @Operation(operationId = "listSymbols", summary = "Symbols with data in a layout")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SymbolList")))
    @APIResponse(responseCode = "400", description = "Unknown source_resolution (VALIDATION_FAILED)")
    @APIResponse(responseCode = "503", ref = OpenApiNames.STORAGE_UNAVAILABLE)
    public SymbolList symbols(@Parameter(ref = OpenApiNames.SOURCE_RESOLUTION) @QueryParam("source_resolution") String sourceResolution) {
        SourceResolution resolution = resolution(sourceResolution);
        List<String> symbols = store.symbols(resolution);
        return new SymbolList(resolution.code(), symbols.size(), symbols);
    }

    /** The first and last available day of a symbol in each layout that has it; 404 when none has. */
    @GET
    @Path("/symbols/{symbol}/range")
    @Operation(operationId = "getSymbolRange", summary = "First and last available day of a symbol per layout")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SymbolRanges")))
    @APIResponse(responseCode = "404", description = "No data for the symbol in any layout (SYMBOL_NOT_FOUND)")
    @APIResponse(responseCode = "400", description = "Invalid symbol (INVALID_SYMBOL)")
    @APIResponse(responseCode = "503", ref = OpenApiNames.STORAGE_UNAVAILABLE)
    public SymbolRanges range(@Parameter(description = "Symbol, upper case", example = "BTC") @PathParam("symbol") String symbol) {
        String checked = FieldErrors.about("symbol", () -> Symbols.require(symbol));
        Map<String, Range> ranges = new LinkedHashMap<>();
        for (SourceResolution r : SourceResolution.values()) {
            Optional<DataRange> range = store.range(checked, r);
            range.ifPresent(d -> ranges.put(r.code(), new Range(d.firstDate(), d.lastDate(), d.first(), d.last())));
        }
        if (ranges.isEmpty()) {
            throw BacktestException.of(ErrorCode.SYMBOL_NOT_FOUND, "no data for symbol '" + checked + "' in any layout")
                    .with("symbol", checked);
        }
        return new SymbolRanges(checked, ranges);
    }

    /**
     * Which days of a range the symbol has data for, per layout, and the gaps: days without any bar and, for 1-minute
     * layouts, the minutes missing on each day with data. No exchange calendar is applied.
     */
    @GET
    @Path("/symbols/{symbol}/coverage")
    @Operation(operationId = "getSymbolCoverage", summary = "Days with data and the gaps of a symbol in a range, per layout",
            description = "Per stored layout (1Y minute files, 1D daily bars, 1m legacy daily files): the UTC days with at least "
                    + "one bar, the runs of days without any, and for 1-minute layouts each day with data that lacks minutes, "
                    + "with the missing minutes as [from, to) spans. Nothing is guessed: a weekend or a closed session without "
                    + "bars (a stock's) is a gap like any other. The range is at most " + Coverage.MAX_DAYS + " days; lists are "
                    + "capped (" + Coverage.MAX_DAY_SPANS + " day spans, " + Coverage.MAX_PARTIAL_DAYS + " partial days, "
                    + Coverage.MAX_SPANS_PER_DAY + " spans a day), counts are exact.")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.COVERAGE)))
    @APIResponse(responseCode = "400", description = "Missing or invalid start_date or end_date (VALIDATION_FAILED), an invalid "
            + "symbol (INVALID_SYMBOL), a reversed range or one longer than " + Coverage.MAX_DAYS + " days (DATE_RANGE)")
    @APIResponse(responseCode = "404", description = "No data for the symbol in any layout (SYMBOL_NOT_FOUND)")
    @APIResponse(responseCode = "503", ref = OpenApiNames.STORAGE_UNAVAILABLE)
    public Coverage coverage(@Parameter(description = "Symbol, upper case", example = "BTC") @PathParam("symbol") String symbol,
                             @Parameter(description = "First day, inclusive (ISO date)", required = true, example = "2024-01-01")
                             @QueryParam("start_date") String startDate,
                             @Parameter(description = "Last day, inclusive (ISO date)", required = true, example = "2024-01-31")
                             @QueryParam("end_date") String endDate) {
        return store.coverage(CoverageRequest.parse(symbol, startDate, endDate));
    }

    /** Candles of one symbol; query parameters as {@link CandleDataRequest}. */
    @GET
    @Path("/data")
    @Produces({MediaType.APPLICATION_JSON, TEXT_CSV})
    @Operation(operationId = "getCandles", summary = "Candles of one symbol (JSON columns, JSON rows or CSV)",
            description = "Answers carry a weak ETag, derived from the stored objects the candles were computed from and the "
                    + "normalised request (the same for the gzipped body), and Cache-Control: `private, max-age=3600` for a "
                    + "range ending before yesterday (UTC), `private, no-cache` otherwise. Send the ETag back in If-None-Match "
                    + "to get 304 Not Modified without a body while the data is unchanged.")
    @APIResponse(responseCode = "200", ref = OpenApiNames.CANDLES_FOUND)
    @APIResponse(responseCode = "304", description = "Not modified: If-None-Match names the current ETag (or is *); no body",
            headers = {@Header(name = "ETag", description = "The current weak ETag", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Cache-Control", description = "As for 200", schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", ref = OpenApiNames.INVALID_CANDLE_REQUEST)
    @APIResponse(responseCode = "404", description = "No data for the symbol (SYMBOL_NOT_FOUND)")
    @APIResponse(responseCode = "422", ref = OpenApiNames.RESULT_TOO_LARGE)
    @APIResponse(responseCode = "503", ref = OpenApiNames.STORAGE_UNAVAILABLE)
    public Response data(@Parameter(description = "Symbol, upper case", required = true, example = "BTC") @QueryParam("symbol") String symbol,
                         @Parameter(description = "First day, inclusive (ISO date)", required = true, example = "2024-01-01") @QueryParam("start_date") String startDate,
                         @Parameter(description = "Last day, inclusive (ISO date)", required = true, example = "2024-01-31") @QueryParam("end_date") String endDate,
                         @Parameter(ref = OpenApiNames.TIMEFRAME) @QueryParam("timeframe") String timeframe,
                         @Parameter(ref = OpenApiNames.SOURCE_RESOLUTION) @QueryParam("source_resolution") String sourceResolution,
                         @Parameter(description = "JSON layout: columns t o h l c v, or rows (candles); ignored for text/csv",
                                 schema = @Schema(type = SchemaType.STRING, enumeration = {"columns", "rows"}, defaultValue = "columns")) @QueryParam("format") String format,
                         @Parameter(in = ParameterIn.HEADER, name = "If-None-Match", description = "ETags of answers the client "
                                 + "holds (a list, or *): 304 when one is current") @HeaderParam("If-None-Match") String ifNoneMatch,
                         @Context HttpHeaders headers) {
        return candles(CandleParams.single(symbol, startDate, endDate, timeframe, sourceResolution, format), headers, true);
    }

    /** Candles of one symbol, the request as a JSON body. */
    @POST
    @Path("/data")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, TEXT_CSV})
    @Operation(operationId = "postCandles", summary = "Candles of one symbol, the query as a JSON body")
    @APIResponse(responseCode = "200", ref = OpenApiNames.CANDLES_FOUND)
    @APIResponse(responseCode = "400", ref = OpenApiNames.INVALID_CANDLE_REQUEST)
    @APIResponse(responseCode = "404", description = "No data for the symbol (SYMBOL_NOT_FOUND)")
    @APIResponse(responseCode = "422", ref = OpenApiNames.RESULT_TOO_LARGE)
    @APIResponse(responseCode = "503", ref = OpenApiNames.STORAGE_UNAVAILABLE)
    public Response data(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "CandleDataRequest"),
            examples = @ExampleObject(name = "btc_january", value = "{\"symbol\": \"BTC\", \"start_date\": \"2024-01-01\", "
                    + "\"end_date\": \"2024-01-31\", \"timeframe\": \"1h\"}"))) CandleDataRequest body, @Context HttpHeaders headers) {
        CandleDataRequest b = body != null ? body : new CandleDataRequest(null, null, null, null, null, null);
        return candles(CandleParams.single(b.symbol(), b.startDate(), b.endDate(), b.timeframe(), b.sourceResolution(), b.format()),
                headers, false);
    }

    /** Candles of up to 20 symbols for one range and timeframe, queried in parallel, keyed by symbol. */
    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCandleBatch", summary = "Candles of up to 20 symbols for one range, keyed by symbol")
    @APIResponse(responseCode = "200", description = "The candles of each symbol, in request order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.CANDLE_BATCH)))
    @APIResponse(responseCode = "404", description = "No data for one of the symbols (SYMBOL_NOT_FOUND): the whole request fails")
    @APIResponse(responseCode = "422", ref = OpenApiNames.RESULT_TOO_LARGE)
    @APIResponse(responseCode = "400", description = "Missing or invalid fields, no symbols or more than " + CandleParams.MAX_BATCH_SYMBOLS
            + " (VALIDATION_FAILED), an invalid symbol (INVALID_SYMBOL) or timeframe (INVALID_TIMEFRAME), a reversed range or one "
            + "outside the data (DATE_RANGE)")
    @APIResponse(responseCode = "503", ref = OpenApiNames.STORAGE_UNAVAILABLE)
    public Response batch(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "CandleBatchRequest"),
            examples = @ExampleObject(name = "two_symbols", value = "{\"symbols\": [\"BTC\", \"ETH\"], \"start_date\": \"2024-01-01\", "
                    + "\"end_date\": \"2024-01-07\", \"timeframe\": \"1d\"}"))) CandleBatchRequest body) {
        CandleBatchRequest b = body != null ? body : new CandleBatchRequest(null, null, null, null, null, null);
        CandleParams p = CandleParams.batch(b.symbols(), b.startDate(), b.endDate(), b.timeframe(), b.sourceResolution(), b.format());
        Map<String, CandleSeries> bySymbol = store.fetchAll(client.candles().select(p.selection()));
        return Response.ok(CandleBodies.batch(bySymbol, p), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/timeframes")
    @Operation(operationId = "listTimeframes", summary = "Supported timeframes and the default")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TimeframeList")))
    public TimeframeList timeframes() {
        List<TimeframeInfo> all = new java.util.ArrayList<>();
        for (Timeframe t : Timeframe.values()) {
            all.add(new TimeframeInfo(t.code(), t.seconds(), describe(t)));
        }
        return new TimeframeList(CandleParams.DEFAULT_TIMEFRAME.code(), all);
    }

    /** The candle result cache and the file cache's download count, since start. */
    @GET
    @Path("/cache")
    @Operation(operationId = "getCacheStats", summary = "Candle cache statistics since start")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "CacheStats")))
    public CacheStats cache() {
        CandleCacheStats s = client.marketData().cacheStats();
        return new CacheStats(s.entries(), s.bytes(), s.maxBytes(), s.hits(), s.misses(), s.evictions(), s.hitRatio(),
                client.marketData().downloads());
    }

    private Response candles(CandleParams p, HttpHeaders headers, boolean conditional) {
        CandleQuery q = client.candles().select(p.selection());
        // answered from memory, a cached result needs none of the guards around the store
        CandleSeries series = q.fetchIfCached().orElseGet(() -> store.fetch(q));
        boolean csv = wantsCsv(headers);
        RenderedCandles.Answer answer = csv ? rendered.csv(q, series, p)
                : rendered.json(q, series, p, CompressionFilter.acceptsGzip(headers.getRequestHeader(HttpHeaders.ACCEPT_ENCODING)));
        String cacheControl = HttpCaching.cacheControl(p.end(), LocalDate.now(Clock.systemUTC()));
        if (conditional && answer.etag() != null
                && EntityTags.noneMatchFails(headers.getRequestHeader(EntityTags.IF_NONE_MATCH), answer.etag())) {
            return Response.notModified().header(HttpHeaders.ETAG, answer.etag()).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                    .header(HttpHeaders.VARY, HttpCaching.VARY).build();
        }
        Response.ResponseBuilder ok;
        if (csv) {
            String file = p.symbol() + "_" + p.timeframe().code() + "_" + p.start() + "_" + p.end() + ".csv";
            ok = Response.ok(answer.entity(), TEXT_CSV + ";charset=utf-8").header("Content-Disposition", "inline; filename=\"" + file + "\"");
        } else {
            ok = Response.ok(answer.entity(), MediaType.APPLICATION_JSON_TYPE);
        }
        if (answer.gzipped()) {
            // compressed once and kept: the compression filter passes a body with its own encoding through
            ok.header(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        ok.header(HttpHeaders.VARY, HttpCaching.VARY);
        if (!conditional) {
            return ok.build(); // POST answers are not cached by HTTP: no validator, the default no-store
        }
        if (answer.etag() != null) {
            ok.header(HttpHeaders.ETAG, answer.etag());
        }
        return ok.header(HttpHeaders.CACHE_CONTROL, cacheControl).build();
    }

    /** CSV when the client prefers it to JSON (acceptable types come sorted by preference). */
    private static boolean wantsCsv(HttpHeaders headers) {
        for (MediaType m : headers.getAcceptableMediaTypes()) {
            if ("text".equals(m.getType()) && "csv".equals(m.getSubtype())) {
                return true;
            }
            if (m.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
        }
        return false;
    }

    private static SourceResolution resolution(String code) {
        return code == null || code.isBlank() ? SourceResolution.YEARLY
                : FieldErrors.about("source_resolution", () -> SourceResolution.parse(code));
    }

    private static String describe(Timeframe t) {
        return switch (t) {
            case M1 -> "1 minute";
            case M5 -> "5 minutes";
            case M15 -> "15 minutes";
            case M30 -> "30 minutes";
            case H1 -> "1 hour";
            case H4 -> "4 hours";
            case D1 -> "1 day (UTC)";
            case W1 -> "1 week, starting Monday 00:00 UTC";
            case MN1 -> "1 calendar month (UTC)";
        };
    }
}
