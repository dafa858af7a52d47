package dev.backtest.sdk.optimization.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Chunking and merging of sweeps: merged per-chunk top-N lists rank exactly like the engine ranks the whole grid. */
class ParameterSweepTest {

    private static final double[] METRICS = {Double.NaN, Double.NEGATIVE_INFINITY, -1.5, -0.0, 0.0, 0.25, 0.25, 3, Double.POSITIVE_INFINITY};

    @Test
    void chunksAreAboutSixteenOfAtMostFiveHundredCombinations() {
        assertThat(ParameterSweep.chunkSizes(0)).containsExactly(0);
        assertThat(ParameterSweep.chunkSizes(1)).containsExactly(1);
        assertThat(ParameterSweep.chunkSizes(16)).hasSize(16).containsOnly(1);
        assertThat(ParameterSweep.chunkSizes(17)).hasSize(9).startsWith(2, 2).endsWith(1);
        assertThat(ParameterSweep.chunkSizes(300)).hasSize(16).startsWith(19).endsWith(15);
        assertThat(ParameterSweep.chunkSizes(10_000)).hasSize(20).containsOnly(500);
        for (int n : new int[] {2, 15, 33, 99, 1_000, 7_919, 10_000}) {
            List<Integer> sizes = ParameterSweep.chunkSizes(n);
            assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).as("combinations of %d", n).isEqualTo(n);
            assertThat(sizes).allSatisfy(s -> assertThat(s).isBetween(1, ParameterSweep.MAX_CHUNK_COMBINATIONS));
        }
    }

    @RepeatedTest(50)
    void mergedChunkTopsEqualTheTopOfTheWholeGrid() {
        Random random = new Random();
        int n = 1 + random.nextInt(300);
        List<ParameterSweep.Ranked> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(ranked(i, METRICS[random.nextInt(METRICS.length)]));
        }
        int top = 1 + random.nextInt(40);
        List<ParameterSweep.Ranked> expected = engineTop(all, top);

        List<List<ParameterSweep.Ranked>> parts = new ArrayList<>();
        int first = 0;
        for (int size : ParameterSweep.chunkSizes(n)) {
            parts.add(engineTop(all.subList(first, first + size), top));
            first += size;
        }
        assertThat(ParameterSweep.merge(parts, top)).containsExactlyElementsOf(expected);
    }

    @Test
    void nanRanksLastAndTiesKeepGridOrder() {
        List<ParameterSweep.Ranked> best = ParameterSweep.merge(List.of(
                List.of(ranked(4, 1.0), ranked(6, Double.NaN)),
                List.of(ranked(1, 1.0), ranked(0, Double.NaN), ranked(3, -0.0)),
                List.of(ranked(2, 0.0), ranked(5, Double.POSITIVE_INFINITY))), 10);
        assertThat(best).extracting(ParameterSweep.Ranked::combination).containsExactly(5, 1, 4, 2, 3, 0, 6);
    }

    @Test
    void chunkResultsReadBackWithTheirExactMetrics() {
        List<ParameterSweep.Ranked> top = new ArrayList<>();
        for (int i = 0; i < METRICS.length; i++) {
            top.add(ranked(i, METRICS[i]));
        }
        ParameterSweep.ChunkResult read = ParameterSweep.readChunkResult(ParameterSweep.chunkResultJson(
                new ParameterSweep.ChunkResult(12, top)));
        assertThat(read.evaluated()).isEqualTo(12);
        assertThat(read.top()).hasSize(METRICS.length);
        for (int i = 0; i < METRICS.length; i++) {
            assertThat(Double.doubleToRawLongBits(read.top().get(i).metric())).isEqualTo(Double.doubleToRawLongBits(METRICS[i]));
            assertThat(read.top().get(i).parameters()).isEqualTo(top.get(i).parameters());
            assertThat(read.top().get(i).stats()).isEqualTo(top.get(i).stats());
        }
    }

    /** What Engine.optimize does: a stable sort of the grid-ordered list, metric descending, NaN last. */
    private static List<ParameterSweep.Ranked> engineTop(List<ParameterSweep.Ranked> inGridOrder, int top) {
        List<ParameterSweep.Ranked> sorted = new ArrayList<>(inGridOrder);
        sorted.sort((a, b) -> {
            boolean an = Double.isNaN(a.metric());
            boolean bn = Double.isNaN(b.metric());
            if (an || bn) {
                return Boolean.compare(an, bn);
            }
            return Double.compare(b.metric(), a.metric());
        });
        return List.copyOf(sorted.subList(0, Math.min(top, sorted.size())));
    }

    private static ParameterSweep.Ranked ranked(int combination, double metric) {
        var stats = JsonNodeFactory.instance.objectNode().put("return_pct", 1.0E7).put("trades", combination);
        return new ParameterSweep.Ranked(combination, metric, Map.of("fast", combination, "slow", 2.5), stats);
    }
}
