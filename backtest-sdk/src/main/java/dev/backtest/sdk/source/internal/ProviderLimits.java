package dev.backtest.sdk.source.internal;

import java.time.Duration;

/**
 * How hard one provider may be asked, and when to stop asking it: a token bucket of {@code permitsPerMinute} refilled
 * evenly and holding at most {@code burst} permits (a request takes one permit, a Binance klines call its weight), and a
 * circuit breaker that opens after {@code breakerFailures} consecutive outages (5xx, timeouts, 429 after retries) and
 * lets one trial call through after {@code breakerDelay}.
 *
 * <p>The defaults are the free tiers' published limits: Yahoo Finance about 60 requests a minute (unofficial; more gets
 * 429s), Alpaca 200 a minute (Basic plan), Twelve Data 8 a minute (Basic plan, which also caps 800 a day), Binance
 * 1,200 request weight a minute per IP (a klines call weighs 2).
 */
record ProviderLimits(int permitsPerMinute, int burst, int breakerFailures, Duration breakerDelay) {

    static final Duration BREAKER_DELAY = Duration.ofSeconds(60);
    static final int BREAKER_FAILURES = 5;

    ProviderLimits {
        if (permitsPerMinute < 1 || burst < 1 || breakerFailures < 1 || breakerDelay.isNegative()) {
            throw new IllegalArgumentException("invalid limits " + permitsPerMinute + "/min, burst " + burst + ", breaker "
                    + breakerFailures + " after " + breakerDelay);
        }
    }

    /** The default limits of a provider by its configuration name. */
    static ProviderLimits defaults(String provider) {
        return switch (provider) {
            case YahooSource.NAME -> new ProviderLimits(60, 5, BREAKER_FAILURES, BREAKER_DELAY);
            case AlpacaSource.NAME -> new ProviderLimits(200, 20, BREAKER_FAILURES, BREAKER_DELAY);
            case TwelveDataSource.NAME -> new ProviderLimits(8, 8, BREAKER_FAILURES, BREAKER_DELAY);
            case BinanceSource.NAME -> new ProviderLimits(1200, 100, BREAKER_FAILURES, BREAKER_DELAY);
            default -> throw new IllegalArgumentException("no limits for provider " + provider);
        };
    }
}
