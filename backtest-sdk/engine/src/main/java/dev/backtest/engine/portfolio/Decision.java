package dev.backtest.engine.portfolio;

import java.util.Map;

/**
 * A rebalance decision: its time (a close), why it was taken, and the target weight of each asset that got one
 * (after the cap), by symbol in asset order. An asset without a target that holds units was ordered to weight 0.
 *
 * <pre>{@code
 * for (Decision d : result.decisions()) System.out.println(Instant.ofEpochSecond(d.time()) + " " + d.trigger() + " " + d.targets());
 * }</pre>
 */
public record Decision(long time, Trigger trigger, Map<String, Double> targets) {

    /** Why a decision was taken. */
    public enum Trigger {
        /** The first decision: the initial allocation. */
        FIRST,
        /** A time of the schedule. */
        SCHEDULE,
        /** A weight drifted from its last target by more than the threshold. */
        THRESHOLD,
        /** The close before a monthly contribution, so that it is invested at the next opens. */
        CONTRIBUTION
    }
}
