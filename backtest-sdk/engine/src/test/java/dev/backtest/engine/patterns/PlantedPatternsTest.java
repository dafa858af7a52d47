package dev.backtest.engine.patterns;

import dev.backtest.engine.patterns.Paths.Ohlc;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Each of the nine patterns planted in a piecewise-linear path: found with the right kind, pivots at the planted
 * vertices, formed on the bar the last pivot's reversal reaches 5 %, confirmed on the first close beyond the planted
 * boundary from there, at that boundary's level; and no other pattern confirmed in the series. Expectations are
 * computed from the path's closes, not from the detector.
 */
class PlantedPatternsTest {

    /** A planted pattern: its vertices, the indices of the vertices that are its points, and the boundary it breaks. */
    record Case(PatternKind kind, double[][] vertices, int[] pivots, Trendline boundary, BreakoutDirection direction,
                double height) {
        @Override
        public String toString() {
            return kind.key();
        }
    }

    private static Trendline through(double[] a, double[] b) {
        return Trendline.through(new KeyPoint((int) a[0], a[1]), new KeyPoint((int) b[0], b[1]));
    }

    private static Trendline level(double price) {
        return Trendline.horizontal(0, price);
    }

    static List<Case> cases() {
        double[][] doubleTop = {{0, 100}, {20, 80}, {40, 120}, {55, 108}, {70, 120.5}, {100, 90}};
        double[][] doubleBottom = {{0, 100}, {20, 120}, {40, 80}, {55, 90}, {70, 79.6}, {100, 110}};
        double[][] hs = {{0, 100}, {15, 85}, {30, 110}, {42, 100}, {55, 122}, {68, 101}, {80, 110.5}, {110, 85}};
        double[][] ihs = {{0, 100}, {15, 115}, {30, 90}, {42, 100}, {55, 78}, {68, 99}, {80, 89.6}, {110, 115}};
        double[][] asc = {{0, 110}, {15, 90}, {30, 110}, {42, 98}, {55, 110.5}, {67, 104}, {90, 125}};
        double[][] desc = {{0, 90}, {15, 110}, {30, 90}, {42, 102}, {55, 89.6}, {67, 96}, {90, 75}};
        double[][] sym = {{0, 95}, {10, 120}, {25, 90}, {40, 114}, {55, 96}, {68, 108}, {78, 102}, {100, 125}};
        double[][] bull = {{0, 105}, {10, 90}, {25, 120}, {31, 110}, {37, 116}, {43, 106}, {70, 140}};
        double[][] bear = {{0, 95}, {10, 110}, {25, 80}, {31, 88}, {37, 83}, {43, 92}, {70, 60}};
        return List.of(
                new Case(PatternKind.DOUBLE_TOP, doubleTop, new int[]{2, 3, 4}, level(108), BreakoutDirection.DOWN, 120.5 - 108),
                new Case(PatternKind.DOUBLE_BOTTOM, doubleBottom, new int[]{2, 3, 4}, level(90), BreakoutDirection.UP, 90 - 79.6),
                new Case(PatternKind.HEAD_AND_SHOULDERS, hs, new int[]{2, 3, 4, 5, 6}, through(hs[3], hs[5]),
                        BreakoutDirection.DOWN, 122 - through(hs[3], hs[5]).at(55)),
                new Case(PatternKind.INVERSE_HEAD_AND_SHOULDERS, ihs, new int[]{2, 3, 4, 5, 6}, through(ihs[3], ihs[5]),
                        BreakoutDirection.UP, through(ihs[3], ihs[5]).at(55) - 78),
                new Case(PatternKind.ASCENDING_TRIANGLE, asc, new int[]{1, 2, 3, 4, 5}, level(110.5), BreakoutDirection.UP, 110.5 - 90),
                new Case(PatternKind.DESCENDING_TRIANGLE, desc, new int[]{1, 2, 3, 4, 5}, level(89.6), BreakoutDirection.DOWN,
                        110 - 89.6),
                new Case(PatternKind.SYMMETRIC_TRIANGLE, sym, new int[]{1, 2, 3, 4, 5}, through(sym[3], sym[5]),
                        BreakoutDirection.UP, 120 - 90),
                new Case(PatternKind.BULL_FLAG, bull, new int[]{1, 2, 3, 4, 5}, through(bull[2], bull[4]), BreakoutDirection.UP,
                        120 - 90),
                new Case(PatternKind.BEAR_FLAG, bear, new int[]{1, 2, 3, 4, 5}, through(bear[2], bear[4]), BreakoutDirection.DOWN,
                        110 - 80));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void plantedPatternIsFoundAtItsBars(Case c) {
        Ohlc o = Paths.path(c.vertices());
        double t = PatternOptions.DEFAULT_ZIGZAG_PCT / 100;
        double[] lastPivot = c.vertices()[c.pivots()[c.pivots().length - 1]];
        int pivotBar = (int) lastPivot[0];
        boolean lastIsHigh = c.vertices()[c.pivots()[c.pivots().length - 1] + 1][1] < lastPivot[1];
        int formed = o.first(pivotBar + 1, j -> lastIsHigh ? o.close()[j] <= lastPivot[1] * (1 - t)
                : o.close()[j] >= lastPivot[1] * (1 + t));
        boolean up = c.direction() == BreakoutDirection.UP;
        int confirmation = o.first(formed, j -> up ? o.close()[j] > c.boundary().at(j) : o.close()[j] < c.boundary().at(j));
        assertThat(formed).isPositive();
        assertThat(confirmation).isGreaterThanOrEqualTo(formed);

        List<Pattern> found = Patterns.detect(o.high(), o.low(), o.close(), PatternOptions.defaults());
        List<Pattern> confirmed = found.stream().filter(Pattern::isConfirmed).toList();
        assertThat(confirmed).as("the confirmed patterns of " + c + ": " + found).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(c.kind());
            assertThat(p.points()).containsExactlyElementsOf(Arrays.stream(c.pivots())
                    .mapToObj(v -> new KeyPoint((int) c.vertices()[v][0], c.vertices()[v][1])).toList());
            assertThat(p.firstBar()).isEqualTo((int) c.vertices()[c.pivots()[0]][0]);
            assertThat(p.lastBar()).isEqualTo(pivotBar);
            assertThat(p.formedBar()).isEqualTo(formed);
            assertThat(p.confirmationBar()).isEqualTo(confirmation);
            assertThat(p.confirmation()).hasValue(confirmation);
            assertThat(p.failedBar()).isEqualTo(-1);
            assertThat(p.isFailed()).isFalse();
            assertThat(p.direction()).isEqualTo(c.direction());
            assertThat(p.breakoutLevel()).isCloseTo(c.boundary().at(confirmation), within(1e-9));
            assertThat(p.height()).isCloseTo(c.height(), within(1e-9));
            assertThat(p.target()).isCloseTo(p.breakoutLevel() + (up ? 1 : -1) * c.height(), within(1e-9));
            // the stop is on the other side of the breakout
            assertThat(up ? p.stopLevel() < p.breakoutLevel() : p.stopLevel() > p.breakoutLevel()).isTrue();
        });
        // other kinds may form on the same swings (an ascending triangle holds a double top), but none breaks out
        assertThat(found).filteredOn(p -> p.kind() != c.kind()).allSatisfy(p -> {
            assertThat(p.isConfirmed()).isFalse();
            assertThat(p.direction()).isEqualTo(p.kind().bias());
        });
    }

    static Stream<Case> kindsOnly() {
        return cases().stream();
    }

    @ParameterizedTest
    @MethodSource("kindsOnly")
    void plantedPatternIsIgnoredWhenItsKindIsNotAskedFor(Case c) {
        Ohlc o = Paths.path(c.vertices());
        java.util.EnumSet<PatternKind> others = java.util.EnumSet.complementOf(java.util.EnumSet.of(c.kind()));
        List<Pattern> found = Patterns.detect(o.high(), o.low(), o.close(), PatternOptions.builder().kinds(others).build());
        assertThat(found).noneMatch(p -> p.kind() == c.kind()).noneMatch(Pattern::isConfirmed);
        assertThat(Patterns.detect(o.high(), o.low(), o.close(), PatternOptions.builder()
                .kinds(java.util.EnumSet.of(c.kind())).build())).filteredOn(Pattern::isConfirmed).hasSize(1);
    }
}
