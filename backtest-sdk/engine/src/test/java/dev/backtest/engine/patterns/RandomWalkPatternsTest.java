package dev.backtest.engine.patterns;

import dev.backtest.engine.patterns.Paths.Ohlc;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How often the rules fire on seeded geometric random walks, where no pattern is "really" there, so every confirmed
 * detection is a false positive: 200 series × 2,000 bars, default options, at 1 % and 2 % volatility per bar.
 * docs/patterns.md quotes these counts; the test pins them so that a rule change shows up here and in the document
 * together. Counts are per kind in {@link PatternKind} order.
 */
class RandomWalkPatternsTest {

    private static final int SERIES = 200;
    private static final int BARS = 2_000;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "0.01; 15724; 1444 1580 139 128 105 129 57 0 0; 1017 1020 105 101 69 99 54 0 0",
            "0.02; 56709; 5195 5370 568 571 425 412 258 15 17; 3657 3736 442 419 265 256 243 15 14"})
    void falsePositiveRatesOnRandomWalksAreTheDocumentedOnes(double sigma, long expectedSwings, String formed, String confirmed) {
        int[] f = new int[PatternKind.values().length];
        int[] c = new int[f.length];
        long swings = 0;
        for (int s = 0; s < SERIES; s++) {
            Ohlc o = Paths.randomWalk(1_000 + s, BARS, sigma);
            swings += ZigZag.swings(o.high(), o.low(), PatternOptions.DEFAULT_ZIGZAG_PCT).size();
            for (Pattern p : Patterns.detect(o.high(), o.low(), o.close(), PatternOptions.defaults())) {
                f[p.kind().ordinal()]++;
                if (p.isConfirmed()) {
                    c[p.kind().ordinal()]++;
                    assertThat(p.confirmationBar()).isGreaterThanOrEqualTo(p.formedBar());
                    assertThat(p.formedBar()).isGreaterThan(p.lastBar());
                }
            }
        }
        double perThousand = 1000.0 / ((double) SERIES * BARS);
        StringBuilder table = new StringBuilder("sigma " + sigma + "\n| kind | formed | confirmed | confirmed per 1,000 bars |\n");
        for (PatternKind k : PatternKind.values()) {
            table.append(String.format("| `%s` | %d | %d | %.3f |%n", k.key(), f[k.ordinal()], c[k.ordinal()],
                    c[k.ordinal()] * perThousand));
        }
        table.append(String.format("swings: %d (%.1f per 1,000 bars); confirmed patterns per 1,000 bars: %.3f%n", swings,
                swings * perThousand, Arrays.stream(c).sum() * perThousand));
        System.out.print(table);

        assertThat(swings).isEqualTo(expectedSwings);
        assertThat(f).containsExactly(ints(formed));
        assertThat(c).containsExactly(ints(confirmed));
    }

    private static int[] ints(String spaced) {
        return Arrays.stream(spaced.trim().split(" +")).mapToInt(Integer::parseInt).toArray();
    }
}
