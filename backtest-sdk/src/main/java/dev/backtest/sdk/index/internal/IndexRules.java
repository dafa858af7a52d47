package dev.backtest.sdk.index.internal;

import dev.backtest.engine.portfolio.PortfolioOptions;
import dev.backtest.engine.portfolio.Schedule;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.asset.internal.Assets;
import dev.backtest.sdk.index.IndexInput;
import dev.backtest.sdk.index.IndexService;
import dev.backtest.sdk.marketdata.Symbols;
import jakarta.persistence.EntityManager;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one validation of an index definition: the fields of an {@link IndexInput} over a definition (none on
 * create), every problem collected at once. The engine's own rules (weights in [0, 1] summing to at most 1, the
 * lookback, the cap, the threshold, the commission, the currency, the schedule) are checked by building its
 * options, so they are written once; the index adds the universe (known symbols, at most {@code INDEX_MAX_ASSETS},
 * no duplicates), the weights' symbols, the benchmark, the base value and the start date.
 *
 * <pre>{@code
 * FieldErrors errors = new FieldErrors();
 * IndexSnapshot s = IndexRules.merge(errors, input, null, 500, today);   // a candidate while errors holds any
 * IndexRules.requireKnownSymbols(errors, em, s);
 * errors.throwIfAny();
 * }</pre>
 */
public final class IndexRules {

