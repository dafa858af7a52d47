package dev.backtest.sdk.marketdata.internal;

import dev.backtest.sdk.config.BacktestConfig;
import dev.backtest.sdk.config.WatchedSymbol;
import dev.backtest.sdk.marketdata.MarketDataService;
import dev.backtest.sdk.marketdata.RefreshReport;
import dev.backtest.sdk.marketdata.RefreshRequest;
import dev.backtest.sdk.source.BarSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The scheduled refresh of the watchlist ({@code REFRESH_SYMBOLS}) from the enabled sources, run by the run queue's
 * scheduler as the recurring task {@value #TASK_NAME} (one instance of the cluster at a time, every
 * {@code REFRESH_INTERVAL}, once on start unless {@code SKIP_STARTUP_REFRESH}). Each execution is one task of kind
 * {@code refresh} with no user. A failing execution is logged and the schedule goes on.
 *
 * <pre>{@code
 * ScheduledRefresh.of(config, sources, marketData)
 *         .ifPresent(r -> new RunQueue.Recurring(ScheduledRefresh.TASK_NAME, config.refreshInterval(),
 *                 !config.skipStartupRefresh(), r));
 * }</pre>
 */
public final class ScheduledRefresh implements Runnable {

    /** The recurring task's name in {@code scheduled_tasks}. */
    public static final String TASK_NAME = "market-data-refresh";
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRefresh.class);

    private final MarketDataService marketData;
    private final List<WatchedSymbol> watchlist;
    private final Map<String, BarSource> sources;

    private ScheduledRefresh(MarketDataService marketData, List<WatchedSymbol> watchlist, Map<String, BarSource> sources) {
        this.marketData = marketData;
        this.watchlist = List.copyOf(watchlist);
        this.sources = Map.copyOf(sources);
    }

    /**
     * The scheduled refresh of a configuration, or empty when there is nothing to do: no source enabled
     * ({@code DATA_SOURCES}, the embedded defaults), no watchlist, or no source given to the client.
     */
    public static Optional<ScheduledRefresh> of(BacktestConfig config, Map<String, BarSource> sources, MarketDataService marketData) {
        Objects.requireNonNull(sources, "sources");
        if (config.dataSources().isEmpty() || config.refreshSymbols().isEmpty()) {
            return Optional.empty();
        }
        if (sources.isEmpty()) {
            LOG.warn("REFRESH_SYMBOLS is set but no market-data source was given to the client; the scheduled refresh is off");
            return Optional.empty();
        }
        return Optional.of(new ScheduledRefresh(marketData, config.refreshSymbols(), sources));
    }

    /** One refresh of the watchlist; never throws. */
    @Override
    public void run() {
        try {
            RefreshReport report = marketData.refresh(RefreshRequest.of(watchlist, sources));
            if (report.failed().isEmpty()) {
                LOG.info("Scheduled refresh: {} symbol(s), {} bar(s) written into {} object(s)", watchlist.size(),
                        report.barsWritten(), report.objectsWritten());
            } else {
                LOG.warn("Scheduled refresh: {} of {} symbol(s) failed ({}); {} bar(s) written into {} object(s)", report.failed().size(),
                        watchlist.size(), report.failed().stream().map(f -> f.symbol() + ": " + f.errorCode()).toList(),
                        report.barsWritten(), report.objectsWritten());
            }
        } catch (RuntimeException e) {
            LOG.warn("Scheduled refresh failed: {}", e.getMessage(), e);
        }
    }
}
