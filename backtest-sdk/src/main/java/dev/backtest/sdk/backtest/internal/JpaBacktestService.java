package dev.backtest.sdk.backtest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.audit.internal.Auditor;
import dev.backtest.sdk.audit.internal.ChangedFields;
import dev.backtest.sdk.backtest.BacktestInput;
import dev.backtest.sdk.backtest.BacktestService;
import dev.backtest.sdk.backtest.BacktestView;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.sdk.marketdata.Symbols;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.ml.internal.StrategyCatalog;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.strategy.internal.JpaStrategyService;
import dev.backtest.sdk.strategy.internal.StrategyDefinition;
import jakarta.persistence.EntityManager;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@link BacktestService} on the database. Each create, update and delete records one audit event
 * ({@code backtest.create}, {@code backtest.update}, {@code backtest.delete}) in its own transaction.
 *
 * <pre>{@code
 * BacktestService service = new JpaBacktestService(database, 1_000_000, auditor);
 * }</pre>
 */
public final class JpaBacktestService implements BacktestService {

    private static final LocalDate EARLIEST = CandleQuery.EARLIEST_DATE;
    private static final LocalDate LATEST = CandleQuery.LATEST_DATE;
    private static final long DEFAULT_CANDLE_MAX_ROWS = 1_000_000;
    private static final String RESOURCE = "backtest";

    private final Database database;
    private final long candleMaxRows;
    private final Auditor auditor;
    private final StrategyCatalog catalog;

    public JpaBacktestService(Database database) {
        this(database, DEFAULT_CANDLE_MAX_ROWS);
    }

    /** With an audit trail of its own (recording kind user). */
    public JpaBacktestService(Database database, long candleMaxRows) {
        this(database, candleMaxRows, new Auditor(database));
    }

    /**
     * @param candleMaxRows the most candles a run may load ({@code CANDLE_MAX_ROWS}): a backtest whose range
     *                      spans more candles of its timeframe could never run, so it is refused up front
     * @param auditor       records the writes (its actor kind and request id)
     */
    public JpaBacktestService(Database database, long candleMaxRows, Auditor auditor) {
        this(database, candleMaxRows, auditor, StrategyCatalog.builtIns());
    }

