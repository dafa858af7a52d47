package dev.backtest.sdk.backtest;

import dev.backtest.sdk.persistence.AuditedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.util.UUID;

/** The statistics and equity curve of a completed run; shares the run's id. */
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
