package dev.backtest.sdk.report.internal;

import dev.backtest.sdk.persistence.internal.SoftDeletableEntity;
import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.report.ReportContent;
import dev.backtest.sdk.report.ReportView;
import dev.backtest.sdk.persistence.internal.NullableUuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A saved report, as stored in {@code reports}: what it was built from and its computed content (JSON text, read back
 * as written).
 *
 * <pre>{@code
 * SavedReport r = new SavedReport(me, "period_returns", "BTC by month", source, fingerprint, content);
 * em.persist(r);
 * ReportView view = r.view(true);
 * }</pre>
 */
@Entity
@Table(name = "reports")
public class SavedReport extends SoftDeletableEntity {

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;
    @Column(name = "type", nullable = false, length = 32, updatable = false)
    private String type;
    @Column(name = "title", nullable = false, length = 200, updatable = false)
    private String title;
    @Column(name = "backtest_id", updatable = false)
    @Convert(converter = NullableUuidConverter.class)
    private UUID backtestId;
    @Column(name = "run_id", updatable = false)
    @Convert(converter = NullableUuidConverter.class)
    private UUID runId;
    @Column(name = "index_id", updatable = false)
    @Convert(converter = NullableUuidConverter.class)
    private UUID indexId;
    @Column(name = "index_run_id", updatable = false)
    @Convert(converter = NullableUuidConverter.class)
    private UUID indexRunId;
    @Column(name = "start_date", nullable = false, updatable = false)
    private LocalDate startDate;
    @Column(name = "end_date", nullable = false, updatable = false)
    private LocalDate endDate;
    @Column(name = "source_fingerprint", nullable = false, length = 64, updatable = false)
    private String sourceFingerprint;
    @Column(name = "content_version", nullable = false, updatable = false)
    private int contentVersion;
    @Column(name = "content", nullable = false, updatable = false)
    private String contentJson;

    protected SavedReport() {
        // for JPA
    }

    /** A report of a backtest run over {@code [start, end]}. */
    public SavedReport(UUID userId, String type, String title, UUID backtestId, UUID runId, LocalDate start, LocalDate end,
                       String sourceFingerprint, int contentVersion, ReportContent content) {
        this.userId = userId;
        this.type = type;
        this.title = title;
        this.backtestId = backtestId;
        this.runId = runId;
        this.startDate = start;
        this.endDate = end;
        this.sourceFingerprint = sourceFingerprint;
        this.contentVersion = contentVersion;
        this.contentJson = StoredJson.write(content);
    }

    /** A report of an index's run over {@code [start, end]}. */
    public static SavedReport ofIndex(UUID userId, String type, String title, UUID indexId, UUID indexRunId, LocalDate start, LocalDate end,
                                      String sourceFingerprint, int contentVersion, ReportContent content) {
        SavedReport r = new SavedReport(userId, type, title, null, null, start, end, sourceFingerprint, contentVersion, content);
        r.indexId = indexId;
        r.indexRunId = indexRunId;
        return r;
    }

    public UUID getUserId() { return userId; }

    /** What its owner sees; with the content (read from its JSON) or without. */
    public ReportView view(boolean withContent) {
        return new ReportView(getId(), type, title, backtestId, indexRunId != null ? indexRunId : runId, startDate, endDate,
                sourceFingerprint, contentVersion, getCreatedAt(), withContent ? StoredJson.read(contentJson, ReportContent.class) : null,
                indexId);
    }
}