    /** Checking parameter overrides against the types of {@code catalog} ({@code ml_predictive} on the user's models). */
    public JpaBacktestService(Database database, long candleMaxRows, Auditor auditor, StrategyCatalog catalog) {
        this.database = Objects.requireNonNull(database, "database");
        this.candleMaxRows = candleMaxRows;
        this.auditor = Objects.requireNonNull(auditor, "auditor");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    @Override
    public BacktestView create(UUID userId, BacktestInput input) {
        Objects.requireNonNull(userId, "userId");
        BacktestInput in = input == null ? new BacktestInput(null, null, null, null, null, null, null, null, null) : input;
        FieldErrors errors = new FieldErrors();
        String name = errors.text("name", in.name(), MAX_NAME, true);
        String symbol = symbol(errors, in.symbol(), true);
        String timeframe = timeframe(errors, in.timeframe(), true);
        if (dates(errors, in.startDate(), in.endDate(), true) && timeframe != null) {
            span(errors, timeframe, in.startDate(), in.endDate());
        }
        BigDecimal capital = capital(errors, in.initialCapital(), true);
        BigDecimal commission = commission(errors, in.commission());
        return auditor.inTransaction(em -> {
            StrategyDefinition strategy = strategy(em, errors, userId, in.strategy());
            Map<String, Object> parameters = parameters(errors, userId, strategy, in.parameters());
            errors.throwIfAny();
            Backtest b = new Backtest(userId, name, symbol, timeframe, in.startDate(), in.endDate(), capital,
                    commission == null ? DEFAULT_COMMISSION : commission, StoredJson.writeParameters(parameters));
            b.setStrategyId(strategy == null ? null : strategy.getId());
            em.persist(b);
            em.flush();
            auditor.record(em, "backtest.create", RESOURCE, b.getId(), userId, new ChangedFields().given("name", in.name())
                    .given("strategy", in.strategy()).given("symbol", in.symbol()).given("timeframe", in.timeframe())
                    .given("start_date", in.startDate()).given("end_date", in.endDate()).given("initial_capital", in.initialCapital())
                    .given("commission", in.commission()).given("parameters", in.parameters()).list());
            return b.view(strategy);
        });
    }

    @Override
    public BacktestView get(UUID userId, UUID backtestId) {
        return database.inTransaction(em -> {
            Backtest b = Backtests.owned(em, userId, backtestId);
            return b.view(strategyOf(em, b));
        });
    }

    @Override
    public Page<BacktestView> list(UUID userId, PageRequest page) {
        Objects.requireNonNull(page, "page");
        String where = " from Backtest b where b.deletedAt is null and b.userId = :u";
        String order = switch (page.sort()) {
            case CREATED_AT -> " order by b.createdAt, b.id";
            case CREATED_AT_DESC -> " order by b.createdAt desc, b.id desc";
            case NAME -> " order by b.name, b.id";
        };
        return database.inTransaction(em -> {
            long total = em.createQuery("select count(b)" + where, Long.class).setParameter("u", userId).getSingleResult();
            List<Backtest> rows = em.createQuery("select b" + where + order, Backtest.class).setParameter("u", userId)
                    .setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList();
            Map<UUID, StrategyDefinition> used = strategiesOf(em, rows);
            return page.page(rows.stream().map(b -> b.view(b.getStrategyId().map(used::get).orElse(null))).toList(), total);
        });
    }

    @Override
    public BacktestView update(UUID userId, UUID backtestId, BacktestInput input) {
        BacktestInput in = input == null ? new BacktestInput(null, null, null, null, null, null, null, null, null) : input;
        FieldErrors errors = new FieldErrors();
        String name = errors.text("name", in.name(), MAX_NAME, false);
        String symbol = symbol(errors, in.symbol(), false);
        String timeframe = timeframe(errors, in.timeframe(), false);
        BigDecimal capital = capital(errors, in.initialCapital(), false);
        BigDecimal commission = commission(errors, in.commission());
        return auditor.inTransaction(em -> {
            Backtest b = Backtests.owned(em, userId, backtestId);
            b.requireIdle("changed");
            Stored before = Stored.of(b);
            LocalDate start = in.startDate() != null ? in.startDate() : b.getStartDate();
            LocalDate end = in.endDate() != null ? in.endDate() : b.getEndDate();
            boolean datesOk = in.startDate() == null && in.endDate() == null || dates(errors, start, end, false);
            if (datesOk && (in.startDate() != null || in.endDate() != null || timeframe != null)) {
                span(errors, timeframe != null ? timeframe : b.getTimeframe(), start, end);
            }
            if (b.getTotalTrades() > 0) {
                if (capital != null && capital.compareTo(b.getInitialCapital()) != 0) {
                    errors.add("initial_capital", "cannot change once trades are recorded");
                }
                if (symbol != null && !symbol.equals(b.getSymbol())) {
                    errors.add("symbol", "cannot change once trades are recorded");
                }
            }
            StrategyDefinition strategy = in.strategy() != null ? strategy(em, errors, userId, in.strategy()) : strategyOf(em, b);
            Map<String, Object> parameters = null;
            if (in.parameters() != null || in.strategy() != null) {
                parameters = parameters(errors, userId, strategy,
                        in.parameters() != null ? in.parameters() : StoredJson.parameters(b.getParametersJson()));
            }
            errors.throwIfAny();
            if (name != null) {
                b.setName(name);
            }
            if (in.strategy() != null) {
                b.setStrategyId(strategy.getId());
            }
            if (symbol != null) {
                b.setSymbol(symbol);
            }
            if (timeframe != null) {
                b.setTimeframe(timeframe);
            }
            b.setStartDate(start);
            b.setEndDate(end);
            if (capital != null && b.getTotalTrades() == 0) {
                b.setInitialCapital(capital);
                b.setCash(capital);
            }
            if (commission != null) {
                b.setCommission(commission);
            }
            if (parameters != null) {
                b.setParametersJson(StoredJson.writeParameters(parameters));
            }
            em.flush();
            auditor.record(em, "backtest.update", RESOURCE, b.getId(), userId, before.changedTo(Stored.of(b)));
            return b.view(strategy);
        });
    }

    /**
     * The fields of a backtest a user may change, as stored: an update's audit event names those that differ. Amounts
     * compare by value, parameters as JSON trees (PostgreSQL's JSONB gives back its own spelling of what was written).
     */
    private record Stored(String name, UUID strategyId, String symbol, String timeframe, LocalDate startDate, LocalDate endDate,
                          BigDecimal initialCapital, BigDecimal commission, JsonNode parameters) {
        static Stored of(Backtest b) {
            return new Stored(b.getName(), b.getStrategyId().orElse(null), b.getSymbol(), b.getTimeframe(), b.getStartDate(),
                    b.getEndDate(), b.getInitialCapital(), b.getCommission(), StoredJson.tree(b.getParametersJson()));
        }

        List<String> changedTo(Stored after) {
            return new ChangedFields().compare("name", name, after.name).compare("strategy", strategyId, after.strategyId)
                    .compare("symbol", symbol, after.symbol).compare("timeframe", timeframe, after.timeframe)
                    .compare("start_date", startDate, after.startDate).compare("end_date", endDate, after.endDate)
                    .compare("initial_capital", initialCapital, after.initialCapital).compare("commission", commission, after.commission)
                    .compare("parameters", parameters, after.parameters).list();
        }
    }

    @Override
    public void delete(UUID userId, UUID backtestId) {
        auditor.inTransaction(em -> {
            Backtest b = Backtests.owned(em, userId, backtestId);
            b.requireIdle("deleted");
            b.markDeleted();
            auditor.record(em, "backtest.delete", RESOURCE, b.getId(), userId, List.of());
            return null;
        });
    }

    private static StrategyDefinition strategy(EntityManager em, FieldErrors errors, UUID userId, String idOrName) {
        if (idOrName == null) {
            return null;
        }
        if (idOrName.isBlank()) {
            errors.add("strategy", "must be the id or the name of a strategy you own or a public one");
            return null;
        }
        Optional<StrategyDefinition> s = JpaStrategyService.readable(em, userId, idOrName.strip());
        if (s.isEmpty()) {
            errors.add("strategy", "no strategy you can read has the id or name '" + shorten(idOrName) + "'");
            return null;
        }
        return s.get();
    }

    private Map<String, Object> parameters(FieldErrors errors, UUID userId, StrategyDefinition strategy, Map<String, Object> given) {
        Map<String, Object> in = given == null ? Map.of() : given;
        if (strategy == null) {
            if (in.size() > 50) {
                errors.add("parameters", "must have at most 50 entries; got " + in.size());
            }
            return in;
        }
        // Overrides of the strategy's parameters: checked against its type, stored as given.
        catalog.find(userId, strategy.getType()).ifPresent(type -> {
            Map<String, Object> merged = new HashMap<>(StoredJson.parameters(strategy.getParametersJson()));
            merged.putAll(in);
            type.validate(merged, errors, "parameters");
        });
        return in;
    }

    private static String symbol(FieldErrors errors, String value, boolean required) {
        if (value == null) {
            if (required) {
                errors.add("symbol", "is required");
            }
            return null;
        }
        if (!Symbols.valid(value)) {
            errors.add("symbol", "must be 1-20 characters of A-Z 0-9 . _ - (for example BTC); got '" + shorten(value) + "'");
            return null;
        }
        return value;
    }

    private static String timeframe(FieldErrors errors, String value, boolean required) {
        if (value == null) {
            if (required) {
                errors.add("timeframe", "is required");
            }
            return null;
        }
        if (Arrays.stream(Timeframe.values()).noneMatch(t -> t.code().equals(value))) {
            errors.add("timeframe", "must be one of " + Timeframe.codes() + "; got '" + shorten(value) + "'");
            return null;
        }
        return value;
    }

    /** Whether both dates are present and valid. */
    private static boolean dates(FieldErrors errors, LocalDate start, LocalDate end, boolean required) {
        if (required) {
            errors.require("start_date", start);
            errors.require("end_date", end);
        }
        boolean ok = start != null && end != null;
        for (var e : List.of(Map.entry("start_date", Optional.ofNullable(start)), Map.entry("end_date", Optional.ofNullable(end)))) {
            LocalDate d = e.getValue().orElse(null);
            if (d != null && (d.isBefore(EARLIEST) || d.isAfter(LATEST))) {
                errors.add(e.getKey(), "must be from " + EARLIEST + " to " + LATEST + "; got " + d);
                ok = false;
            }
        }
        if (ok && end.isBefore(start)) {
            errors.add("end_date", "must not be before start_date " + start + "; got " + end);
            ok = false;
        }
        return ok;
    }

    /** A range the run's candle query would refuse (more than CANDLE_MAX_ROWS candles) is refused now. */
    private void span(FieldErrors errors, String timeframe, LocalDate start, LocalDate end) {
        long candles = Timeframe.parse(timeframe).bucketsBetween(start.atStartOfDay().toInstant(ZoneOffset.UTC),
                end.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        if (candles > candleMaxRows) {
            errors.add("end_date", "the range " + start + " to " + end + " spans " + candles + " candles of " + timeframe
                    + ", more than a run may load (" + candleMaxRows + ", CANDLE_MAX_ROWS); use a coarser timeframe or a shorter range");
        }
    }

    private static BigDecimal capital(FieldErrors errors, BigDecimal value, boolean required) {
        if (value == null) {
            if (required) {
                errors.add("initial_capital", "is required");
            }
            return null;
        }
        BigDecimal v = errors.amount("initial_capital", value, MAX_CAPITAL, false);
        if (v != null && v.stripTrailingZeros().scale() > 8) {
            errors.add("initial_capital", "must have at most 8 decimals; got " + FieldErrors.shown(value));
            return null;
        }
        return v;
    }

    private static BigDecimal commission(FieldErrors errors, BigDecimal value) {
        if (value == null) {
            return null;
        }
        if (value.signum() < 0 || value.compareTo(MAX_COMMISSION_EXCLUSIVE) >= 0 || value.stripTrailingZeros().scale() > 10) {
            errors.add("commission", "must be a rate with 0 <= commission < 0.1 and at most 10 decimals; got " + FieldErrors.shown(value));
            return null;
        }
        return value;
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private static StrategyDefinition strategyOf(EntityManager em, Backtest b) {
        return b.getStrategyId().map(id -> em.find(StrategyDefinition.class, id)).orElse(null);
    }

    private static Map<UUID, StrategyDefinition> strategiesOf(EntityManager em, List<Backtest> rows) {
        List<UUID> ids = rows.stream().flatMap(b -> b.getStrategyId().stream()).distinct().toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("select s from StrategyDefinition s where s.id in :ids", StrategyDefinition.class)
                .setParameter("ids", ids).getResultList().stream().collect(Collectors.toMap(StrategyDefinition::getId, s -> s));
    }
}
