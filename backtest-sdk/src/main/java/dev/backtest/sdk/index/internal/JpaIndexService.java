package dev.backtest.sdk.index.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.portfolio.Investment;
import dev.backtest.engine.portfolio.MarketCaps;
import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.PortfolioStats;
import dev.backtest.engine.portfolio.SimulationResult;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.asset.AssetService;
import dev.backtest.sdk.asset.internal.AssetRecord;
import dev.backtest.sdk.asset.internal.Assets;
import dev.backtest.sdk.audit.internal.Auditor;
import dev.backtest.sdk.audit.internal.ChangedFields;
import dev.backtest.sdk.index.AllocationSet;
import dev.backtest.sdk.index.IndexAllocation;
import dev.backtest.sdk.index.IndexBenchmark;
import dev.backtest.sdk.index.IndexCurrent;
import dev.backtest.sdk.index.IndexHistory;
import dev.backtest.sdk.index.IndexInput;
import dev.backtest.sdk.index.IndexRunView;
import dev.backtest.sdk.index.IndexService;
import dev.backtest.sdk.index.IndexValue;
import dev.backtest.sdk.index.IndexView;
import dev.backtest.sdk.index.SimulationRequest;
import dev.backtest.sdk.marketdata.Symbols;
import dev.backtest.sdk.index.SimulationResultView;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.portfolio.PortfolioQuery;
import dev.backtest.sdk.run.RunStatus;
import dev.backtest.sdk.run.internal.RunQueue;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@link IndexService} on the database, the cluster-wide {@link RunQueue} (task {@code index-run}, executed by
 * {@link IndexExecutor}) and the candle store. Each write records one audit event (resource type {@code index}) in its
 * own transaction.
 *
 * <pre>{@code
 * IndexService indexes = new JpaIndexService(database, queue, marketData::query, auditor, 500, Clock.systemUTC());
 * }</pre>
 */
public final class JpaIndexService implements IndexService {

    private static final String RESOURCE = "index";

    private final Database database;
    private final RunQueue queue;
    private final Supplier<CandleQuery> candles;
    private final Auditor auditor;
    private final int maxAssets;
    private final Clock clock;

