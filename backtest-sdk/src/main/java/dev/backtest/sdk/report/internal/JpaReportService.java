package dev.backtest.sdk.report.internal;

import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.audit.internal.Auditor;
import dev.backtest.sdk.audit.internal.ChangedFields;
import dev.backtest.sdk.backtest.internal.Backtest;
import dev.backtest.sdk.backtest.internal.Backtests;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.report.ReportExport;
import dev.backtest.sdk.report.ReportExports;
import dev.backtest.sdk.report.ReportFormat;
import dev.backtest.sdk.report.ReportRequest;
import dev.backtest.sdk.report.ReportService;
import dev.backtest.sdk.report.ReportType;
import dev.backtest.sdk.report.ReportView;
import dev.backtest.sdk.run.internal.CompletedRun;
import dev.backtest.sdk.run.internal.JpaRunService;
import dev.backtest.sdk.run.internal.RunResult;
import jakarta.persistence.EntityManager;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link ReportService} on the database. Each create and delete records one audit event ({@code report.create},
 * {@code report.delete}) in its own transaction.
 *
 * <pre>{@code
 * ReportService reports = new JpaReportService(database, auditor);
 * ReportView r = reports.create(me, new ReportRequest("period_returns", null, backtestId, null, null, null));
 * }</pre>
 */
public final class JpaReportService implements ReportService {

    private static final String RESOURCE = "report";

    private final Database database;
    private final Auditor auditor;

    /** Recording its writes through {@code auditor} (its actor kind and request id). */
    public JpaReportService(Database database, Auditor auditor) {
        this.database = Objects.requireNonNull(database, "database");
        this.auditor = Objects.requireNonNull(auditor, "auditor");
    }

    @Override
    public ReportView create(UUID userId, ReportRequest request) {
        Objects.requireNonNull(userId, "userId");
        ReportRequest in = request == null ? new ReportRequest(null, null, null, null, null, null) : request;
        FieldErrors errors = new FieldErrors();
        ReportType type = type(errors, in.type());
        String title = errors.text("title", in.title(), MAX_TITLE, false);
        errors.require("backtest_id", in.backtestId());
        if (in.startDate() != null && in.endDate() != null && in.endDate().isBefore(in.startDate())) {
            errors.add("end_date", "must not be before start_date " + in.startDate() + "; got " + in.endDate());
        }
        errors.throwIfAny();
        return auditor.inTransaction(em -> {
            Backtest b = Backtests.owned(em, userId, in.backtestId());
            RunResult result = in.runId() == null ? JpaRunService.latestCompleted(em, b.getId())
                    : JpaRunService.completed(em, b.getId(), in.runId());
            CompletedRun run = CompletedRun.read(em, b, result);
            ReportBuilder.Built built = ReportBuilder.build(type, run, in.startDate(), in.endDate());
            String shownTitle = title != null ? title : defaultTitle(type, b.getName(), built);
            SavedReport r = new SavedReport(userId, type.wire(), shownTitle, b.getId(), run.runId(), built.start(), built.end(),
                    built.fingerprint(), CONTENT_VERSION, built.content());
            em.persist(r);
            em.flush();
            auditor.record(em, "report.create", RESOURCE, r.getId(), userId, new ChangedFields().given("type", in.type())
                    .given("title", in.title()).given("backtest_id", in.backtestId()).given("run_id", in.runId())
                    .given("start_date", in.startDate()).given("end_date", in.endDate()).list());
            return r.view(true);
        });
    }

    private static ReportType type(FieldErrors errors, String wire) {
        if (wire == null) {
            errors.add("type", "is required; accepted: " + String.join(", ", ReportType.availableWires()));
            return null;
        }
        Optional<ReportType> type = ReportType.fromWire(wire);
        if (type.isEmpty()) {
            errors.add("type", "must be one of " + String.join(", ", ReportType.availableWires()) + "; got '"
                    + (wire.length() > 40 ? wire.substring(0, 40) + "..." : wire) + "'");
            return null;
        }
        if (!type.get().available()) {
            errors.add("type", wire + " reports come with the index product and cannot be created yet; accepted now: "
                    + String.join(", ", ReportType.availableWires()));
            return null;
        }
        return type.get();
    }

    private static String defaultTitle(ReportType type, String backtestName, ReportBuilder.Built built) {
        String t = type.label() + " · " + backtestName + " · " + built.start() + " to " + built.end();
        return t.length() <= MAX_TITLE ? t : t.substring(0, MAX_TITLE);
    }

    @Override
    public Page<ReportView> list(UUID userId, PageRequest page) {
        Objects.requireNonNull(page, "page");
        String where = " from SavedReport r where r.deletedAt is null and r.userId = :u";
        String order = switch (page.sort()) {
            case CREATED_AT -> " order by r.createdAt, r.id";
            case CREATED_AT_DESC -> " order by r.createdAt desc, r.id desc";
            case NAME -> " order by r.title, r.id";
        };
        return database.inTransaction(em -> {
            long total = em.createQuery("select count(r)" + where, Long.class).setParameter("u", userId).getSingleResult();
            List<ReportView> items = em.createQuery("select r" + where + order, SavedReport.class).setParameter("u", userId)
                    .setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList().stream().map(r -> r.view(false)).toList();
            return page.page(items, total);
        });
    }

    @Override
    public ReportView get(UUID userId, UUID reportId) {
        return database.inTransaction(em -> owned(em, userId, reportId).view(true));
    }

    @Override
    public void delete(UUID userId, UUID reportId) {
        auditor.inTransaction(em -> {
            owned(em, userId, reportId).markDeleted();
            auditor.record(em, "report.delete", RESOURCE, reportId, userId, List.of());
            return null;
        });
    }

    @Override
    public ReportExport export(UUID userId, UUID reportId, ReportFormat format) {
        Objects.requireNonNull(format, "format");
        return ReportExports.export(get(userId, reportId), format);
    }

    private static SavedReport owned(EntityManager em, UUID userId, UUID reportId) {
        SavedReport r = reportId == null ? null : em.find(SavedReport.class, reportId);
        if (r == null || r.isDeleted() || !r.getUserId().equals(userId)) {
            throw ReportService.notFound(reportId);
        }
        return r;
    }
}
