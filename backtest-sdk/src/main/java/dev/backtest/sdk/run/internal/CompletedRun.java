package dev.backtest.sdk.run.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.sdk.backtest.internal.Backtest;
import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.run.RunResults;
import jakarta.persistence.EntityManager;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Everything stored of one completed run, read in one transaction: what the HTML report of a run and the saved reports
 * are built from. {@code statsJson} and {@code curveJson} are the stored text, as read (a saved report's fingerprint
 * hashes them).
 *
 * <pre>{@code
 * CompletedRun run = database.inTransaction(em -> CompletedRun.read(em, backtest, JpaRunService.completed(em, backtestId, runId)));
 * RunResults.EquityCurve curve = run.equityCurve();
 * }</pre>
 */
public record CompletedRun(UUID backtestId, String backtestName, UUID runId, RunSnapshot snapshot, OffsetDateTime finishedAt,
                           String statsJson, String curveJson, List<RunTrade.Values> trades) {

    /** Reads the run of {@code result} (its backtest {@code b}) and its trades in the order the engine closed them. */
    public static CompletedRun read(EntityManager em, Backtest b, RunResult result) {
        List<RunTrade.Values> trades = em.createQuery("select t from RunTrade t where t.runId = :r order by t.seq", RunTrade.class)
                .setParameter("r", result.getId()).getResultList().stream().map(RunTrade::values).toList();
        BacktestRun run = em.find(BacktestRun.class, result.getId());
        return new CompletedRun(b.getId(), b.getName(), run.getId(), run.snapshot(), run.getFinishedAt().orElse(null),
                result.getStatsJson(), result.getEquityCurveJson(), trades);
    }

    public JsonNode stats() {
        return StoredJson.tree(statsJson);
    }

    public JsonNode curve() {
        return StoredJson.tree(curveJson);
    }

    /** The whole equity curve, one point per bar. */
    public RunResults.EquityCurve equityCurve() {
        return EquityCurves.reduce(curve(), Integer.MAX_VALUE);
    }
}