    static final List<String> WEIGHTINGS = List.of("equal", "fixed", "market_cap", "inverse_volatility");
    static final double MAX_AMOUNT = 1e12;
    static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);

    private IndexRules() {
    }

    /**
     * The definition {@code in} makes of {@code before} (null: a new one), every wrong field's error added to
     * {@code errors} at once. The definition is only a candidate while {@code errors} holds any: a wrong field keeps a
     * stand-in value there (the default schedule, the equal weighting, ...) so that the other fields are still checked;
     * check the symbols with {@link #requireKnownSymbols} and then {@link FieldErrors#throwIfAny()} before using it.
     */
    public static IndexSnapshot merge(FieldErrors errors, IndexInput in, IndexSnapshot before, int maxAssets, LocalDate today) {
        boolean create = before == null;
        List<String> universe = in.universe() != null ? universe(errors, in.universe(), maxAssets)
                : create ? required(errors, "universe", "one or more asset symbols") : before.universe();
        String weighting = in.weighting() != null ? in.weighting().strip() : create ? IndexSnapshot.DEFAULT_WEIGHTING : before.weighting();
        boolean knownWeighting = WEIGHTINGS.contains(weighting);
        if (!knownWeighting) {
            errors.add("weighting", "must be one of " + String.join(", ", WEIGHTINGS) + "; got '" + shorten(weighting) + "'");
        }
        boolean sameWeighting = !create && weighting.equals(before.weighting());
        Map<String, Double> weights = in.weights() != null ? in.weights() : sameWeighting ? before.weights() : null;
        if ("fixed".equals(weighting)) {
            if (weights == null || weights.isEmpty()) {
                errors.add("weights", "are required with the fixed weighting: a weight in [0, 1] per symbol of the universe");
            } else if (universe != null) {
                weights.keySet().stream().filter(s -> !universe.contains(s)).sorted()
                        .forEach(s -> errors.add("weights." + shorten(s), "is not a symbol of the universe " + shortList(universe)));
            }
        } else {
            if (in.weights() != null && knownWeighting) {
                errors.add("weights", "are given with the fixed weighting only; this index's weighting is " + shorten(weighting));
            }
            weights = null;
        }
        Integer lookback = in.lookback() != null ? in.lookback() : sameWeighting ? before.lookback() : null;
        if ("inverse_volatility".equals(weighting)) {
            lookback = lookback == null ? IndexSnapshot.DEFAULT_LOOKBACK : lookback;
            if (lookback > IndexService.MAX_LOOKBACK) {
                errors.add("lookback", "must be at most " + IndexService.MAX_LOOKBACK + "; got " + lookback);
            }
        } else {
            if (in.lookback() != null && knownWeighting) {
                errors.add("lookback", "is given with the inverse_volatility weighting only; this index's weighting is " + shorten(weighting));
            }
            lookback = null;
        }
        Double maxWeight = in.maxWeight() != null ? in.maxWeight() : create ? null : before.maxWeight();
        String schedule = in.schedule() != null ? in.schedule().strip() : create ? IndexSnapshot.DEFAULT_SCHEDULE : before.schedule();
        boolean knownSchedule = errors.check("schedule", () -> Schedule.parse(schedule)) != null;
        Double threshold = in.threshold() != null ? in.threshold() : create ? null : before.threshold();
        String benchmark = in.benchmark() != null ? in.benchmark().strip() : create ? null : before.benchmark();
        if (benchmark != null && !Symbols.valid(benchmark)) {
            errors.add("benchmark", "must be an asset symbol (1 to 20 characters of A-Z 0-9 . _ -); got '" + shorten(benchmark) + "'");
        }
        double baseValue = in.baseValue() != null ? in.baseValue() : create ? IndexSnapshot.DEFAULT_BASE_VALUE : before.baseValue();
        if (!(baseValue > 0 && baseValue <= MAX_AMOUNT)) {
            errors.add("base_value", "must be a finite number in (0, 1e12]; got " + baseValue);
        }
        String currency = in.baseCurrency() != null ? in.baseCurrency() : create ? PortfolioOptions.DEFAULT_BASE_CURRENCY : before.baseCurrency();
        LocalDate start = in.startDate() != null ? in.startDate() : create ? null : before.startDate();
        if (start == null) {
            errors.add("start_date", "is required: the first day of the index");
        } else if (start.isBefore(EARLIEST) || start.isAfter(today)) {
            errors.add("start_date", "must be from " + EARLIEST + " to today (" + today + "); got " + start);
        }
        double commission = in.commission() != null ? in.commission() : create ? PortfolioOptions.DEFAULT_COMMISSION : before.commission();
        IndexSnapshot s = new IndexSnapshot(universe == null ? List.of() : universe, knownWeighting ? weighting : IndexSnapshot.DEFAULT_WEIGHTING,
                weights, lookback, maxWeight, knownSchedule ? schedule : IndexSnapshot.DEFAULT_SCHEDULE, threshold,
                benchmark != null && Symbols.valid(benchmark) ? benchmark : null, baseValue > 0 && baseValue <= MAX_AMOUNT ? baseValue : 1,
                currency, start == null ? EARLIEST : start, commission);
        // the engine's own rules, written once; a fixed weighting without weights is reported above
        if (!"fixed".equals(s.weighting()) || (weights != null && !weights.isEmpty())) {
            errors.collect(() -> s.options(s.baseValue()));
        }
        return s;
    }

    /** Adds an error for each symbol of the universe and the benchmark that the assets table does not hold. */
    public static void requireKnownSymbols(FieldErrors errors, EntityManager em, IndexSnapshot s) {
        Set<String> all = new LinkedHashSet<>(s.universe());
        if (s.benchmark() != null) {
            all.add(s.benchmark());
        }
        Set<String> unknown = Assets.unknown(em, all);
        List<String> inUniverse = unknown.stream().filter(s.universe()::contains).toList();
        if (!inUniverse.isEmpty()) {
            errors.add("universe", "holds symbols that are not assets: " + shortList(inUniverse) + "; list them with GET /api/v1/assets");
        }
        if (s.benchmark() != null && unknown.contains(s.benchmark())) {
            errors.add("benchmark", "'" + s.benchmark() + "' is not an asset; list them with GET /api/v1/assets");
        }
    }

    private static List<String> universe(FieldErrors errors, List<String> given, int maxAssets) {
        if (given.isEmpty()) {
            errors.add("universe", "must hold at least one asset symbol");
            return null;
        }
        if (given.size() > maxAssets) {
            errors.add("universe", "holds " + given.size() + " symbols; accepted: at most " + maxAssets + " (INDEX_MAX_ASSETS)");
            return null;
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        List<String> bad = new ArrayList<>();
        for (String s : given) {
            if (s == null || !Symbols.valid(s)) {
                bad.add(s == null ? "null" : "'" + shorten(s) + "'");
            } else if (!out.add(s)) {
                errors.add("universe", "names " + s + " twice; each asset once");
            }
        }
        if (!bad.isEmpty()) {
            errors.add("universe", "holds invalid symbols " + shortList(bad) + "; accepted: 1 to 20 characters of A-Z 0-9 . _ -");
        }
        return bad.isEmpty() ? List.copyOf(out) : null;
    }

    private static <T> T required(FieldErrors errors, String field, String what) {
        errors.add(field, "is required: " + what);
        return null;
    }

    static String shorten(String s) {
        return s == null ? "null" : s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    static String shortList(List<String> items) {
        return items.size() <= 10 ? items.toString() : items.subList(0, 10) + " and " + (items.size() - 10) + " more";
    }
}
