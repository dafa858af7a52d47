package dev.backtest.sdk.index.internal;

import dev.backtest.sdk.asset.AssetClass;
import dev.backtest.sdk.asset.internal.AssetRecord;
import dev.backtest.sdk.asset.internal.Assets;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.run.internal.RunQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The index product out of the box: when the assets table is empty, the sample candles' symbols become assets (BTC
 * and ETH with daily market caps for 2023–2024, EURUSD), and the server's development-mode user
 * ({@link #SAMPLE_OWNER}) gets one sample index (BTC and ETH by market cap, capped at 70 %, monthly, benchmark BTC)
 * with a run queued, so that the first look at the product shows values, allocations and metrics. Does nothing when
 * the table holds any asset (an administrator's own list is never touched).
 *
 * <pre>{@code
 * if (config.sampleData()) SampleIndexes.seedIfEmpty(database);
 * }</pre>
 */
public final class SampleIndexes {

    /** The owner of the sample index: the user the server acts as in development mode. */
    public static final UUID SAMPLE_OWNER = UUID.fromString("00000000-0000-0000-0000-000000000001");
    public static final String SAMPLE_INDEX_NAME = "Sample crypto index";
    static final LocalDate FIRST = LocalDate.of(2023, 1, 1);
    static final LocalDate LAST = LocalDate.of(2024, 12, 31);

    private static final Logger LOG = LoggerFactory.getLogger(SampleIndexes.class);
    private static final int SEED_ATTEMPTS = 8;

    private SampleIndexes() {
    }

    /** Seeds the assets, their market caps and the sample index with a queued run; false when there were assets. */
    public static boolean seedIfEmpty(Database database) {
        // Instances starting together on one database race to seed it: the losers fail (a unique violation, or a
        // deadlock when their inserts interleave) and try again, and then find the winner's assets there.
        for (int attempt = 1; ; attempt++) {
            try {
                boolean seeded = seed(database);
                if (seeded) {
                    LOG.info("Seeded the empty assets table with the sample assets and the index '{}'", SAMPLE_INDEX_NAME);
                }
                return seeded;
            } catch (RuntimeException e) {
                if (attempt >= SEED_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("Seeding the sample assets failed (attempt {}), another instance may be seeding: {}", attempt, e.toString());
                sleep(Duration.ofMillis(100L * attempt));
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding the sample assets", e);
        }
    }

    private static boolean seed(Database database) {
        return database.inTransaction(em -> {
            if (em.createQuery("select count(a) from AssetRecord a", Long.class).getSingleResult() > 0) {
                return false;
            }
            asset(em, "BTC", "Bitcoin (sample data)", AssetClass.CRYPTO, "Currency");
            asset(em, "ETH", "Ether (sample data)", AssetClass.CRYPTO, "Smart-contract platform");
            asset(em, "EURUSD", "Euro in US dollars (sample data)", AssetClass.FX, null);
            em.flush();
            marketCaps(em, "BTC", 320e9, 0.0011, 0.15);
            marketCaps(em, "ETH", 145e9, 0.0009, 0.20);
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            em.createNativeQuery("INSERT INTO users (id, email, role, created_at, updated_at, version) VALUES (?1, NULL, 'authenticated',"
                    + " ?2, ?2, 0) ON CONFLICT DO NOTHING").setParameter(1, SAMPLE_OWNER).setParameter(2, now).executeUpdate();
            IndexSnapshot s = new IndexSnapshot(List.of("BTC", "ETH"), "market_cap", null, null, 0.7, "monthly", null, "BTC",
                    IndexSnapshot.DEFAULT_BASE_VALUE, "USD", FIRST, 0.001);
            IndexDefinition index = new IndexDefinition(SAMPLE_OWNER, SAMPLE_INDEX_NAME,
                    "BTC and ETH weighted by market cap, at most 70 % each, rebalanced monthly; built from the sample data", s);
            em.persist(index);
            em.flush();
            IndexRun run = new IndexRun(index.getId(), SAMPLE_OWNER, s, 3, now);
            em.persist(run);
            em.flush();
            RunQueue.enqueueIndexRun(em, run.getId());
            return true;
        });
    }

    private static void asset(jakarta.persistence.EntityManager em, String symbol, String name, AssetClass c, String sector) {
        AssetRecord a = new AssetRecord(symbol, name, c, "USD");
        a.setSector(sector);
        a.setExchange("SAMPLE");
        em.persist(a);
    }

    /** A smooth, deterministic series: {@code base · (1 + drift)^d · (1 + swing · sin(d / 45))} for each day d. */
    private static void marketCaps(jakarta.persistence.EntityManager em, String symbol, double base, double drift, double swing) {
        List<LocalDate> dates = new ArrayList<>();
        List<BigDecimal> values = new ArrayList<>();
        for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
            long day = ChronoUnit.DAYS.between(FIRST, d);
            dates.add(d);
            values.add(BigDecimal.valueOf(base * Math.pow(1 + drift, day) * (1 + swing * Math.sin(day / 45.0)))
                    .setScale(4, RoundingMode.HALF_EVEN));
        }
        Assets.putMarketCaps(em, symbol, dates, values);
    }
}
