package dev.backtest.sdk.source.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TokenBucketTest {

    @Test
    void servesTheBurstAtOnceThenSpacesCallsAtTheRate() {
        AtomicLong now = new AtomicLong(0);
        TokenBucket bucket = new TokenBucket(60, 3, now::get);   // one a second, three saved up

        assertThat(bucket.reserve(1)).isZero();
        assertThat(bucket.reserve(1)).isZero();
        assertThat(bucket.reserve(1)).isZero();
        assertThat(bucket.reserve(1)).isCloseTo(TimeUnit.SECONDS.toNanos(1), within(1_000L));
        assertThat(bucket.reserve(1)).isCloseTo(TimeUnit.SECONDS.toNanos(2), within(1_000L));   // in the queue behind the one before
    }

    @Test
    void refillsEvenlyButNeverAboveTheBurst() {
        AtomicLong now = new AtomicLong(0);
        TokenBucket bucket = new TokenBucket(8, 2, now::get);    // Twelve Data's free tier: 8 a minute

        assertThat(bucket.reserve(2)).isZero();
        now.addAndGet(TimeUnit.SECONDS.toNanos(8));               // 8 s: one permit back (one every 7.5 s)
        assertThat(bucket.reserve(1)).isZero();
        now.addAndGet(TimeUnit.HOURS.toNanos(1));                 // an hour idle still saves only 2
        assertThat(bucket.reserve(2)).isZero();
        assertThat(bucket.reserve(1)).isCloseTo(TimeUnit.MILLISECONDS.toNanos(7_500), within(1_000L));
    }

    @Test
    void weighsACallByItsPermits() {
        AtomicLong now = new AtomicLong(0);
        TokenBucket bucket = new TokenBucket(1200, 4, now::get);  // Binance: 1,200 weight a minute, klines weigh 2

        assertThat(bucket.reserve(2)).isZero();
        assertThat(bucket.reserve(2)).isZero();
        assertThat(bucket.reserve(2)).isCloseTo(TimeUnit.MILLISECONDS.toNanos(100), within(1_000L));
    }
}
