package dev.backtest.sdk.task;

import java.util.Locale;

/**
 * The kinds of background work in the one task view: backtest runs, parameter sweeps, market-data refreshes and
 * imports, index runs, walk-forward optimisations. The wire form is the lower-case name.
 *
 * <pre>{@code
 * TaskKind k = TaskKind.parse("refresh");   // REFRESH
 * }</pre>
 */
public enum TaskKind {
    RUN, SWEEP, REFRESH, IMPORT, INDEX_RUN, WALK_FORWARD, SCENARIO;

    /** {@code run}, {@code sweep}, {@code refresh}, {@code import}, {@code index_run}, {@code walk_forward}, {@code scenario}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
