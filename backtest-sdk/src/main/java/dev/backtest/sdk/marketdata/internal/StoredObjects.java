package dev.backtest.sdk.marketdata.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.backtest.sdk.marketdata.SourceResolution;
import dev.backtest.sdk.storage.ObjectInfo;
import dev.backtest.sdk.storage.ObjectPage;
import dev.backtest.sdk.storage.ObjectStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The candle objects in the store, listed per symbol and layout and remembered for
 * {@link #LISTING_TTL}, so a cached query checks ETags without a round trip to the store.
 */
final class StoredObjects {

    static final Duration LISTING_TTL = Duration.ofSeconds(10);

    private static final Pattern YEARLY = Pattern.compile("^ohlcv/1Y/symbol=([A-Z0-9._-]{1,20})/year=(\\d{4})/\\1_\\2\\.parquet$");
    private static final Pattern DAILY_BARS = Pattern.compile(
            "^ohlcv/1D/symbol=([A-Z0-9._-]{1,20})/year=(\\d{4})/\\1_\\2\\.parquet$");
    private static final Pattern DAILY = Pattern.compile(
            "^ohlcv/1m/symbol=([A-Z0-9._-]{1,20})/date=(\\d{4}-\\d{2}-\\d{2})/\\1_\\2\\.parquet$");

    /** One candle file: the period it covers, [from, to), and its metadata. */
    record Period(ObjectInfo object, Instant from, Instant to) {
    }

    /** Memory allowed for listings; a period's key, ETag and dates take about this many bytes. */
    private static final long LISTINGS_BYTES = 16L * 1024 * 1024;
    private static final int BYTES_PER_PERIOD = 256;

    private final ObjectStore store;
    private final Cache<String, List<Period>> listings;
    private final Cache<SourceResolution, List<String>> symbols;

    StoredObjects(ObjectStore store, Clock clock) {
        this.store = store;
        this.listings = Caffeine.newBuilder()
                .maximumWeight(LISTINGS_BYTES)
                .weigher((String prefix, List<Period> periods) -> BYTES_PER_PERIOD * (periods.size() + 1))
                .expireAfterWrite(LISTING_TTL)
                .ticker(() -> clock.millis() * 1_000_000L)
                .build();
        this.symbols = Caffeine.newBuilder()
                .expireAfterWrite(LISTING_TTL)
                .ticker(() -> clock.millis() * 1_000_000L)
                .build();
    }

    /** The files of a symbol in a layout, in time order. */
    List<Period> periods(String symbol, SourceResolution resolution) {
        return listings.get(prefix(symbol, resolution), prefix -> {
            List<Period> periods = new ArrayList<>();
            for (ObjectInfo o : listAll(prefix)) {
                parse(o, resolution).ifPresent(periods::add);
            }
            periods.sort((a, b) -> a.from().compareTo(b.from()));
            return List.copyOf(periods);
        });
    }

    /** The files of a symbol in a layout if a fresh listing is in memory; empty when answering would list the store. */
    Optional<List<Period>> freshPeriods(String symbol, SourceResolution resolution) {
        return Optional.ofNullable(listings.getIfPresent(prefix(symbol, resolution)));
    }

    /** Symbols with at least one file in the layout, sorted. */
    List<String> symbols(SourceResolution resolution) {
        return symbols.get(resolution, r -> {
            TreeSet<String> found = new TreeSet<>();
            for (ObjectInfo o : listAll(r.root())) {
                parse(o, r).ifPresent(p -> found.add(symbolOf(o.key())));
            }
            return List.copyOf(found);
        });
    }

    /** Forgets every listing (after an import wrote new objects). */
    void invalidate() {
        listings.invalidateAll();
        symbols.invalidateAll();
    }

    private static String prefix(String symbol, SourceResolution resolution) {
        return resolution.root() + "symbol=" + symbol + "/";
    }

    /** Every object under {@code prefix}, straight from the store (no listing cache). */
    static List<ObjectInfo> listAll(ObjectStore store, String prefix) {
        List<ObjectInfo> out = new ArrayList<>();
        String after = null;
        while (true) {
            ObjectPage page = store.list(prefix, 1000, after);
            out.addAll(page.objects());
            if (page.nextCursor().isEmpty()) {
                return out;
            }
            after = page.nextCursor().get();
        }
    }

    private List<ObjectInfo> listAll(String prefix) {
        return listAll(store, prefix);
    }

    private static String symbolOf(String key) {
        int s = key.indexOf("symbol=") + "symbol=".length();
        return key.substring(s, key.indexOf('/', s));
    }

    static Optional<Period> parse(ObjectInfo o, SourceResolution resolution) {
        if (resolution == SourceResolution.YEARLY || resolution == SourceResolution.DAILY_BARS) {
            Matcher m = (resolution == SourceResolution.YEARLY ? YEARLY : DAILY_BARS).matcher(o.key());
            if (!m.matches()) {
                return Optional.empty();
            }
            int year = Integer.parseInt(m.group(2));
            return Optional.of(new Period(o, LocalDate.of(year, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC),
                    LocalDate.of(year + 1, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        }
        Matcher m = DAILY.matcher(o.key());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            LocalDate d = LocalDate.parse(m.group(2));
            return Optional.of(new Period(o, d.atStartOfDay().toInstant(ZoneOffset.UTC),
                    d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
