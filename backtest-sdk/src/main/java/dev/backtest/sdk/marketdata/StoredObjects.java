package dev.backtest.sdk.marketdata;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The candle objects in the store, listed per symbol and layout and remembered for
 * {@link #LISTING_TTL}, so a cached query checks ETags without a round trip to the store.
 */
final class StoredObjects {

    static final Duration LISTING_TTL = Duration.ofSeconds(10);

    private static final Pattern YEARLY = Pattern.compile("^ohlcv/1Y/symbol=([A-Z0-9._-]{1,20})/year=(\\d{4})/\\1_\\2\\.parquet$");
    private static final Pattern DAILY = Pattern.compile(
            "^ohlcv/1m/symbol=([A-Z0-9._-]{1,20})/date=(\\d{4}-\\d{2}-\\d{2})/\\1_\\2\\.parquet$");

    /** One candle file: the period it covers, [from, to), and its metadata. */
    record Period(ObjectInfo object, Instant from, Instant to) {
    }

    private record Listing(List<Period> periods, Instant at) {
    }

    private record SymbolsListing(List<String> symbols, Instant at) {
    }

    private final ObjectStore store;
    private final Clock clock;
    private final ConcurrentHashMap<String, Listing> listings = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SourceResolution, SymbolsListing> symbols = new ConcurrentHashMap<>();

    StoredObjects(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The files of a symbol in a layout, in time order. */
    List<Period> periods(String symbol, SourceResolution resolution) {
        String prefix = resolution.root() + "symbol=" + symbol + "/";
        Listing cached = listings.get(prefix);
        if (cached != null && fresh(cached.at())) {
            return cached.periods();
        }
        List<Period> periods = new ArrayList<>();
        for (ObjectInfo o : listAll(prefix)) {
            parse(o, resolution).ifPresent(periods::add);
        }
        periods.sort((a, b) -> a.from().compareTo(b.from()));
        List<Period> result = List.copyOf(periods);
        listings.put(prefix, new Listing(result, clock.instant()));
        return result;
    }

    /** The files of a symbol in a layout if a fresh listing is in memory; empty when answering would list the store. */
    Optional<List<Period>> freshPeriods(String symbol, SourceResolution resolution) {
        Listing cached = listings.get(resolution.root() + "symbol=" + symbol + "/");
        return cached != null && fresh(cached.at()) ? Optional.of(cached.periods()) : Optional.empty();
    }

    /** Symbols with at least one file in the layout, sorted. */
    List<String> symbols(SourceResolution resolution) {
        SymbolsListing cached = symbols.get(resolution);
        if (cached != null && fresh(cached.at())) {
            return cached.symbols();
        }
        TreeSet<String> found = new TreeSet<>();
        for (ObjectInfo o : listAll(resolution.root())) {
            parse(o, resolution).ifPresent(p -> found.add(symbolOf(o.key())));
        }
        List<String> result = List.copyOf(found);
        symbols.put(resolution, new SymbolsListing(result, clock.instant()));
        return result;
    }

    /** Forgets every listing (after an import wrote new objects). */
    void invalidate() {
        listings.clear();
        symbols.clear();
    }

    private List<ObjectInfo> listAll(String prefix) {
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

    private boolean fresh(Instant at) {
        return Duration.between(at, clock.instant()).compareTo(LISTING_TTL) < 0;
    }

    private static String symbolOf(String key) {
        int s = key.indexOf("symbol=") + "symbol=".length();
        return key.substring(s, key.indexOf('/', s));
    }

    static Optional<Period> parse(ObjectInfo o, SourceResolution resolution) {
        if (resolution == SourceResolution.YEARLY) {
            Matcher m = YEARLY.matcher(o.key());
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
