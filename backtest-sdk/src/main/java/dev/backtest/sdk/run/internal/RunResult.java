package dev.backtest.sdk.run.internal;

import dev.backtest.sdk.persistence.internal.AuditedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.util.UUID;

/**
 * The statistics and equity curve of a completed run, as stored in the {@code run_results} table (JSON
 * text); shares the run's id.
 *
 * <pre>{@code
 * RunResult result = database.inTransaction(em -> em.find(RunResult.class, runId));
 * int bars = result.getBarCount();
 * String statsJson = result.getStatsJson();   // {"return_pct": ..., "sharpe_ratio": ..., ...}
 * }</pre>
 */
@Entity
@Table(name = "run_results")
public class RunResult extends AuditedEntity {

    @Column(name = "stats", nullable = false)
    private String statsJson;

    @Column(name = "equity_curve", nullable = false)
    private String equityCurveJson;

    @Column(name = "bar_count", nullable = false)
    private int barCount;

    protected RunResult() {
        // for JPA
    }

    public RunResult(UUID runId, String statsJson, String equityCurveJson, int barCount) {
        super(runId);
        this.statsJson = statsJson;
        this.equityCurveJson = equityCurveJson;
        this.barCount = barCount;
    }

    public String getStatsJson() { return statsJson; }
    public String getEquityCurveJson() { return equityCurveJson; }
    public int getBarCount() { return barCount; }
}
