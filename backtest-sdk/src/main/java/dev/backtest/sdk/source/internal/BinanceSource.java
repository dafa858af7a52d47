package dev.backtest.sdk.source.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.source.FetchRequest;
import dev.backtest.sdk.source.SourceBar;
import org.knowm.xchange.ExchangeFactory;
import org.knowm.xchange.ExchangeSpecification;
import org.knowm.xchange.binance.BinanceAdapters;
import org.knowm.xchange.binance.BinanceExchange;
import org.knowm.xchange.binance.dto.BinanceException;
import org.knowm.xchange.binance.dto.marketdata.BinanceKline;
import org.knowm.xchange.binance.dto.marketdata.KlineInterval;
import org.knowm.xchange.binance.service.BinanceMarketDataServiceRaw;
import org.knowm.xchange.currency.CurrencyPair;
import org.knowm.xchange.exceptions.ExchangeException;
import org.knowm.xchange.exceptions.RateLimitExceededException;
import si.mazi.rescu.HttpResponseAware;
import si.mazi.rescu.HttpStatusException;
import si.mazi.rescu.HttpStatusIOException;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Binance spot klines through XChange ({@code xchange-binance}): the raw market-data service's
 * {@code klines(pair, interval, limit, startTime, endTime)}, which is {@code GET /api/v3/klines}. No key: market data is
 * public.
 *
 * <ul>
 * <li>The exchange is built from an {@link ExchangeSpecification} whose {@code sslUri} is {@code BINANCE_BASE_URL} (a
 * test server in tests), with remote metadata loading off (no call to the real exchange when it is built) and
 * XChange's own retry and rate limiter off: the retries, the circuit breaker and the rate limit are ours, as for every
 * provider.</li>
 * <li>The provider symbol is {@code BTCUSDT}, {@code BTC/USDT} or {@code BTC-USDT}; a joined one is split before a
 * known quote asset (USDT, FDUSD, USDC, BTC, ETH, BNB, EUR, ...).</li>
 * <li>Paging by time: at most {@value #LIMIT} klines a call from {@code startTime}; the next call starts one interval
 * after the last open time, until a call returns fewer than {@value #LIMIT} or the range ends. A call weighs 2 against
 * Binance's 1,200 a minute.</li>
 * <li>Klines open on whole minutes (1m) or at 00:00 UTC (1d): times need no conversion. The kline still open
 * ({@code closeTime} not yet passed, by the clock) is left out. No adjusted close.</li>
 * <li>XChange's and rescu's exceptions are mapped: 429 and 418 with their Retry-After are rate limits, 5xx, timeouts and
 * I/O failures transient, Binance's error codes ({@code {"code":-1121,"msg":"Invalid symbol."}}) permanent.</li>
 * </ul>
 */
final class BinanceSource extends ProviderSource {

    static final String NAME = "binance";
    static final int LIMIT = 1000;
    static final int KLINES_WEIGHT = 2;
    private static final List<String> QUOTES = List.of("FDUSD", "USDT", "USDC", "TUSD", "BUSD", "DAI", "BTC", "ETH", "BNB", "EUR",
            "GBP", "TRY", "BRL", "JPY", "AUD", "USD");

    private final BinanceMarketDataServiceRaw marketData;
    private final ProviderCalls calls;
    private final Clock clock;
    private final Duration timeout;

    BinanceSource(URI base, SourceSettings settings) {
        super(NAME);
        this.clock = settings.clock();
        this.timeout = settings.timeout();
        this.calls = new ProviderCalls(NAME, settings, List.of());
        ExchangeSpecification spec = new ExchangeSpecification(BinanceExchange.class);
        String url = base.toString().replaceAll("/+$", "");
        spec.setSslUri(url);
        spec.setHost(base.getHost());
        if (base.getPort() > 0) {
            spec.setPort(base.getPort());
        }
        spec.setShouldLoadRemoteMetaData(false);
        spec.setHttpConnTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        spec.setHttpReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        spec.getResilience().setRetryEnabled(false);
        spec.getResilience().setRateLimiterEnabled(false);
        try {
            this.marketData = (BinanceMarketDataServiceRaw) ExchangeFactory.INSTANCE.createExchange(spec).getMarketDataService();
        } catch (RuntimeException e) {
            throw new BacktestException(ErrorCode.INVALID_CONFIG, "cannot set up the binance source on " + url + ": " + ProviderCalls.reasonOf(e), e)
                    .with("provider", NAME);
        }
    }

    @Override
    Stream<SourceBar> fetchChecked(FetchRequest request) {
        CurrencyPair pair = pair(request);
        KlineInterval interval = request.resolution() == BarResolution.DAILY ? KlineInterval.d1 : KlineInterval.m1;
        long step = interval.getMillis();
        long endMillis = request.to().toEpochMilli() - 1;
        return PagedBars.stream(request, new PagedBars.Pager() {
            private long cursor = request.from().toEpochMilli();
            private boolean last;

            @Override
            public List<SourceBar> next() {
                if (last || cursor > endMillis) {
                    return null;
                }
                long start = cursor;
                List<BinanceKline> klines = calls.call(request, KLINES_WEIGHT, () -> klines(pair, interval, start, endMillis));
                last = klines.size() < LIMIT;
                long now = clock.millis();
                List<SourceBar> page = new ArrayList<>(klines.size());
                for (BinanceKline k : klines) {
                    cursor = Math.max(cursor, k.getOpenTime() + step);
                    if (k.getCloseTime() >= now) {
                        last = true; // still open: nothing later exists yet
                        continue;
                    }
                    page.add(new SourceBar(k.getOpenTime() / 1000, k.getOpen().doubleValue(), k.getHigh().doubleValue(),
                            k.getLow().doubleValue(), k.getClose().doubleValue(), k.getVolume().doubleValue(), Double.NaN));
                }
                if (!klines.isEmpty() && cursor == start) {
                    last = true;
                }
                return page;
            }
        });
    }

    private List<BinanceKline> klines(CurrencyPair pair, KlineInterval interval, long start, long end) {
        try {
            return marketData.klines(pair, interval, LIMIT, start, end);
        } catch (IOException | RuntimeException e) {
            throw classify(e);
        }
    }

    /** XChange's, rescu's and the JDK's exceptions as a failure of this provider. */
    ProviderFailure classify(Throwable thrown) {
        Throwable e = thrown;
        while ((e instanceof si.mazi.rescu.AwareException || e instanceof java.lang.reflect.UndeclaredThrowableException
                || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof ProviderFailure f) {
            return f;
        }
        if (e instanceof JsonProcessingException j) {
            return ProviderFailure.permanent("malformed JSON answer (" + j.getOriginalMessage() + ")", null);
        }
        if (e instanceof HttpStatusException hs) {
            int status = hs.getHttpStatusCode();
            String detail = e instanceof BinanceException be ? be.getCode() + " " + rawMessage(be)
                    : e instanceof HttpStatusIOException io ? ProviderHttp.shorten(String.valueOf(io.getHttpBody())) : "";
            String reason = "HTTP " + status + (detail.isBlank() ? "" : ": " + detail);
            Duration retryAfter = e instanceof HttpResponseAware aware ? retryAfter(aware.getResponseHeaders()) : null;
            if (status == 429 || status == 418) {
                return ProviderFailure.rateLimited("rate limited (" + reason + ")", retryAfter);
            }
            if (status >= 500) {
                return retryAfter == null ? ProviderFailure.transientFailure(reason, (Throwable) null)
                        : ProviderFailure.transientFailure(reason, retryAfter);
            }
            if (status >= 200 && status < 300) {
                // rescu reports an answer it could not map (malformed JSON) as an HttpStatusIOException of the 200
                return ProviderFailure.permanent("malformed JSON answer (" + ProviderCalls.reasonOf(e) + ")", null);
            }
            if (status >= 400 || e instanceof BinanceException) {
                return ProviderFailure.permanent(reason, null);
            }
        }
        if (e instanceof SocketTimeoutException) {
            return ProviderFailure.transientFailure("no answer within " + timeout.toMillis() + " ms (SOURCE_TIMEOUT_SECONDS)", e);
        }
        if (e instanceof IOException) {
            return ProviderFailure.transientFailure("connection failed: " + ProviderCalls.reasonOf(e), e);
        }
        if (e instanceof RateLimitExceededException) {
            return ProviderFailure.rateLimited("rate limited: " + ProviderCalls.reasonOf(e), null);
        }
        if (e instanceof ExchangeException) {
            return ProviderFailure.permanent(ProviderCalls.reasonOf(e), e);
        }
        return ProviderFailure.permanent("unexpected error: " + ProviderCalls.reasonOf(e), e);
    }

    private Duration retryAfter(Map<String, List<String>> headers) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase("Retry-After") && h.getValue() != null && !h.getValue().isEmpty()) {
                return ProviderHttp.parseRetryAfter(h.getValue().get(0), clock).orElse(null);
            }
        }
        return null;
    }

    /** Binance's {@code msg}, without rescu's "(HTTP status code: n)" suffix. */
    private static String rawMessage(BinanceException e) {
        String m = String.valueOf(e.getMessage());
        return m.replaceFirst("\\s*\\(HTTP status code: \\d+\\)$", "");
    }

    /** The pair of the provider symbol, checked to spell the same Binance symbol back. */
    private CurrencyPair pair(FetchRequest request) {
        String s = request.providerSymbol().strip().toUpperCase(Locale.ROOT);
        CurrencyPair pair = null;
        String[] parts = s.split("[/\\-_]");
        if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            pair = new CurrencyPair(parts[0], parts[1]);
        } else if (parts.length == 1) {
            for (String quote : QUOTES) {
                if (s.endsWith(quote) && s.length() > quote.length()) {
                    pair = new CurrencyPair(s.substring(0, s.length() - quote.length()), quote);
                    break;
                }
            }
        }
        if (pair == null || !BinanceAdapters.toSymbol(pair).equals(s.replaceAll("[/\\-_]", ""))) {
            throw calls.failure(request, "'" + request.providerSymbol() + "' is not a Binance spot symbol; accepted: BTCUSDT, BTC/USDT or "
                    + "BTC-USDT, with a quote asset among " + QUOTES, null, null);
        }
        return pair;
    }
}
