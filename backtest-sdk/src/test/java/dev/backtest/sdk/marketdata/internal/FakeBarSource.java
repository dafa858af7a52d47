package dev.backtest.sdk.marketdata.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.source.BarSource;
import dev.backtest.sdk.source.FetchRequest;
import dev.backtest.sdk.source.SourceBar;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A source for the refresh tests: serves the bars it is given (those in the request's range), remembers every request,
 * and can fail after a number of bars (mid-stream, as a provider's next page would) or run a hook on each fetch.
 */
final class FakeBarSource implements BarSource {

    private final String name;
    private final Set<BarResolution> resolutions;
    private volatile List<SourceBar> bars = List.of();
    private volatile int failAfter = -1;
    private volatile Consumer<FetchRequest> onFetch = r -> { };
    final List<FetchRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();

    FakeBarSource(String name, BarResolution... resolutions) {
        this.name = name;
        this.resolutions = Set.of(resolutions);
    }

    /** What the provider has, in time order. */
    FakeBarSource serving(List<SourceBar> bars) {
        this.bars = List.copyOf(bars);
        return this;
    }

    /** Fails with DATA_FETCH_FAILED after delivering {@code n} bars of the next fetches (-1: never). */
    FakeBarSource failingAfter(int n) {
        this.failAfter = n;
        return this;
    }

    /** Runs before each fetch is served. */
    FakeBarSource onFetch(Consumer<FetchRequest> hook) {
        this.onFetch = hook;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<BarResolution> resolutions() {
        return resolutions;
    }

    @Override
    public Stream<SourceBar> fetch(FetchRequest request) {
        requests.add(request);
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        try {
            onFetch.accept(request);
        } finally {
            inFlight.decrementAndGet();
        }
        List<SourceBar> inRange = new ArrayList<>();
        for (SourceBar b : bars) {
            if (b.time() >= request.from().getEpochSecond() && b.time() < request.to().getEpochSecond()) {
                inRange.add(b);
            }
        }
        int limit = failAfter;
        Iterator<SourceBar> it = new Iterator<>() {
            private int served;

            @Override
            public boolean hasNext() {
                return served < inRange.size() || (limit >= 0 && served == limit);
            }

            @Override
            public SourceBar next() {
                if (limit >= 0 && served == limit) {
                    throw BacktestException.of(ErrorCode.DATA_FETCH_FAILED, "fake source " + name + " failed for " + request.symbol()
                            + ": page " + (served / 10 + 1) + " answered 503").with("provider", name).with("symbol", request.symbol());
                }
                if (served >= inRange.size()) {
                    throw new NoSuchElementException();
                }
                return inRange.get(served++);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false);
    }

    /** 1-minute bars every minute of [from, to) epoch seconds, prices from {@code base}, with a valid OHLC relation. */
    static List<SourceBar> minutes(long from, long to, double base) {
        List<SourceBar> out = new ArrayList<>();
        double price = base;
        for (long t = from; t < to; t += 60) {
            double open = price;
            double close = price * (1 + ((t / 60) % 7 - 3) * 0.001);
            out.add(new SourceBar(t, open, Math.max(open, close) * 1.001, Math.min(open, close) * 0.999, close, 10 + (t / 60) % 5,
                    Double.NaN));
            price = close;
        }
        return out;
    }

    /** Daily bars at 00:00 UTC of each day of [fromDay, toDay) epoch days, with an adjusted close on even days only. */
    static List<SourceBar> days(long fromDay, long toDay, double base) {
        List<SourceBar> out = new ArrayList<>();
        double price = base;
        for (long d = fromDay; d < toDay; d++) {
            double open = price;
            double close = price * (1 + (d % 5 - 2) * 0.01);
            out.add(new SourceBar(d * 86_400L, open, Math.max(open, close) * 1.01, Math.min(open, close) * 0.99, close, 1000 + d % 10,
                    d % 2 == 0 ? close * 0.98 : Double.NaN));
            price = close;
        }
        return out;
    }
}
