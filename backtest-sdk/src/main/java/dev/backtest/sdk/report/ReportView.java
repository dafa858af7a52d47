package dev.backtest.sdk.report;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A saved report: what it was built from (type, backtest, run, period, the SHA-256 fingerprint of the run's stored
 * results it read and the version of the content's layout; for an {@code index_performance} report {@code indexId}
 * and, in {@code runId}, the index run, with {@code backtestId} null) and the content it computed then. Lists leave the content
 * out ({@code null}); {@link ReportService#get} includes it.
 *
 * <pre>{@code
 * ReportView r = client.reports().get(me, reportId);
 * for (ReportContent.PeriodReturn m : r.content().monthly()) System.out.println(m.period() + " " + m.returnPct());
 * }</pre>
 */
public record ReportView(UUID id, String type, String title, UUID backtestId, UUID runId, LocalDate startDate, LocalDate endDate,
                         String sourceFingerprint, int contentVersion, OffsetDateTime createdAt, ReportContent content, UUID indexId) {

    /** A report of one of the backtest types (no index). */
    public ReportView(UUID id, String type, String title, UUID backtestId, UUID runId, LocalDate startDate, LocalDate endDate,
                      String sourceFingerprint, int contentVersion, OffsetDateTime createdAt, ReportContent content) {
        this(id, type, title, backtestId, runId, startDate, endDate, sourceFingerprint, contentVersion, createdAt, content, null);
    }

    /** The same report without its content, as lists show it. */
    public ReportView withoutContent() {
        return new ReportView(id, type, title, backtestId, runId, startDate, endDate, sourceFingerprint, contentVersion, createdAt, null,
                indexId);
    }
}
