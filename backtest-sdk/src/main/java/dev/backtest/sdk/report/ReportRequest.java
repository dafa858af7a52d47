package dev.backtest.sdk.report;

import java.time.LocalDate;
import java.util.UUID;

/**
 * What a saved report is built from: its type ({@link ReportType}), an optional title, the source (a backtest and
 * optionally one of its completed runs; without one, the latest completed run) and an optional custom period of whole
 * UTC days, both ends included, inside the run's bars (either end left out: the run's first or last bar's day). An
 * {@code index_performance} report names one of the user's indexes ({@code indexId}) instead of a backtest and reads
 * its latest completed run, the period inside the run's values.
 *
 * <pre>{@code
 * ReportView r = client.reports().create(me, new ReportRequest("period_returns", "BTC 2023 by month", backtestId, null,
 *         LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31)));
 * ReportView ix = client.reports().create(me, new ReportRequest("index_performance", null, null, null,
 *         LocalDate.of(2024, 1, 1), null, indexId));
 * }</pre>
 *
 * @param title at most {@value ReportService#MAX_TITLE} characters; null: the type's label and the backtest's name
 */
public record ReportRequest(String type, String title, UUID backtestId, UUID runId, LocalDate startDate, LocalDate endDate,
                            UUID indexId) {

    /** A request for one of the backtest types (no index). */
    public ReportRequest(String type, String title, UUID backtestId, UUID runId, LocalDate startDate, LocalDate endDate) {
        this(type, title, backtestId, runId, startDate, endDate, null);
    }
}
