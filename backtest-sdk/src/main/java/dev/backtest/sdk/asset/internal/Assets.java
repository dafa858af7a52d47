package dev.backtest.sdk.asset.internal;

import dev.backtest.engine.portfolio.MarketCaps;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads of the assets and market-caps tables inside a caller's transaction, for the index service and the sample
 * data.
 *
 * <pre>{@code
 * Set<String> unknown = Assets.unknown(em, List.of("BTC", "NOPE"));   // [NOPE]
 * MarketCaps caps = Assets.marketCaps(em, "BTC");
 * }</pre>
 */
public final class Assets {

    private static final int CHUNK = 200;

    private Assets() {
    }

    public static Optional<AssetRecord> find(EntityManager em, String symbol) {
        return em.createQuery("select a from AssetRecord a where a.symbol = :s", AssetRecord.class).setParameter("s", symbol)
                .getResultList().stream().findFirst();
    }

    /** The symbols of {@code symbols} that are not in the assets table, sorted. */
    public static Set<String> unknown(EntityManager em, Collection<String> symbols) {
        Set<String> missing = new TreeSet<>(symbols);
        if (symbols.isEmpty()) {
            return missing;
        }
        List<String> known = em.createQuery("select a.symbol from AssetRecord a where a.symbol in :s", String.class)
                .setParameter("s", List.copyOf(symbols)).getResultList();
        missing.removeAll(known);
        return missing;
    }

    /** All the market caps of an asset as the engine takes them (epoch seconds of each UTC day), or null without any. */
    public static MarketCaps marketCaps(EntityManager em, String symbol) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT cap_date, cap_value FROM market_caps WHERE symbol = ?1 ORDER BY cap_date")
                .setParameter(1, symbol).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        long[] time = new long[rows.size()];
        double[] value = new double[rows.size()];
        for (int i = 0; i < time.length; i++) {
            time[i] = date(rows.get(i)[0]).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            value[i] = ((BigDecimal) rows.get(i)[1]).doubleValue();
        }
        return MarketCaps.of(time, value);
    }

    /** Stores (or replaces) one value per day, in statements of {@value #CHUNK} rows. */
    public static void putMarketCaps(EntityManager em, String symbol, List<LocalDate> dates, List<BigDecimal> values) {
        for (int from = 0; from < dates.size(); from += CHUNK) {
            int to = Math.min(dates.size(), from + CHUNK);
            StringBuilder in = new StringBuilder();
            StringBuilder rows = new StringBuilder();
            for (int i = from; i < to; i++) {
                int p = (i - from) * 2 + 2;
                in.append(i == from ? "" : ", ").append('?').append(i - from + 2);
                rows.append(i == from ? "" : ", ").append("(?1, ?").append(p).append(", ?").append(p + 1).append(')');
            }
            var delete = em.createNativeQuery("DELETE FROM market_caps WHERE symbol = ?1 AND cap_date IN (" + in + ")").setParameter(1, symbol);
            var insert = em.createNativeQuery("INSERT INTO market_caps (symbol, cap_date, cap_value) VALUES " + rows).setParameter(1, symbol);
            for (int i = from; i < to; i++) {
                delete.setParameter(i - from + 2, dates.get(i));
                insert.setParameter((i - from) * 2 + 2, dates.get(i)).setParameter((i - from) * 2 + 3, values.get(i));
            }
            delete.executeUpdate();
            insert.executeUpdate();
        }
    }

    static LocalDate date(Object o) {
        return o instanceof LocalDate d ? d : o instanceof Date d ? d.toLocalDate() : LocalDate.parse(o.toString());
    }
}
