package dev.backtest.sdk.source.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.source.FetchRequest;
import dev.backtest.sdk.source.SourceBar;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Twelve Data's time series, {@code GET /time_series?symbol&interval=1min|1day&start_date&end_date&outputsize=5000
 * &apikey&timezone=UTC&order=ASC}; the key travels in the {@code apikey} parameter, so the URL is never logged or put
 * in a message.
 *
 * <ul>
 * <li>An answer holds at most 5,000 values, so the range is asked for in windows that cannot hold more: 3 days of
 * minutes (4,320), 13 years of days (4,745); should a window still come back full, the next request starts after its
 * last value.</li>
 * <li>{@code timezone=UTC}: intraday {@code datetime}s ({@code yyyy-MM-dd HH:mm:ss}) are UTC; a daily one
 * ({@code yyyy-MM-dd}) is the trading date, put at 00:00 UTC. Prices are strings; a missing volume (forex) is 0. No
 * adjusted close.</li>
 * <li>Errors are bodies {@code {"code": 4xx, "message": "...", "status": "error"}} (often with HTTP 200): code 429 is the
 * per-minute credit limit, waited for until the next minute; "No data is available" is an empty window; anything else
 * fails.</li>
 * </ul>
 * Rate limit: 8 requests a minute (Basic plan, which also caps 800 a day).
 */
final class TwelveDataSource extends ProviderSource {

    static final String NAME = "twelvedata";
    static final int MAX_VALUES = 5000;
    static final Duration MINUTE_WINDOW = Duration.ofDays(3);
    static final Duration DAILY_WINDOW = Duration.ofDays(13 * 365);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final URI base;
    private final String apiKey;
    private final ProviderHttp http;
    private final ProviderCalls calls;
    private final Clock clock;

    TwelveDataSource(URI base, String apiKey, SourceSettings settings, HttpClient client) {
        super(NAME);
        this.base = base;
        this.apiKey = apiKey;
        this.clock = settings.clock();
        this.http = new ProviderHttp(NAME, client, settings.timeout(), clock);
        this.calls = new ProviderCalls(NAME, settings, List.of(apiKey));
    }

    @Override
    Stream<SourceBar> fetchChecked(FetchRequest request) {
        boolean daily = request.resolution() == BarResolution.DAILY;
        Duration window = daily ? DAILY_WINDOW : MINUTE_WINDOW;
        long step = daily ? 86_400 : 60;
        Instant end = request.to();
        return PagedBars.stream(request, new PagedBars.Pager() {
            private Instant cursor = daily ? request.from().truncatedTo(ChronoUnit.DAYS) : request.from();

            @Override
            public List<SourceBar> next() {
                if (!cursor.isBefore(end)) {
                    return null;
                }
                Instant windowEnd = cursor.plus(window);
                if (windowEnd.isAfter(end)) {
                    windowEnd = end;
                }
                List<SourceBar> page = series(request, cursor, windowEnd, daily);
                cursor = page.size() >= MAX_VALUES ? Instant.ofEpochSecond(page.get(page.size() - 1).time() + step) : windowEnd;
                return page;
            }
        });
    }

    private List<SourceBar> series(FetchRequest request, Instant from, Instant to, boolean daily) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("symbol", request.providerSymbol());
        q.put("interval", daily ? "1day" : "1min");
        q.put("start_date", daily ? LocalDate.ofInstant(from, ZoneOffset.UTC).toString() : DATE_TIME.format(from.atOffset(ZoneOffset.UTC)));
        q.put("end_date", daily ? LocalDate.ofInstant(to, ZoneOffset.UTC).toString() : DATE_TIME.format(to.atOffset(ZoneOffset.UTC)));
        q.put("outputsize", Integer.toString(MAX_VALUES));
        q.put("timezone", "UTC");
        q.put("order", "ASC");
        q.put("apikey", apiKey);
        URI uri = URI.create(base + "/time_series?" + ProviderHttp.query(q));
        return calls.call(request, 1, () -> parse(http.get(uri, Map.of()), daily));
    }

    List<SourceBar> parse(ProviderHttp.Answer answer, boolean daily) {
        JsonNode body = answer.body();
        if (body == null || !body.isObject()) {
            throw answer.ok() ? ProviderFailure.permanent("unexpected answer: not a JSON object", null) : ProviderHttp.refused(answer);
        }
        if ("error".equalsIgnoreCase(body.path("status").asText()) || !answer.ok()) {
            int code = body.path("code").asInt(answer.status());
            String message = ProviderHttp.messageOf(body);
            if (code == 429) {
                throw ProviderFailure.rateLimited("rate limited (code 429: " + ProviderHttp.shorten(message) + ")", untilNextMinute());
            }
            if (message.toLowerCase(Locale.ROOT).contains("no data is available")) {
                return List.of();
            }
            if (code >= 500) {
                throw ProviderFailure.transientFailure("code " + code + ": " + ProviderHttp.shorten(message), (Throwable) null);
            }
            throw ProviderFailure.permanent("code " + code + ": " + ProviderHttp.shorten(message), null);
        }
        JsonNode values = body.path("values");
        if (values.isMissingNode() || values.isNull()) {
            return List.of();
        }
        if (!values.isArray()) {
            throw ProviderFailure.permanent("unexpected answer: values is not a list", null);
        }
        List<SourceBar> bars = new ArrayList<>(values.size());
        for (JsonNode v : values) {
            String datetime = v.path("datetime").asText();
            long time;
            try {
                time = datetime.length() == 10 ? LocalDate.parse(datetime).atStartOfDay(ZoneOffset.UTC).toEpochSecond()
                        : LocalDateTime.parse(datetime, DATE_TIME).toEpochSecond(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw ProviderFailure.permanent("unexpected datetime '" + ProviderHttp.shorten(datetime) + "'", e);
            }
            if (daily && time % 86_400 != 0) {
                continue;
            }
            double open = number(v, "open");
            double high = number(v, "high");
            double low = number(v, "low");
            double close = number(v, "close");
            if (Double.isNaN(open) || Double.isNaN(high) || Double.isNaN(low) || Double.isNaN(close)) {
                continue;
            }
            double volume = number(v, "volume");
            bars.add(new SourceBar(time, open, high, low, close, Double.isNaN(volume) ? 0 : volume, Double.NaN));
        }
        return bars;
    }

    /** Twelve Data counts credits per clock minute: the wait until the next one starts. */
    private Duration untilNextMinute() {
        Instant now = clock.instant();
        return Duration.between(now, now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES)).plusMillis(100);
    }

    private static double number(JsonNode bar, String field) {
        JsonNode n = bar.get(field);
        if (n == null || n.isNull()) {
            return Double.NaN;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        try {
            return Double.parseDouble(n.asText().strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
