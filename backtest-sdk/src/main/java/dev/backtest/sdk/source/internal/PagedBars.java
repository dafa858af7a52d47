package dev.backtest.sdk.source.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.source.FetchRequest;
import dev.backtest.sdk.source.SourceBar;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The lazy stream every source returns: pages are asked for one at a time as the stream is read, each page is put in
 * time order, and only bars inside the request's {@code [from, to)} and later than the last one delivered pass (so pages
 * that overlap, or a provider that repeats a bar, yield no duplicate time). Closing the stream stops the paging.
 */
final class PagedBars {

    /** The pages of one fetch. */
    interface Pager {
        /** The next page (possibly empty), or null when there is none. */
        List<SourceBar> next();
    }

    private PagedBars() {
    }

    static Stream<SourceBar> stream(FetchRequest request, Pager pager) {
        long from = request.from().getEpochSecond();
        long to = request.to().getEpochSecond();
        Pages pages = new Pages(from, to, pager);
        return StreamSupport.stream(pages, false).onClose(pages::close);
    }

    /** A pager of one page, asked for when the stream is first read. */
    static Pager single(java.util.function.Supplier<List<SourceBar>> page) {
        return new Pager() {
            private boolean done;

            @Override
            public List<SourceBar> next() {
                if (done) {
                    return null;
                }
                done = true;
                return page.get();
            }
        };
    }

    /** Checks the request's fields; a request with {@code from >= to} is valid and empty. */
    static void check(String provider, FetchRequest request) {
        if (request == null || request.symbol() == null || request.providerSymbol() == null || request.resolution() == null
                || request.from() == null || request.to() == null) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, provider + ": a fetch request needs symbol, provider symbol, "
                    + "resolution, from and to; got " + request).with("provider", provider);
        }
    }

    private static final class Pages extends Spliterators.AbstractSpliterator<SourceBar> {
        private final long from;
        private final long to;
        private final Pager pager;
        private Iterator<SourceBar> page = List.<SourceBar>of().iterator();
        private long last = Long.MIN_VALUE;
        private volatile boolean closed;
        private boolean done;

        Pages(long from, long to, Pager pager) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT);
            this.from = from;
            this.to = to;
            this.pager = pager;
            this.done = from >= to;
        }

        @Override
        public boolean tryAdvance(Consumer<? super SourceBar> action) {
            while (!closed) {
                while (page.hasNext()) {
                    SourceBar b = page.next();
                    if (b.time() >= from && b.time() < to && b.time() > last) {
                        last = b.time();
                        action.accept(b);
                        return true;
                    }
                }
                if (done) {
                    return false;
                }
                List<SourceBar> next = pager.next();
                if (next == null) {
                    done = true;
                    return false;
                }
                List<SourceBar> sorted = new ArrayList<>(next);
                sorted.sort(Comparator.comparingLong(SourceBar::time));
                page = sorted.iterator();
            }
            return false;
        }

        void close() {
            closed = true;
        }
    }
}
