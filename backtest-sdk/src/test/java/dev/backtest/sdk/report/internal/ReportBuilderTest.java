package dev.backtest.sdk.report.internal;

import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.sdk.report.ReportContent;
import dev.backtest.sdk.report.ReportType;
import dev.backtest.sdk.run.internal.CompletedRun;
import dev.backtest.sdk.run.internal.RunSnapshot;
import dev.backtest.sdk.run.internal.RunTrade;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReportBuilderTest {

    private static final RunSnapshot SNAPSHOT = new RunSnapshot("BTC", Timeframe.D1, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31),
            "sma_cross", Map.of("fast", 5), RunOptions.defaults());

    private static long day(int d) {
        return LocalDate.of(2024, 1, d).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    private static OffsetDateTime at(int d) {
        return LocalDate.of(2024, 1, d).atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    private static RunTrade.Values trade(int seq, int exitDay, String pnl) {
        return new RunTrade.Values(seq, BigDecimal.ONE, 0, 1, at(1), at(exitDay), BigDecimal.TEN, BigDecimal.TEN, null, null,
                BigDecimal.ZERO, new BigDecimal(pnl), 0.0);
    }

    /** Bars on January 1, 2, 3 and 10, 2024: a gap from the 4th to the 9th. */
    private static CompletedRun run(List<RunTrade.Values> trades) {
        String curve = "{\"time\":[" + day(1) + "," + day(2) + "," + day(3) + "," + day(10) + "],\"equity\":[100,120,90,108],"
                + "\"drawdown\":[0,0,0.25,0.1]}";
        return new CompletedRun(UUID.randomUUID(), "bt", UUID.randomUUID(), SNAPSHOT, at(11), "{\"trades\":2}", curve, trades);
    }

    @Test
    void summaryDrawdownAndTradesAreThePeriodsOwn() {
        CompletedRun r = run(List.of(trade(0, 2, "5"), trade(1, 3, "-2"), trade(2, 10, "0")));
        ReportBuilder.Built b = ReportBuilder.build(ReportType.BACKTEST_SUMMARY, r, LocalDate.of(2024, 1, 2), null);
        assertThat(b.start()).isEqualTo(LocalDate.of(2024, 1, 2));
        assertThat(b.end()).isEqualTo(LocalDate.of(2024, 1, 10));
        ReportContent.Summary s = b.content().summary();
        assertThat(s.bars()).isEqualTo(3);
        assertThat(s.startEquity()).isEqualTo(120);
        assertThat(s.returnPct()).isCloseTo(-10, within(1e-12));
        assertThat(s.maxDrawdownPct()).isCloseTo(-25, within(1e-12));
        assertThat(s.trades()).isEqualTo(3);
        assertThat(s.winningTrades()).isEqualTo(1);
        assertThat(s.winRatePct()).isCloseTo(100.0 / 3, within(1e-12));
        double[] dd = b.content().equity().drawdownPct();
        assertThat(dd).hasSize(3);
        assertThat(dd[0]).isZero();
        assertThat(dd[1]).isCloseTo(-25, within(1e-12));
        assertThat(dd[2]).isCloseTo(-10, within(1e-12));
        assertThat(b.content().trades()).extracting(t -> t.seq()).containsExactly(0, 1, 2);

        ReportBuilder.Built returns = ReportBuilder.build(ReportType.PERIOD_RETURNS, r, null, LocalDate.of(2024, 1, 3));
        assertThat(returns.content().summary().winRatePct()).isCloseTo(50, within(1e-12));
        assertThat(returns.content().trades()).isEmpty();
        assertThat(returns.content().equity().time()).isEmpty();
        assertThat(returns.content().monthly()).singleElement().satisfies(m -> assertThat(m.returnPct()).isCloseTo(-10, within(1e-12)));
    }

    @Test
    void fingerprintFollowsTheStoredResultsAndNothingElse() {
        CompletedRun r = run(List.of(trade(0, 2, "5")));
        String f = ReportBuilder.fingerprint(r);
        assertThat(f).matches("[0-9a-f]{64}").isEqualTo(ReportBuilder.fingerprint(r));
        assertThat(ReportBuilder.fingerprint(run(List.of(trade(0, 2, "5.5"))))).as("another run id and pnl").isNotEqualTo(f);
        CompletedRun samePnlOtherTrade = new CompletedRun(r.backtestId(), "renamed", r.runId(), r.snapshot(), r.finishedAt(),
                r.statsJson(), r.curveJson(), List.of(trade(0, 3, "5")));
        assertThat(ReportBuilder.fingerprint(samePnlOtherTrade)).isNotEqualTo(f);
        CompletedRun renamed = new CompletedRun(r.backtestId(), "renamed", r.runId(), r.snapshot(), r.finishedAt(), r.statsJson(),
                r.curveJson(), r.trades());
        assertThat(ReportBuilder.fingerprint(renamed)).as("the backtest's name is not an input").isEqualTo(f);
    }

    @Test
    void aPeriodWithoutBarsOrARunWithoutBarsIsRefused() {
        assertThat(fields(() -> ReportBuilder.build(ReportType.PERIOD_RETURNS, run(List.of()), LocalDate.of(2024, 1, 4),
                LocalDate.of(2024, 1, 9)))).containsExactly("start_date");
        CompletedRun empty = new CompletedRun(UUID.randomUUID(), "bt", UUID.randomUUID(), SNAPSHOT, null, "{}",
                "{\"time\":[],\"equity\":[],\"drawdown\":[]}", List.of());
        assertThat(fields(() -> ReportBuilder.build(ReportType.PERIOD_RETURNS, empty, null, null))).containsExactly("run_id");
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(Runnable call) {
        try {
            call.run();
        } catch (BacktestException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            return ((List<FieldError>) e.details().get("errors")).stream().map(FieldError::field).toList();
        }
        throw new AssertionError("expected VALIDATION_FAILED");
    }
}
