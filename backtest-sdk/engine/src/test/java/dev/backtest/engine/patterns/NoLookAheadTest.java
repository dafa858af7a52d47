package dev.backtest.engine.patterns;

import dev.backtest.engine.Engine;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Strategy;
import dev.backtest.engine.StrategyContext;
import dev.backtest.engine.StrategyInit;
import dev.backtest.engine.patterns.Paths.Ohlc;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing a detection reports about bars up to {@code i} depends on a later bar: detecting over the first {@code i + 1}
 * bars gives what the full detection shows as of bar {@code i}, the incremental detector confirms on the same bars, and
 * a strategy using a {@link PatternFeed} never sees a pattern confirmed (or failed) after its current bar.
 */
class NoLookAheadTest {

    private final Ohlc walk = Paths.randomWalk(7, 700, 0.02);

    @Test
    void aPrefixDetectionIsTheFullDetectionAsOfItsLastBar() {
        List<Pattern> full = Patterns.detect(walk.high(), walk.low(), walk.close(), PatternOptions.defaults());
        PatternFeed feed = new PatternFeed(full);
        assertThat(full).filteredOn(Pattern::isConfirmed).hasSizeGreaterThan(5);
        assertThat(full).filteredOn(Pattern::isFailed).isNotEmpty();
        int pendingSeen = 0;
        for (int i = 0; i < walk.size(); i++) {
            Ohlc prefix = walk.prefix(i + 1);
            List<Pattern> known = Patterns.detect(prefix.high(), prefix.low(), prefix.close(), PatternOptions.defaults());
            assertThat(feed.knownAt(i)).as("bar " + i).isEqualTo(known);
            for (Pattern p : known) {
                if (!p.isConfirmed() && !p.isFailed()) {
                    pendingSeen++;
                }
            }
        }
        assertThat(pendingSeen).as("bars seeing a pattern whose outcome is still ahead").isPositive();
    }

    @Test
    void theIncrementalDetectorConfirmsOnTheBarsOfTheFullDetection() {
        List<Pattern> full = Patterns.detect(walk.high(), walk.low(), walk.close(), PatternOptions.defaults());
        PatternDetector d = new PatternDetector(PatternOptions.defaults());
        List<Pattern> confirmed = new ArrayList<>();
        for (int i = 0; i < walk.size(); i++) {
            List<Pattern> now = d.next(walk.high()[i], walk.low()[i], walk.close()[i]);
            int bar = i;
            assertThat(now).allSatisfy(p -> assertThat(p.confirmationBar()).isEqualTo(bar));
            assertThat(d.pending()).allSatisfy(p -> {
                assertThat(p.isConfirmed()).isFalse();
                assertThat(p.isFailed()).isFalse();
                assertThat(p.formedBar()).isLessThanOrEqualTo(bar);
            });
            confirmed.addAll(now);
        }
        assertThat(confirmed).containsExactlyInAnyOrderElementsOf(full.stream().filter(Pattern::isConfirmed).toList());
        assertThat(d.patterns()).isEqualTo(full);
        assertThat(d.swings()).isEqualTo(ZigZag.swings(walk.high(), walk.low(), PatternOptions.DEFAULT_ZIGZAG_PCT));
        assertThat(d.options()).isEqualTo(PatternOptions.defaults());
    }

    @Test
    void aStrategyNeverSeesAPatternConfirmedAfterItsBar() {
        List<int[]> seen = new ArrayList<>();
        int[] pendingWithLaterOutcome = new int[1];
        List<Pattern> full = Patterns.detect(walk.high(), walk.low(), walk.close(), PatternOptions.defaults());
        Strategy s = new Strategy() {
            private PatternFeed feed;

            @Override
            public void init(StrategyInit in) {
                feed = Patterns.feed(in, PatternOptions.defaults());
            }

            @Override
            public void next(StrategyContext ctx) {
                int bar = ctx.bar();
                for (Pattern p : feed.known(ctx)) {
                    assertThat(p.formedBar()).isLessThanOrEqualTo(bar);
                    assertThat(p.confirmationBar()).isLessThanOrEqualTo(bar);
                    assertThat(p.failedBar()).isLessThanOrEqualTo(bar);
                    if (!p.isConfirmed() && !p.isFailed() && full.stream().anyMatch(f -> f.points().equals(p.points())
                            && f.kind() == p.kind() && (f.isConfirmed() || f.isFailed()))) {
                        pendingWithLaterOutcome[0]++;
                    }
                }
                for (Pattern p : feed.confirmedOn(ctx)) {
                    assertThat(p.confirmationBar()).isEqualTo(bar);
                    seen.add(new int[]{bar, p.kind().ordinal()});
                }
            }
        };
        Engine.run(Paths.candles(walk), s, RunOptions.defaults());
        // every confirmation after bar 0 (the first bar a strategy decides on is 1) is seen, on its own bar
        assertThat(seen).hasSize((int) full.stream().filter(p -> p.confirmationBar() >= 1).count());
        assertThat(pendingWithLaterOutcome[0]).isPositive();
    }
}
