package dev.backtest.sdk.index;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * An index against its benchmark over the active window of its latest completed run (from its first fill, or from
 * the benchmark's first price when that is later): the benchmark (its last close at or before each day of the index)
 * rebased to the index's value at the window's first day, and the statistics of docs/portfolio.md computed on the
 * daily returns {@code r} of the index and {@code r_b} of the benchmark over the window (those of
 * {@link IndexService#riskMetrics} when the benchmark is in the universe): {@code excess_return_pct} (index return − benchmark return), {@code tracking_error_ann_pct}
 * ({@code std(r − r_b, ddof 1)·√N·100}), {@code information_ratio} (difference of the annualised returns over the
 * tracking error), {@code beta} ({@code cov(ln(1+r), ln(1+r_b)) / var(ln(1+r_b))}), {@code correlation} (Pearson
 * of {@code r} and {@code r_b}); NaN where undefined. In JSON the snake_case names, and {@code points} of
 * {@code date}, {@code index}, {@code benchmark}.
 *
 * <pre>{@code
 * IndexBenchmark b = client.indexes().benchmark(me, indexId);
 * System.out.printf("beta %.2f, tracking error %.1f %%%n", b.beta(), b.trackingErrorAnnPct());
 * }</pre>
 */
public record IndexBenchmark(UUID indexId, UUID runId, String benchmark, List<Point> points, double indexReturnPct,
                             double benchmarkReturnPct, double excessReturnPct, double trackingErrorAnnPct, double informationRatio,
                             double beta, double correlation) {

    public IndexBenchmark {
        points = List.copyOf(points);
    }

    /** The index and the rebased benchmark on one day of the window. */
    public record Point(LocalDate date, double index, double benchmark) {
    }
}
