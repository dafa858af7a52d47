package dev.backtest.sdk.report;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;

import java.util.UUID;

/**
 * A user's saved reports (the original app's reports page): built once from a completed backtest or index run over a period,
 * stored with what they were built from and their computed content, listed, read, deleted and exported as HTML, CSV or
 * JSON. Every method takes the acting user's id; another user's report, backtest or run answers exactly like a missing
 * one. Creates and deletes are recorded in the audit trail ({@code report.create}, {@code report.delete}). Thread-safe;
 * get it from {@code client.reports()}.
 *
 * <pre>{@code
 * ReportView r = client.reports().create(me, new ReportRequest("backtest_summary", null, backtestId, null, null, null));
 * ReportExport csv = client.reports().export(me, r.id(), ReportFormat.CSV);   // the trades, RFC 4180
 * Page<ReportView> mine = client.reports().list(me, PageRequest.first(20));
 * }</pre>
 */
public interface ReportService {

    /** Longest title, in characters. */
    int MAX_TITLE = 200;
    /** The version of {@link ReportContent}'s layout written now. */
    int CONTENT_VERSION = 1;
    /** The most points of a report's equity curve. */
    int MAX_EQUITY_POINTS = 1000;

    /**
     * Builds and stores a report from the backtest's run ({@code runId}, or its latest completed run) over the period;
     * an {@code index_performance} report from the index's latest completed run.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming every bad field (type missing, unknown or not
     *         available yet, title too long or with control characters, backtest_id missing, dates reversed or outside
     *         the run's bars, a period without bars); {@link ErrorCode#BACKTEST_NOT_FOUND}; {@link ErrorCode#RUN_NOT_FOUND}
     *         when the run is not the backtest's or not completed, or the backtest has no completed run;
     *         {@link ErrorCode#INDEX_NOT_FOUND}; {@link ErrorCode#INDEX_RUN_NOT_FOUND} when the index has no completed run
     */
    ReportView create(UUID userId, ReportRequest request);

    /**
     * The user's reports without their content, newest first ({@code created_at}: oldest first; {@code name}: by title).
     */
    Page<ReportView> list(UUID userId, PageRequest page);

    /**
     * One report with its content.
     *
     * @throws BacktestException {@link ErrorCode#REPORT_NOT_FOUND}
     */
    ReportView get(UUID userId, UUID reportId);

    /**
     * Deletes the report (soft: it vanishes from lists and gets).
     *
     * @throws BacktestException {@link ErrorCode#REPORT_NOT_FOUND}
     */
    void delete(UUID userId, UUID reportId);

    /**
     * The report in {@code format}, from its stored content (nothing is recomputed).
     *
     * @throws BacktestException {@link ErrorCode#REPORT_NOT_FOUND}
     */
    ReportExport export(UUID userId, UUID reportId, ReportFormat format);

    /** The error for a report id that does not exist, is deleted or belongs to another user (also a malformed id). */
    static BacktestException notFound(Object reportId) {
        return BacktestException.of(ErrorCode.REPORT_NOT_FOUND, "report " + reportId + " does not exist")
                .with("report_id", String.valueOf(reportId));
    }
}
