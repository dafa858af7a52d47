package dev.backtest.sdk.source.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.source.FetchRequest;
import dev.backtest.sdk.source.SourceBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Yahoo Finance's chart API, {@code GET /v8/finance/chart/{symbol}?period1&period2&interval=1d|1m&includeAdjustedClose=true
 * &events=div,splits}, no key.
 *
 * <ul>
 * <li>Daily bars: one request for the whole range (Yahoo answers decades at once). A daily bar's timestamp is the
 * session's start in epoch seconds (09:30 New York for a US stock, 09:00 Tokyo for a Japanese one); it is put on its
 * trading date in the exchange's time zone ({@code meta.exchangeTimezoneName}, else {@code meta.gmtoffset}) and then at
 * 00:00 UTC of that date. The range asked is one day wider on each side, because a session may start on the day
 * before in UTC (Sydney, Tokyo); the bars are then cut to {@code [from, to)}. The raw close is {@code close};
 * {@code indicators.adjclose} (dividends and splits) becomes {@link SourceBar#adjustedClose()}.</li>
 * <li>1-minute bars: Yahoo keeps them for the last 30 days only and serves at most 8 days per request, so the range is
 * cut to the last {@value #MINUTE_HISTORY_DAYS} days (a day's margin) and asked for in windows of
 * {@value #MINUTE_WINDOW_DAYS} days; the minute in progress is left out. No adjusted close.</li>
 * <li>A bar with a null open, high, low or close (a halt, a bar still forming) is skipped; a null volume is 0.</li>
 * <li>Errors come as {@code chart.error} ({@code {"code":"Not Found","description":"No data found, symbol may be
 * delisted"}}), with a 4xx status or without.</li>
 * </ul>
 */
final class YahooSource extends ProviderSource {

    static final String NAME = "yahoo";
    static final int MINUTE_HISTORY_DAYS = 29;
    static final int MINUTE_WINDOW_DAYS = 7;
    private static final Logger LOG = LoggerFactory.getLogger(YahooSource.class);

    private final URI base;
    private final ProviderHttp http;
    private final ProviderCalls calls;
    private final Clock clock;

    YahooSource(URI base, SourceSettings settings, HttpClient client) {
        super(NAME);
        this.base = base;
        this.clock = settings.clock();
        this.http = new ProviderHttp(NAME, client, settings.timeout(), clock);
        this.calls = new ProviderCalls(NAME, settings, List.of());
    }

    @Override
    Stream<SourceBar> fetchChecked(FetchRequest request) {
        if (request.resolution() == BarResolution.DAILY) {
            Instant from = request.from().minus(1, ChronoUnit.DAYS);
            Instant to = request.to().plus(1, ChronoUnit.DAYS);
            return PagedBars.stream(request, PagedBars.single(() -> chart(request, from, to, true)));
        }
        Instant now = clock.instant();
        Instant earliest = now.minus(MINUTE_HISTORY_DAYS, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        Instant start = request.from().isBefore(earliest) ? earliest : request.from();
        Instant end = request.to().isAfter(now) ? now : request.to();
        if (start.isAfter(request.from())) {
            LOG.debug("yahoo: 1-minute bars of {} start at {} (Yahoo keeps the last 30 days)", request.symbol(), start);
        }
        return PagedBars.stream(request, new PagedBars.Pager() {
            private Instant cursor = start;

            @Override
            public List<SourceBar> next() {
                if (!cursor.isBefore(end)) {
                    return null;
                }
                Instant windowEnd = cursor.plus(MINUTE_WINDOW_DAYS, ChronoUnit.DAYS);
                if (windowEnd.isAfter(end)) {
                    windowEnd = end;
                }
                List<SourceBar> page = chart(request, cursor, windowEnd, false);
                cursor = windowEnd;
                return page;
            }
        });
    }

    private List<SourceBar> chart(FetchRequest request, Instant from, Instant to, boolean daily) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("period1", Long.toString(from.getEpochSecond()));
        q.put("period2", Long.toString(to.getEpochSecond()));
        q.put("interval", daily ? "1d" : "1m");
        q.put("includeAdjustedClose", "true");
        q.put("events", "div,splits");
        URI uri = URI.create(base + "/v8/finance/chart/" + ProviderHttp.encode(request.providerSymbol()) + "?" + ProviderHttp.query(q));
        return calls.call(request, 1, () -> parse(http.get(uri, Map.of()), daily));
    }

    /** The bars of one chart answer. */
    List<SourceBar> parse(ProviderHttp.Answer answer, boolean daily) {
        JsonNode chart = answer.body() == null ? null : answer.body().get("chart");
        JsonNode error = chart == null ? null : chart.get("error");
        if (error != null && !error.isNull()) {
            String code = error.path("code").asText("");
            String description = error.path("description").asText("");
            throw ProviderFailure.permanent("Yahoo answered " + (answer.ok() ? "" : "HTTP " + answer.status() + " ") + code
                    + (description.isEmpty() ? "" : ": " + description), null);
        }
        if (!answer.ok()) {
            throw ProviderHttp.refused(answer);
        }
        JsonNode result = chart == null ? null : chart.get("result");
        if (result == null || !result.isArray() || result.isEmpty()) {
            throw ProviderFailure.permanent("unexpected answer: no chart.result", null);
        }
        JsonNode r = result.get(0);
        JsonNode times = r.path("timestamp");
        if (!times.isArray() || times.isEmpty()) {
            return List.of();
        }
        JsonNode quote = r.path("indicators").path("quote").path(0);
        JsonNode open = quote.path("open");
        JsonNode high = quote.path("high");
        JsonNode low = quote.path("low");
        JsonNode close = quote.path("close");
        JsonNode volume = quote.path("volume");
        JsonNode adjclose = r.path("indicators").path("adjclose").path(0).path("adjclose");
        ZoneId zone = daily ? exchangeZone(r.path("meta")) : ZoneOffset.UTC;
        long nowSeconds = clock.instant().getEpochSecond();
        List<SourceBar> bars = new ArrayList<>(times.size());
        for (int i = 0; i < times.size(); i++) {
            JsonNode t = times.get(i);
            if (!t.isNumber() || !isNumber(open.path(i)) || !isNumber(high.path(i)) || !isNumber(low.path(i)) || !isNumber(close.path(i))) {
                continue;
            }
            long seconds = t.asLong();
            long time;
            if (daily) {
                time = Instant.ofEpochSecond(seconds).atZone(zone).toLocalDate().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            } else {
                if (seconds % 60 != 0 || seconds + 60 > nowSeconds) {
                    continue; // the minute in progress: Yahoo stamps it with its last trade
                }
                time = seconds;
            }
            double v = isNumber(volume.path(i)) ? volume.get(i).asDouble() : 0;
            double adj = daily && isNumber(adjclose.path(i)) ? adjclose.get(i).asDouble() : Double.NaN;
            bars.add(new SourceBar(time, open.get(i).asDouble(), high.get(i).asDouble(), low.get(i).asDouble(), close.get(i).asDouble(), v,
                    adj));
        }
        return bars;
    }

    /** The exchange's zone: {@code exchangeTimezoneName}, else the fixed {@code gmtoffset}, else UTC. */
    static ZoneId exchangeZone(JsonNode meta) {
        String name = meta.path("exchangeTimezoneName").asText("");
        if (!name.isEmpty()) {
            try {
                return ZoneId.of(name);
            } catch (DateTimeException e) {
                // fall back to the offset
            }
        }
        JsonNode offset = meta.get("gmtoffset");
        if (offset != null && offset.canConvertToInt() && Math.abs(offset.asInt()) <= 18 * 3600) {
            return ZoneOffset.ofTotalSeconds(offset.asInt());
        }
        return ZoneOffset.UTC;
    }

    private static boolean isNumber(JsonNode n) {
        return n != null && n.isNumber();
    }
}
