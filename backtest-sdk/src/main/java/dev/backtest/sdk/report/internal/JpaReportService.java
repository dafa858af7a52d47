package dev.backtest.sdk.report.internal;

import dev.backtest.engine.Timeframe;
import dev.backtest.sdk.index.IndexAllocation;
import dev.backtest.sdk.index.IndexValue;
import dev.backtest.sdk.index.internal.IndexDefinition;
import dev.backtest.sdk.index.internal.IndexResults;
import dev.backtest.sdk.index.internal.IndexRun;
import dev.backtest.sdk.index.internal.JpaIndexService;
import dev.backtest.sdk.marketdata.CandleQuery;
import java.util.function.Supplier;

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
 * {@link ReportService} on the database (an index report reads the index's latest completed run and the benchmark's
 * candles). Each create and delete records one audit event ({@code report.create},
 * {@code report.delete}) in its own transaction.
 *
 * <pre>{@code
 * ReportService reports = new JpaReportService(database, auditor, marketData::query);
 * ReportView r = reports.create(me, new ReportRequest("period_returns", null, backtestId, null, null, null));
 * }</pre>
 */
public final class JpaReportService implements ReportService {

    private static final String RESOURCE = "report";

    private final Database database;
    private final Auditor auditor;
    private final Supplier<CandleQuery> candles;

    /**
     * Recording its writes through {@code auditor} (its actor kind and request id); {@code candles} gives the benchmark's
     * bars of an index report.
     */
    public JpaReportService(Database database, Auditor auditor, Supplier<CandleQuery> candles) {
        this.database = Objects.requireNonNull(database, "database");
        this.auditor = Objects.requireNonNull(auditor, "auditor");
        this.candles = Objects.requireNonNull(candles, "candles");
    }

    @Override
    public ReportView create(UUID userId, ReportRequest request) {
        Objects.requireNonNull(userId, "userId");
        ReportRequest in = request == null ? new ReportRequest(null, null, null, null, null, null) : request;
        FieldErrors errors = new FieldErrors();
        ReportType type = type(errors, in.type());
        String title = errors.text("title", in.title(), MAX_TITLE, false);
        boolean index = type == ReportType.INDEX_PERFORMANCE;
        if (index) {
            errors.require("index_id", in.indexId());
            if (in.backtestId() != null || in.runId() != null) {
                errors.add(in.backtestId() != null ? "backtest_id" : "run_id",
                        "is for the backtest report types; an index_performance report names index_id (its latest completed run)");
            }
        } else {
            errors.require("backtest_id", in.backtestId());
            if (in.indexId() != null) {
                errors.add("index_id", "is for index_performance reports only");
            }
        }
        if (in.startDate() != null && in.endDate() != null && in.endDate().isBefore(in.startDate())) {
            errors.add("end_date", "must not be before start_date " + in.startDate() + "; got " + in.endDate());
        }
        errors.throwIfAny();
        if (index) {
            return createIndexReport(userId, in, title);
        }
        return auditor.inTransaction(em -> {
            Backtest b = Backtests.owned(em, userId, in.backtestId());
            RunResult result = in.runId() == null ? JpaRunService.latestCompleted(em, b.getId())
                    : JpaRunService.completed(em, b.getId(), in.runId());
            CompletedRun run = CompletedRun.read(em, b, result);
            ReportBuilder.Built built = ReportBuilder.build(type, run, in.startDate(), in.endDate());
            String shownTitle = title != null ? title : defaultTitle(type, b.getName(), built);
            SavedReport r = new SavedReport(userId, type.wire(), shownTitle, b.getId(), run.runId(), built.start(), built.end(),
                    built.fingerprint(), CONTENT_VERSION, built.content());
            return recorded(em, userId, in, r);
        });
    }

    private ReportView createIndexReport(UUID userId, ReportRequest in, String title) {
        return auditor.inTransaction(em -> {
            IndexRun run = JpaIndexService.latestCompleted(em, userId, in.indexId());
            IndexDefinition d = em.find(IndexDefinition.class, in.indexId());
            List<IndexAllocation> fills = IndexResults.allocations(em, run.getId());
            List<IndexValue> values = IndexResults.values(em, run.getId());
            IndexReportBuilder.IndexRunData data = new IndexReportBuilder.IndexRunData(in.indexId(), d.getName(), run.getId(),
                    run.getFinishedAt().orElse(null), run.snapshot(), values,
                    fills.isEmpty() ? values.get(values.size() - 1).date() : fills.get(0).fillDate(),
                    IndexResults.stats(em, run.getId()).periodsPerYear());
            ReportBuilder.Built built = IndexReportBuilder.build(data, (from, to) -> candles.get().symbol(run.snapshot().benchmark())
                    .between(from, to).timeframe(Timeframe.D1).fetch(), in.startDate(), in.endDate());
            String shownTitle = title != null ? title : defaultTitle(ReportType.INDEX_PERFORMANCE, d.getName(), built);
            SavedReport r = SavedReport.ofIndex(userId, ReportType.INDEX_PERFORMANCE.wire(), shownTitle, in.indexId(), run.getId(),
                    built.start(), built.end(), built.fingerprint(), CONTENT_VERSION, built.content());
            return recorded(em, userId, in, r);
        });
    }

    private ReportView recorded(EntityManager em, UUID userId, ReportRequest in, SavedReport r) {
        em.persist(r);
        em.flush();
        auditor.record(em, "report.create", RESOURCE, r.getId(), userId, new ChangedFields().given("type", in.type())
                .given("title", in.title()).given("backtest_id", in.backtestId()).given("run_id", in.runId())
                .given("index_id", in.indexId()).given("start_date", in.startDate()).given("end_date", in.endDate()).list());
        return r.view(true);
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