    public JpaIndexService(Database database, RunQueue queue, Supplier<CandleQuery> candles, Auditor auditor, int maxAssets, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.candles = Objects.requireNonNull(candles, "candles");
        this.auditor = Objects.requireNonNull(auditor, "auditor");
        this.maxAssets = maxAssets;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public IndexView create(UUID userId, IndexInput input) {
        Objects.requireNonNull(userId, "userId");
        IndexInput in = input == null ? IndexInput.builder().build() : input;
        FieldErrors errors = new FieldErrors();
        String name = errors.text("name", in.name(), MAX_NAME, true);
        String description = errors.text("description", in.description(), MAX_DESCRIPTION, false);
        IndexSnapshot snapshot = IndexRules.merge(errors, in, null, maxAssets, today());
        return auditor.inTransaction(em -> {
            IndexRules.requireKnownSymbols(errors, em, snapshot);
            errors.throwIfAny();
            requireFreeName(em, userId, name, null);
            IndexDefinition d = new IndexDefinition(userId, name, description, snapshot);
            em.persist(d);
            em.flush();
            auditor.record(em, "index.create", RESOURCE, d.getId(), userId, given(in));
            return d.view();
        });
    }

    private static List<String> given(IndexInput in) {
        return new ChangedFields().given("name", in.name()).given("description", in.description()).given("universe", in.universe())
                .given("weighting", in.weighting()).given("weights", in.weights()).given("lookback", in.lookback())
                .given("max_weight", in.maxWeight()).given("schedule", in.schedule()).given("threshold", in.threshold())
                .given("benchmark", in.benchmark()).given("base_value", in.baseValue()).given("base_currency", in.baseCurrency())
                .given("start_date", in.startDate()).given("commission", in.commission()).list();
    }

    @Override
    public Page<IndexView> list(UUID userId, PageRequest page) {
        Objects.requireNonNull(page, "page");
        String where = " from IndexDefinition d where d.deletedAt is null and d.userId = :u";
        String order = switch (page.sort()) {
            case CREATED_AT -> " order by d.createdAt, d.id";
            case CREATED_AT_DESC -> " order by d.createdAt desc, d.id desc";
            case NAME -> " order by d.name, d.id";
        };
        return database.inTransaction(em -> {
            long total = em.createQuery("select count(d)" + where, Long.class).setParameter("u", userId).getSingleResult();
            List<IndexView> items = em.createQuery("select d" + where + order, IndexDefinition.class).setParameter("u", userId)
                    .setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList().stream().map(IndexDefinition::view).toList();
            return page.page(items, total);
        });
    }

    @Override
    public IndexView get(UUID userId, UUID indexId) {
        return database.inTransaction(em -> owned(em, userId, indexId).view());
    }

    @Override
    public IndexView update(UUID userId, UUID indexId, IndexInput input, Long expectedVersion) {
        IndexInput in = input == null ? IndexInput.builder().build() : input;
        FieldErrors errors = new FieldErrors();
        String name = errors.text("name", in.name(), MAX_NAME, false);
        String description = errors.text("description", in.description(), MAX_DESCRIPTION, false);
        return auditor.inTransaction(em -> {
            IndexDefinition d = owned(em, userId, indexId);
            if (expectedVersion != null && expectedVersion != d.getVersion()) {
                throw BacktestException.of(ErrorCode.CONCURRENT_MODIFICATION, "index " + indexId + " is at version " + d.getVersion()
                        + ", not " + expectedVersion + "; read it again and repeat the change").with("index_id", indexId.toString());
            }
            IndexView before = d.view();
            IndexSnapshot snapshot = IndexRules.merge(errors, in, d.snapshot(), maxAssets, today());
            IndexRules.requireKnownSymbols(errors, em, snapshot);
            errors.throwIfAny();
            if (name != null && !name.equals(d.getName())) {
                requireFreeName(em, userId, name, d.getId());
                d.setName(name);
            }
            if (description != null) {
                d.setDescription(description);
            }
            d.define(snapshot);
            em.flush();
            IndexView after = d.view();
            auditor.record(em, "index.update", RESOURCE, indexId, userId, changed(before, after));
            return after;
        });
    }

    private static List<String> changed(IndexView a, IndexView b) {
        return new ChangedFields().compare("name", a.name(), b.name()).compare("description", a.description(), b.description())
                .compare("universe", a.universe(), b.universe()).compare("weighting", a.weighting(), b.weighting())
                .compare("weights", a.weights(), b.weights()).compare("lookback", a.lookback(), b.lookback())
                .compare("max_weight", a.maxWeight(), b.maxWeight()).compare("schedule", a.schedule(), b.schedule())
                .compare("threshold", a.threshold(), b.threshold()).compare("benchmark", a.benchmark(), b.benchmark())
                .compare("base_value", a.baseValue(), b.baseValue()).compare("base_currency", a.baseCurrency(), b.baseCurrency())
                .compare("start_date", a.startDate(), b.startDate()).compare("commission", a.commission(), b.commission()).list();
    }

    @Override
    public void delete(UUID userId, UUID indexId) {
        auditor.inTransactionRetryingRaces(em -> {
            IndexDefinition d = owned(em, userId, indexId);
            d.markDeleted();
            for (IndexRun r : em.createQuery("select r from IndexRun r where r.indexId = :i and r.status in ('queued', 'running')",
                    IndexRun.class).setParameter("i", indexId).getResultList()) {
                stop(r);
            }
            auditor.record(em, "index.delete", RESOURCE, indexId, userId, List.of());
            return null;
        });
    }

    @Override
    public IndexRunView run(UUID userId, UUID indexId) {
        IndexRunView run = auditor.inTransaction(em -> {
            IndexDefinition d = owned(em, userId, indexId);
            latest(em, indexId).filter(r -> !r.getStatus().finished()).ifPresent(r -> {
                throw BacktestException.of(ErrorCode.BACKTEST_INVALID_STATE, "index " + indexId + " has a run " + r.getStatus().wire()
                        + " already (" + r.getId() + "); wait for it or cancel it").with("index_id", indexId.toString());
            });
            IndexRun r = new IndexRun(d.getId(), userId, d.snapshot(), MAX_ATTEMPTS, now());
            em.persist(r);
            em.flush();
            // in the same transaction: the run and its queue entry exist together or not at all
            RunQueue.enqueueIndexRun(em, r.getId());
            auditor.record(em, "index.run", RESOURCE, indexId, userId, List.of());
            return r.view();
        });
        queue.wake();
        return run;
    }

    @Override
    public IndexRunView latestRun(UUID userId, UUID indexId) {
        return database.inTransaction(em -> latestOwned(em, userId, indexId).view());
    }

    @Override
    public Page<IndexRunView> runs(UUID userId, UUID indexId, PageRequest page) {
        Objects.requireNonNull(page, "page");
        return database.inTransaction(em -> {
            owned(em, userId, indexId);
            long total = em.createQuery("select count(r) from IndexRun r where r.indexId = :i", Long.class).setParameter("i", indexId)
                    .getSingleResult();
            List<IndexRunView> items = em.createQuery("select r from IndexRun r where r.indexId = :i order by r.queuedAt desc, r.id desc",
                            IndexRun.class).setParameter("i", indexId).setFirstResult(page.offset()).setMaxResults(page.limit())
                    .getResultList().stream().map(IndexRun::view).toList();
            return page.page(items, total);
        });
    }

    @Override
    public IndexRunView cancel(UUID userId, UUID indexId) {
        // the run's worker writes progress meanwhile: a cancel that loses that race reads the run again
        return auditor.inTransactionRetryingRaces(em -> {
            IndexRun r = latestOwned(em, userId, indexId);
            auditor.record(em, "index.cancel", RESOURCE, indexId, userId, List.of());
            stop(r);
            em.flush();
            return r.view();
        });
    }

    /** Asks an unfinished run to stop; a queued one is cancelled at once. */
    private static void stop(IndexRun r) {
        if (r.getStatus().finished()) {
            return;
        }
        r.requestCancel();
        if (r.getStatus() == RunStatus.QUEUED) {
            r.finish(RunStatus.CANCELLED, null, null, now());
        }
    }

    /** What the latest completed run stored, read in one transaction. */
    private record Stored(UUID runId, IndexSnapshot snapshot, List<IndexValue> values, List<IndexAllocation> allocations) {
    }

    private Stored stored(UUID userId, UUID indexId, boolean withAllocations) {
        return database.inTransaction(em -> {
            IndexRun r = latestCompleted(em, userId, indexId);
            return new Stored(r.getId(), r.snapshot(), IndexResults.values(em, r.getId()),
                    withAllocations ? IndexResults.allocations(em, r.getId()) : List.of());
        });
    }

    /**
     * The latest completed run of one of the user's indexes (what its current value, history, benchmark and reports read).
     *
     * @throws dev.backtest.error.BacktestException {@code INDEX_NOT_FOUND} for a missing, deleted or another user's index,
     *         {@code INDEX_RUN_NOT_FOUND} when it has no completed run
     */
    public static IndexRun latestCompleted(EntityManager em, UUID userId, UUID indexId) {
        owned(em, userId, indexId);
        return em.createQuery("select r from IndexRun r where r.indexId = :i and r.status = 'completed'"
                + " order by r.finishedAt desc, r.id", IndexRun.class).setParameter("i", indexId).setMaxResults(1).getResultList()
                .stream().findFirst().orElseThrow(() -> noRun(indexId, "no completed run"));
    }

    @Override
    public IndexCurrent current(UUID userId, UUID indexId) {
        Stored s = stored(userId, indexId, true);
        List<IndexValue> v = s.values();
        IndexValue last = v.get(v.size() - 1);
        double day = v.size() > 1 ? v.get(v.size() - 2).value() : Double.NaN;
        double month = valueAtOrBefore(v, last.date().minusMonths(1));
        double yearEnd = valueAtOrBefore(v, last.date().withDayOfYear(1).minusDays(1));
        double ytdBase = Double.isNaN(yearEnd) && v.get(0).date().getYear() == last.date().getYear() ? v.get(0).value() : yearEnd;
        AllocationSet now = inForce(s.allocations(), last.date());
        return new IndexCurrent(indexId, s.runId(), last.date(), last.value(), change(last.value(), day), change(last.value(), month),
                change(last.value(), ytdBase), now == null ? List.of() : now.allocations());
    }

    private static double change(double now, double then) {
        return (now / then - 1) * 100; // NaN when there is no earlier value
    }

    private static double valueAtOrBefore(List<IndexValue> values, LocalDate date) {
        double found = Double.NaN;
        for (IndexValue x : values) {
            if (x.date().isAfter(date)) {
                break;
            }
            found = x.value();
        }
        return found;
    }

    @Override
    public IndexHistory history(UUID userId, UUID indexId, LocalDate start, LocalDate end, int points) {
        FieldErrors errors = new FieldErrors();
        if (points < 2 || points > MAX_POINTS) {
            errors.add("points", "must be from 2 to " + MAX_POINTS + "; got " + points);
        }
        if (start != null && end != null && end.isBefore(start)) {
            errors.add("end_date", "must not be before start_date " + start + "; got " + end);
        }
        errors.throwIfAny();
        Stored s = stored(userId, indexId, false);
        List<IndexValue> range = s.values().stream().filter(x -> (start == null || !x.date().isBefore(start))
                && (end == null || !x.date().isAfter(end))).toList();
        int n = range.size();
        int m = Math.min(n, points);
        List<IndexValue> out = new ArrayList<>(m);
        for (int k = 0; k < m; k++) {
            // evenly spaced, the first and the last always kept: the reduction of a backtest's equity curve
            out.add(range.get(m == 1 ? 0 : (int) Math.round((double) k * (n - 1) / (m - 1))));
        }
        return new IndexHistory(indexId, s.runId(), n, out);
    }

    @Override
    public AllocationSet allocation(UUID userId, UUID indexId, LocalDate date) {
        if (date == null) {
            throw FieldErrors.single("date", "is required: the day whose allocation is wanted (YYYY-MM-DD)");
        }
        AllocationSet set = inForce(stored(userId, indexId, true).allocations(), date);
        if (set == null) {
            throw noRun(indexId, "no rebalance filled on or before " + date);
        }
        return set;
    }

    @Override
    public List<AllocationSet> allocationHistory(UUID userId, UUID indexId) {
        List<IndexAllocation> all = stored(userId, indexId, true).allocations();
        List<AllocationSet> out = new ArrayList<>();
        LocalDate previous = null;
        for (IndexAllocation a : all) {
            if (!a.fillDate().equals(previous)) {
                previous = a.fillDate();
                out.add(inForce(all, previous));
            }
        }
        return out;
    }

    /** The allocation in force on {@code date}: each asset's latest fill up to the latest fill day on or before it; null before any. */
    static AllocationSet inForce(List<IndexAllocation> fills, LocalDate date) {
        LocalDate at = null;
        Map<String, IndexAllocation> latest = new LinkedHashMap<>();
        for (IndexAllocation a : fills) {
            if (a.fillDate().isAfter(date)) {
                break;
            }
            at = a.fillDate();
            latest.remove(a.symbol()); // kept in the order of their latest fill
            latest.put(a.symbol(), a);
        }
        if (at == null) {
            return null;
        }
        return new AllocationSet(at, latest.values().stream().filter(a -> a.units() != 0).toList());
    }

    @Override
    public IndexBenchmark benchmark(UUID userId, UUID indexId) {
        Stored s = stored(userId, indexId, true);
        String symbol = s.snapshot().benchmark();
        if (symbol == null) {
            throw FieldErrors.single("benchmark", "index " + indexId + " has no benchmark; set one with an update and run it again");
        }
        PortfolioStats stats = database.inTransaction(em -> IndexResults.stats(em, s.runId()));
        List<IndexValue> values = s.values();
        CandleSeries bars = candles.get().symbol(symbol).between(values.get(0).date(), values.get(values.size() - 1).date())
                .timeframe(Timeframe.D1).fetch();
        LocalDate firstFill = s.allocations().isEmpty() ? values.get(values.size() - 1).date() : s.allocations().get(0).fillDate();
        return compare(indexId, s.runId(), symbol, values, bars, firstFill, stats.periodsPerYear());
    }

    /**
     * The index's {@code values} against the benchmark's daily {@code bars} (its last close at or before each value's
     * day), over the window from {@code firstFill} (or the benchmark's first price when later), with {@code periodsPerYear}
     * as N: the benchmark route's figures, and an index report's over its period.
     */
    public static IndexBenchmark compare(UUID indexId, UUID runId, String symbol, List<IndexValue> values, CandleSeries bars,
                                         LocalDate firstFill, int periodsPerYear) {
        double[] v = new double[values.size()];
        double[] b = new double[values.size()];
        int j = -1;
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i).value();
            long t = values.get(i).date().atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            while (j + 1 < bars.size() && bars.time()[j + 1] <= t) {
                j++;
            }
            b[i] = j < 0 ? Double.NaN : bars.close()[j];
        }
        int from = 0;
        while (from < v.length - 1 && values.get(from).date().isBefore(firstFill)) {
            from++;
        }
        BenchmarkComparison c = BenchmarkComparison.of(v, b, periodsPerYear, from);
        List<IndexBenchmark.Point> points = new ArrayList<>();
        for (int i = c.first(); i < v.length; i++) {
            points.add(new IndexBenchmark.Point(values.get(i).date(), v[i], v[c.first()] * (b[i] / b[c.first()])));
        }
        return new IndexBenchmark(indexId, runId, symbol, points, c.indexReturnPct(), c.benchmarkReturnPct(),
                c.indexReturnPct() - c.benchmarkReturnPct(), c.trackingErrorAnnPct(), c.informationRatio(), c.beta(), c.correlation());
    }

    @Override
    public PortfolioStats riskMetrics(UUID userId, UUID indexId) {
        UUID runId = stored(userId, indexId, false).runId();
        return database.inTransaction(em -> IndexResults.stats(em, runId));
    }

    @Override
    public SimulationResultView simulate(UUID userId, SimulationRequest given) {
        SimulationRequest request = given != null ? given : new SimulationRequest(null, null, null, null, null, null);
        FieldErrors errors = new FieldErrors();
        LocalDate today = today();
        Double amount = request.amount();
        if (amount == null) {
            errors.add("amount", "is required: the amount invested at start_date, > 0");
        } else if (!(amount > 0 && amount <= IndexRules.MAX_AMOUNT)) {
            errors.add("amount", "must be a finite number in (0, 1e12]; got " + amount);
        }
        if (request.startDate() == null) {
            errors.add("start_date", "is required: the day the amount is invested");
        } else if (request.startDate().isBefore(IndexRules.EARLIEST) || !request.startDate().isBefore(today)) {
            errors.add("start_date", "must be from " + IndexRules.EARLIEST + " to yesterday (" + today.minusDays(1) + "); got "
                    + request.startDate());
        }
        String currency = request.currency() == null ? PortfolioOptions.DEFAULT_BASE_CURRENCY : request.currency();
        if (!(currency.length() >= 1 && currency.length() <= 12 && currency.chars().allMatch(Character::isLetterOrDigit))) {
            errors.add("currency", "must be 1 to 12 letters or digits; got '" + IndexRules.shorten(currency) + "'");
        }
        Double monthly = request.monthlyContribution();
        if (monthly != null && !(monthly >= 0 && monthly <= IndexRules.MAX_AMOUNT)) {
            errors.add("monthly_contribution", "must be a finite number in [0, 1e12] when given; got " + monthly);
        }
        if ((request.indexId() == null) == (request.symbol() == null)) {
            errors.add("index_id", "give exactly one of index_id and symbol");
        }
        if (request.symbol() != null && !Symbols.valid(request.symbol())) {
            // one no asset could have is not looked up (a NUL byte would reach the database)
            errors.add("symbol", "must be an asset symbol (1 to 20 characters of A-Z 0-9 . _ -); got '"
                    + IndexRules.shorten(request.symbol()).replace('\u0000', '?') + "'");
        }
        errors.throwIfAny();
        LocalDate from = request.startDate();
        PortfolioQuery query = database.inTransaction(em -> {
            if (request.indexId() != null) {
                IndexSnapshot s = owned(em, userId, request.indexId()).snapshot();
                if (!s.baseCurrency().equals(currency)) {
                    throw FieldErrors.single("currency", "must be the index's base currency " + s.baseCurrency() + "; got " + currency);
                }
                Map<String, MarketCaps> caps = new LinkedHashMap<>();
                if ("market_cap".equals(s.weighting())) {
                    s.universe().forEach(sym -> {
                        MarketCaps c = Assets.marketCaps(em, sym);
                        if (c != null) {
                            caps.put(sym, c);
                        }
                    });
                }
                LocalDate start = from.isBefore(s.startDate()) ? s.startDate() : from;
                return s.query(candles.get(), caps, start, today, amount);
            }
            AssetRecord a = Assets.find(em, request.symbol()).orElseThrow(() -> AssetService.notFound(request.symbol()));
            if (!a.getCurrency().equals(currency)) {
                throw FieldErrors.single("currency", "must be the currency of " + a.getSymbol() + ", " + a.getCurrency() + "; got " + currency);
            }
            return new PortfolioQuery(candles.get()).symbols(a.getSymbol()).between(from, today).timeframe(Timeframe.D1)
                    .options(PortfolioOptions.builder().cash(amount).baseCurrency(currency).build());
        });
        Investment investment = FieldErrors.about("start_date", () -> {
            Investment i = Investment.of(from, amount);
            return monthly == null || monthly == 0 ? i : i.monthly(monthly);
        });
        SimulationResult r = query.simulate(investment);
        long[] time = r.run().time();
        double[] path = r.valuePath();
        List<IndexValue> values = new ArrayList<>(time.length);
        for (int i = 0; i < time.length; i++) {
            values.add(new IndexValue(IndexResults.date(time[i]), path[i]));
        }
        return new SimulationResultView(currency, values, r.amount(), r.totalContributions(), r.totalInvested(), r.finalValue(),
                r.timeWeightedReturnPct(), r.timeWeightedReturnAnnPct(), r.moneyWeightedReturnPct());
    }

    /** Microseconds: what both databases keep, so that a view written and one read back are equal. */
    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    private static IndexDefinition owned(EntityManager em, UUID userId, UUID indexId) {
        IndexDefinition d = indexId == null ? null : em.find(IndexDefinition.class, indexId);
        if (d == null || d.isDeleted() || !d.getUserId().equals(userId)) {
            throw IndexService.notFound(indexId);
        }
        return d;
    }

    private static java.util.Optional<IndexRun> latest(EntityManager em, UUID indexId) {
        return em.createQuery("select r from IndexRun r where r.indexId = :i order by r.queuedAt desc, r.createdAt desc", IndexRun.class)
                .setParameter("i", indexId).setMaxResults(1).getResultList().stream().findFirst();
    }

    private static IndexRun latestOwned(EntityManager em, UUID userId, UUID indexId) {
        owned(em, userId, indexId);
        return latest(em, indexId).orElseThrow(() -> noRun(indexId, "no run"));
    }

    private static BacktestException noRun(UUID indexId, String what) {
        return BacktestException.of(ErrorCode.INDEX_RUN_NOT_FOUND, "index " + indexId + " has " + what + "; start one with POST /api/v1/indexes/"
                + indexId + "/run").with("index_id", indexId.toString());
    }

    private static void requireFreeName(EntityManager em, UUID userId, String name, UUID except) {
        var query = em.createQuery("select count(d) from IndexDefinition d where d.userId = :u and d.name = :n and d.deletedAt is null"
                + (except == null ? "" : " and d.id <> :x"), Long.class).setParameter("u", userId).setParameter("n", name);
        if (except != null) {
            query.setParameter("x", except);
        }
        if (query.getSingleResult() > 0) {
            throw duplicate(name);
        }
    }

    private static BacktestException duplicate(String name) {
        return BacktestException.of(ErrorCode.DUPLICATE_NAME, "you already have an index named '" + name + "'; choose another name")
                .with("errors", List.of(new FieldError("name", "is already used by another of your indexes")));
    }
}
