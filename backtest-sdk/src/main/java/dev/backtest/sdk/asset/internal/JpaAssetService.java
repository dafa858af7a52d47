package dev.backtest.sdk.asset.internal;

import dev.backtest.engine.portfolio.MarketCaps;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.asset.AssetClass;
import dev.backtest.sdk.asset.AssetInput;
import dev.backtest.sdk.asset.AssetService;
import dev.backtest.sdk.asset.AssetView;
import dev.backtest.sdk.asset.MarketCap;
import dev.backtest.sdk.asset.MarketCapImport;
import dev.backtest.sdk.audit.Actor;
import dev.backtest.sdk.audit.ActorKind;
import dev.backtest.sdk.audit.internal.Auditor;
import dev.backtest.sdk.audit.internal.ChangedFields;
import dev.backtest.sdk.marketdata.Symbols;
import dev.backtest.sdk.marketdata.internal.DuckDb;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.persistence.internal.Constraints;
import dev.backtest.sdk.persistence.internal.Database;
import jakarta.persistence.PersistenceException;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@link AssetService} on the database. Writes need an actor of kind admin or admin token ({@code null}: the plain
 * client's, refused); each records one audit event (resource type {@code asset}, the symbol as resource id) in its
 * own transaction.
 *
 * <pre>{@code
 * AssetService admin = new JpaAssetService(database, duckDb, auditor.as(actor), actor);
 * }</pre>
 */
public final class JpaAssetService implements AssetService {

    private static final String RESOURCE = "asset";

    private final Database database;
    private final DuckDb duckDb;
    private final Auditor auditor;
    private final Actor actor;

    /**
     * @param actor who writes; null: nobody (every write is {@link ErrorCode#FORBIDDEN})
     */
    public JpaAssetService(Database database, DuckDb duckDb, Auditor auditor, Actor actor) {
        this.database = Objects.requireNonNull(database, "database");
        this.duckDb = Objects.requireNonNull(duckDb, "duckDb");
        this.auditor = Objects.requireNonNull(auditor, "auditor");
        this.actor = actor;
    }

    @Override
    public Page<AssetView> list(PageRequest page) {
        Objects.requireNonNull(page, "page");
        return database.inTransaction(em -> {
            long total = em.createQuery("select count(a) from AssetRecord a", Long.class).getSingleResult();
            List<AssetView> items = em.createQuery("select a from AssetRecord a order by a.symbol", AssetRecord.class)
                    .setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList().stream().map(AssetRecord::view).toList();
            return page.page(items, total);
        });
    }

    @Override
    public AssetView get(String symbol) {
        return database.inTransaction(em -> existing(em, symbol).view());
    }

    @Override
    public AssetView create(AssetInput input) {
        requireAdmin("create assets");
        AssetInput in = input == null ? new AssetInput(null, null, null, null, null, null, null) : input;
        FieldErrors errors = new FieldErrors();
        if (in.symbol() == null) {
            errors.add("symbol", "is required: 1 to 20 characters of A-Z 0-9 . _ -");
        } else if (!Symbols.valid(in.symbol())) {
            errors.add("symbol", "must be 1 to 20 characters of A-Z 0-9 . _ -; got '" + shorten(in.symbol()) + "'");
        }
        Fields f = fields(errors, in, true);
        errors.throwIfAny();
        try {
            return auditor.inTransaction(em -> {
                if (Assets.find(em, in.symbol()).isPresent()) {
                    throw duplicate(in.symbol());
                }
                AssetRecord a = new AssetRecord(in.symbol(), f.name, f.assetClass, f.currency == null ? "USD" : f.currency);
                a.setSector(f.sector);
                a.setExchange(f.exchange);
                a.setActive(in.active() == null || in.active());
                em.persist(a);
                em.flush();
                auditor.record(em, "asset.create", RESOURCE, a.getSymbol(), actor.userId(), new ChangedFields().given("symbol", in.symbol())
                        .given("name", in.name()).given("asset_class", in.assetClass()).given("sector", in.sector())
                        .given("currency", in.currency()).given("exchange", in.exchange()).given("active", in.active()).list());
                return a.view();
            });
        } catch (PersistenceException e) {
            if (Constraints.isUniqueViolation(e)) {
                throw duplicate(in.symbol());
            }
            throw e;
        }
    }

    @Override
    public AssetView update(String symbol, AssetInput input) {
        requireAdmin("change assets");
        AssetInput in = input == null ? new AssetInput(null, null, null, null, null, null, null) : input;
        FieldErrors errors = new FieldErrors();
        if (in.symbol() != null && !in.symbol().equals(symbol)) {
            errors.add("symbol", "cannot be changed; delete the asset and create another");
        }
        Fields f = fields(errors, in, false);
        errors.throwIfAny();
        return auditor.inTransactionRetryingRaces(em -> {
            AssetRecord a = existing(em, symbol);
            AssetView before = a.view();
            if (f.name != null) {
                a.setName(f.name);
            }
            if (f.assetClass != null) {
                a.setAssetClass(f.assetClass);
            }
            if (f.sector != null) {
                a.setSector(f.sector);
            }
            if (f.currency != null) {
                a.setCurrency(f.currency);
            }
            if (f.exchange != null) {
                a.setExchange(f.exchange);
            }
            if (in.active() != null) {
                a.setActive(in.active());
            }
            em.flush();
            AssetView after = a.view();
            auditor.record(em, "asset.update", RESOURCE, symbol, actor.userId(), new ChangedFields()
                    .compare("name", before.name(), after.name()).compare("asset_class", before.assetClass(), after.assetClass())
                    .compare("sector", before.sector(), after.sector()).compare("currency", before.currency(), after.currency())
                    .compare("exchange", before.exchange(), after.exchange()).compare("active", before.active(), after.active()).list());
            return after;
        });
    }

    @Override
    public void delete(String symbol) {
        requireAdmin("delete assets");
        auditor.inTransaction(em -> {
            AssetRecord a = existing(em, symbol);
            em.createNativeQuery("DELETE FROM market_caps WHERE symbol = ?1").setParameter(1, symbol).executeUpdate();
            em.remove(a);
            auditor.record(em, "asset.delete", RESOURCE, symbol, actor.userId(), List.of());
            return null;
        });
    }

    @Override
    public List<MarketCap> marketCaps(String symbol, LocalDate start, LocalDate end) {
        if (start != null && end != null && end.isBefore(start)) {
            throw FieldErrors.single("end_date", "must not be before start_date " + start + "; got " + end);
        }
        return database.inTransaction(em -> {
            existing(em, symbol);
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT cap_date, cap_value FROM market_caps WHERE symbol = ?1"
                            + " AND cap_date >= ?2 AND cap_date <= ?3 ORDER BY cap_date")
                    .setParameter(1, symbol).setParameter(2, start == null ? LocalDate.of(1, 1, 1) : start)
                    .setParameter(3, end == null ? LocalDate.of(9999, 12, 31) : end).getResultList();
            return rows.stream().map(r -> new MarketCap(Assets.date(r[0]), dev.backtest.sdk.persistence.internal.Amounts.plain((BigDecimal) r[1]))).toList();
        });
    }

    @Override
    public MarketCapImport importMarketCaps(String symbol, Path file) {
        requireAdmin("import market caps");
        Objects.requireNonNull(file, "file");
        database.inTransaction(em -> existing(em, symbol));
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        MarketCaps caps;
        if (name.endsWith(".csv")) {
            caps = MarketCapCsv.read(file);
        } else if (name.endsWith(".parquet")) {
            caps = parquet(file);
        } else {
            throw FieldErrors.single("file", "must be a .csv or .parquet file; got '" + shorten(name) + "'");
        }
        List<LocalDate> dates = new ArrayList<>();
        List<BigDecimal> values = new ArrayList<>();
        for (int i = 0; i < caps.size(); i++) {
            LocalDate d = LocalDate.ofInstant(Instant.ofEpochSecond(caps.time()[i]), ZoneOffset.UTC);
            BigDecimal v = BigDecimal.valueOf(caps.marketCap()[i]).setScale(4, java.math.RoundingMode.HALF_EVEN);
            if (!dates.isEmpty() && dates.get(dates.size() - 1).equals(d)) {
                values.set(values.size() - 1, v); // several times of one day: the day's last value
            } else {
                dates.add(d);
                values.add(v);
            }
        }
        auditor.inTransaction(em -> {
            Assets.putMarketCaps(em, symbol, dates, values);
            auditor.record(em, "asset.market_caps.import", RESOURCE, symbol, actor.userId(), List.of());
            return null;
        });
        return new MarketCapImport(symbol, dates.size(), dates.get(0), dates.get(dates.size() - 1));
    }

    /** A Parquet file through DuckDB, written as CSV and read by the one CSV reader (one set of row rules). */
    private MarketCaps parquet(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "file " + file + " does not exist or is not readable");
        }
        Path csv = null;
        try (Connection c = duckDb.connect(); Statement st = c.createStatement()) {
            csv = Files.createTempFile("market-caps", ".csv");
            st.execute("COPY (SELECT * FROM read_parquet('" + file.toAbsolutePath().toString().replace("'", "''") + "')) TO '"
                    + csv.toAbsolutePath().toString().replace("'", "''") + "' (HEADER, DELIMITER ',')");
            return MarketCapCsv.read(csv);
        } catch (SQLException | IOException e) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "cannot read " + file.getFileName() + " as Parquet: "
                    + e.getMessage()).with("file", file.toString());
        } finally {
            if (csv != null) {
                try {
                    Files.deleteIfExists(csv);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    private record Fields(String name, AssetClass assetClass, String sector, String currency, String exchange) {
    }

    private static Fields fields(FieldErrors errors, AssetInput in, boolean create) {
        String name = errors.text("name", in.name(), MAX_NAME, create);
        AssetClass c = null;
        if (in.assetClass() == null) {
            if (create) {
                errors.add("asset_class", "is required; accepted: " + AssetClass.accepted());
            }
        } else {
            c = errors.collect(() -> AssetClass.fromWire(in.assetClass()));
        }
        String sector = errors.text("sector", in.sector(), MAX_SECTOR, false);
        String exchange = errors.text("exchange", in.exchange(), MAX_EXCHANGE, false);
        String currency = in.currency();
        if (currency != null && !(currency.length() >= 1 && currency.length() <= 12 && currency.chars().allMatch(Character::isLetterOrDigit))) {
            errors.add("currency", "must be 1 to 12 letters or digits; got '" + shorten(currency) + "'");
        }
        return new Fields(name, c, sector, currency, exchange);
    }

    private void requireAdmin(String what) {
        if (actor == null || actor.kind() == ActorKind.USER) {
            throw BacktestException.of(ErrorCode.FORBIDDEN, "only administrators " + what + "; act as one with client.as(Actor.admin(...))"
                    + (actor == null ? "" : " (acting as a user)"));
        }
    }

    private static AssetRecord existing(jakarta.persistence.EntityManager em, String symbol) {
        return (symbol == null ? java.util.Optional.<AssetRecord>empty() : Assets.find(em, symbol))
                .orElseThrow(() -> AssetService.notFound(symbol));
    }

    private static BacktestException duplicate(String symbol) {
        return BacktestException.of(ErrorCode.DUPLICATE_NAME, "asset '" + symbol + "' already exists; update it instead")
                .with("errors", List.of(new dev.backtest.error.FieldError("symbol", "is already listed")));
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
