package dev.backtest.sdk.source.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.source.FetchRequest;
import dev.backtest.sdk.source.SourceBar;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Alpaca Market Data v2, with the key id and secret in the {@code APCA-API-KEY-ID} and {@code APCA-API-SECRET-KEY}
 * headers. A provider symbol with a {@code /} ({@code BTC/USD}) is crypto, {@code GET /v1beta3/crypto/us/bars?symbols=},
 * anything else a US stock, {@code GET /v2/stocks/{symbol}/bars}; both with {@code timeframe=1Min|1Day}, RFC-3339
 * {@code start} and {@code end} (inclusive), {@code limit=10000} and the {@code next_page_token} of the previous page as
 * {@code page_token} until it is null.
 *
 * <ul>
 * <li>Stocks are asked for with {@code adjustment=raw}: the raw prices are what the store keeps. For daily stock bars
 * each page is asked for again with {@code adjustment=all} (splits and dividends) over the same dates, and its closes
 * become {@link SourceBar#adjustedClose()}.</li>
 * <li>Times are RFC-3339 instants. A daily bar starts at midnight New York time ({@code 05:00Z} in winter) for stocks
 * and at midnight US Central for crypto; it is put on its date in New York and then at 00:00 UTC of that date; the
 * range asked is one day wider on each side and the bars are cut to {@code [from, to)}.</li>
 * <li>Errors are a status with {@code {"message": "..."}}; 429 carries Retry-After when Alpaca sends one.</li>
 * </ul>
 * Rate limit: 200 requests a minute (Basic plan).
 */
final class AlpacaSource extends ProviderSource {

    static final String NAME = "alpaca";
    static final int LIMIT = 10_000;
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private final URI base;
    private final ProviderHttp http;
    private final ProviderCalls calls;
    private final Map<String, String> headers;

    AlpacaSource(URI base, String keyId, String secret, SourceSettings settings, HttpClient client) {
        super(NAME);
        this.base = base;
        this.http = new ProviderHttp(NAME, client, settings.timeout(), settings.clock());
        this.calls = new ProviderCalls(NAME, settings, List.of(keyId, secret));
        this.headers = Map.of("APCA-API-KEY-ID", keyId, "APCA-API-SECRET-KEY", secret);
    }

    @Override
    Stream<SourceBar> fetchChecked(FetchRequest request) {
        boolean daily = request.resolution() == BarResolution.DAILY;
        boolean crypto = request.providerSymbol().contains("/");
        Instant start = daily ? request.from().minus(1, ChronoUnit.DAYS) : request.from();
        Instant end = daily ? request.to().plus(1, ChronoUnit.DAYS) : request.to().minusSeconds(1);
        return PagedBars.stream(request, new PagedBars.Pager() {
            private String token;
            private boolean last;

            @Override
            public List<SourceBar> next() {
                if (last) {
                    return null;
                }
                Page page = page(request, crypto, daily, "raw", start, end, token);
                token = page.next();
                last = token == null;
                if (daily && !crypto && !page.bars().isEmpty()) {
                    return withAdjustedCloses(request, page.bars());
                }
                return page.bars();
            }
        });
    }

    /** One page: bars in the provider's order and the token of the next page (null: none). */
    private record Page(List<SourceBar> bars, String next) {
    }

    private Page page(FetchRequest request, boolean crypto, boolean daily, String adjustment, Instant start, Instant end, String token) {
        Map<String, String> q = new LinkedHashMap<>();
        String path;
        if (crypto) {
            path = "/v1beta3/crypto/us/bars";
            q.put("symbols", request.providerSymbol());
        } else {
            path = "/v2/stocks/" + ProviderHttp.encode(request.providerSymbol()) + "/bars";
        }
        q.put("timeframe", daily ? "1Day" : "1Min");
        q.put("start", DateTimeFormatter.ISO_INSTANT.format(start));
        q.put("end", DateTimeFormatter.ISO_INSTANT.format(end));
        q.put("limit", Integer.toString(LIMIT));
        if (!crypto) {
            q.put("adjustment", adjustment);
        }
        q.put("page_token", token);
        URI uri = URI.create(base + path + "?" + ProviderHttp.query(q));
        return calls.call(request, 1, () -> parse(http.get(uri, headers), request.providerSymbol(), crypto, daily));
    }

    Page parse(ProviderHttp.Answer answer, String providerSymbol, boolean crypto, boolean daily) {
        if (!answer.ok()) {
            throw ProviderHttp.refused(answer);
        }
        JsonNode body = answer.body();
        if (body == null || !body.isObject()) {
            throw ProviderFailure.permanent("unexpected answer: not a JSON object", null);
        }
        JsonNode bars = crypto ? body.path("bars").path(providerSymbol) : body.path("bars");
        List<SourceBar> out = new ArrayList<>();
        if (bars.isArray()) {
            for (JsonNode b : bars) {
                Instant t;
                try {
                    t = OffsetDateTime.parse(b.path("t").asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
                } catch (DateTimeParseException e) {
                    throw ProviderFailure.permanent("unexpected bar time '" + ProviderHttp.shorten(b.path("t").asText()) + "'", e);
                }
                if (!b.path("o").isNumber() || !b.path("h").isNumber() || !b.path("l").isNumber() || !b.path("c").isNumber()) {
                    continue;
                }
                long time = daily ? t.atZone(NEW_YORK).toLocalDate().atStartOfDay(ZoneOffset.UTC).toEpochSecond()
                        : t.truncatedTo(ChronoUnit.MINUTES).getEpochSecond();
                out.add(new SourceBar(time, b.get("o").asDouble(), b.get("h").asDouble(), b.get("l").asDouble(), b.get("c").asDouble(),
                        b.path("v").asDouble(0), Double.NaN));
            }
        } else if (!bars.isMissingNode() && !bars.isNull()) {
            throw ProviderFailure.permanent("unexpected answer: bars is not a list", null);
        }
        JsonNode next = body.get("next_page_token");
        return new Page(out, next == null || next.isNull() || next.asText().isEmpty() ? null : next.asText());
    }

    /** The page's bars with the closes of the same dates asked for with {@code adjustment=all}. */
    private List<SourceBar> withAdjustedCloses(FetchRequest request, List<SourceBar> raw) {
        long first = raw.stream().mapToLong(SourceBar::time).min().orElseThrow();
        long last = raw.stream().mapToLong(SourceBar::time).max().orElseThrow();
        Instant start = Instant.ofEpochSecond(first);
        Instant end = Instant.ofEpochSecond(last).plus(1, ChronoUnit.DAYS).minusSeconds(1);
        Map<Long, Double> adjusted = new HashMap<>();
        String token = null;
        do {
            Page page = page(request, false, true, "all", start, end, token);
            page.bars().forEach(b -> adjusted.put(b.time(), b.close()));
            token = page.next();
        } while (token != null);
        List<SourceBar> out = new ArrayList<>(raw.size());
        for (SourceBar b : raw) {
            Double adj = adjusted.get(b.time());
            out.add(new SourceBar(b.time(), b.open(), b.high(), b.low(), b.close(), b.volume(), adj == null ? Double.NaN : adj));
        }
        return out;
    }
}
