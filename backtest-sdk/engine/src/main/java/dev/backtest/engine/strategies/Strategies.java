package dev.backtest.engine.strategies;

import dev.backtest.engine.Series;
import dev.backtest.engine.Strategy;
import dev.backtest.engine.StrategyContext;
import dev.backtest.engine.StrategyInit;
import dev.backtest.engine.Order;
import dev.backtest.engine.indicators.Indicators;
import dev.backtest.engine.patterns.BreakoutDirection;
import dev.backtest.engine.patterns.Pattern;
import dev.backtest.engine.patterns.PatternFeed;
import dev.backtest.engine.patterns.PatternKind;
import dev.backtest.engine.patterns.PatternOptions;
import dev.backtest.engine.patterns.Patterns;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The built-in strategies and their parameter schemas. Each call returns a new instance (strategies hold
 * per-run state).
 *
 * <ul>
 *   <li>{@code sma_cross}, {@code ema_cross} (fast, slow, direction): on an up-cross of fast over slow close any
 *       short and go long with all available margin; on a down-cross close any long and, for {@code long_short},
 *       go short.</li>
 *   <li>{@code macd_cross} (fast, slow, signal, direction): the same on the MACD line crossing its signal line.</li>
 *   <li>{@code rsi_reversion} (period, lower, upper): long only; buy when flat and RSI &lt; lower, close when RSI &gt; upper.</li>
 *   <li>{@code bollinger_breakout} (period, k, direction): close above the upper band goes long, below the lower band
 *       closes the long (and goes short for {@code long_short}).</li>
 *   <li>{@code donchian_breakout} (period, direction): close above the previous bar's n-bar highest high goes long,
 *       below the previous lowest low closes the long (and goes short for {@code long_short}).</li>
 *   <li>{@code buy_and_hold}: buys with all margin on the first bar it decides on and holds.</li>
 *   <li>{@code pattern_breakout} (zigzag_pct, tolerance_pct, kinds, max_breakout_bars, target, stop, direction): enters
 *       on the close that confirms a chart pattern ({@link dev.backtest.engine.patterns.PatternDetector}) in its
 *       breakout direction, with a stop-loss at the pattern's opposite boundary and a take-profit at the measured move
 *       ({@link #patternBreakout}).</li>
 * </ul>
 *
 * <pre>{@code
 * Strategy a = Strategies.smaCross(10, 30);
 * Strategy b = Strategies.create("rsi_reversion", Map.of("period", 14, "lower", 25, "upper", 75));
 * }</pre>
 */
public final class Strategies {

    private static final List<String> DIRECTIONS = List.of("long_short", "long_only");
    private static final ParamSpec DIRECTION = ParamSpec.choice("direction", "long_short", DIRECTIONS,
            "long_short reverses on opposite signals; long_only only closes");

    private static final List<String> PATTERN_KINDS = Stream.concat(Stream.of("all"),
            Stream.of(PatternKind.values()).map(PatternKind::key)).toList();

    private static final List<StrategySpec> SPECS = List.of(
            new StrategySpec("sma_cross", "crossing of two simple moving averages of the close",
                    List.of(ParamSpec.integer("fast", 10, 1, 10_000, "fast SMA period"),
                            ParamSpec.integer("slow", 30, 2, 10_000, "slow SMA period"), DIRECTION),
                    Strategies::fastBelowSlow,
                    p -> smaCross(i(p, "fast"), i(p, "slow"), Direction.parse(s(p, "direction")))),
            new StrategySpec("ema_cross", "crossing of two exponential moving averages of the close",
                    List.of(ParamSpec.integer("fast", 12, 1, 10_000, "fast EMA period"),
                            ParamSpec.integer("slow", 26, 2, 10_000, "slow EMA period"), DIRECTION),
                    Strategies::fastBelowSlow,
                    p -> emaCross(i(p, "fast"), i(p, "slow"), Direction.parse(s(p, "direction")))),
            new StrategySpec("macd_cross", "MACD line crossing its signal line",
                    List.of(ParamSpec.integer("fast", 12, 1, 10_000, "fast EMA period"),
                            ParamSpec.integer("slow", 26, 2, 10_000, "slow EMA period"),
                            ParamSpec.integer("signal", 9, 1, 10_000, "signal EMA period"), DIRECTION),
                    Strategies::fastBelowSlow,
                    p -> macdCross(i(p, "fast"), i(p, "slow"), i(p, "signal"), Direction.parse(s(p, "direction")))),
            new StrategySpec("rsi_reversion", "long when RSI is oversold, out when overbought",
                    List.of(ParamSpec.integer("period", 14, 2, 10_000, "RSI period"),
                            ParamSpec.number("lower", 30, 0, 100, "buy below this RSI"),
                            ParamSpec.number("upper", 70, 0, 100, "close above this RSI")),
                    p -> d(p, "lower") < d(p, "upper") ? null : "lower " + p.get("lower") + " must be below upper " + p.get("upper"),
                    p -> rsiReversion(i(p, "period"), d(p, "lower"), d(p, "upper"))),
            new StrategySpec("bollinger_breakout", "close breaking out of the Bollinger bands",
                    List.of(ParamSpec.integer("period", 20, 2, 10_000, "SMA and standard deviation period"),
                            ParamSpec.number("k", 2, 0.1, 10, "band width in population standard deviations"), DIRECTION),
                    p -> null,
                    p -> bollingerBreakout(i(p, "period"), d(p, "k"), Direction.parse(s(p, "direction")))),
            new StrategySpec("donchian_breakout", "close breaking the previous n-bar high or low",
                    List.of(ParamSpec.integer("period", 20, 1, 10_000, "channel period"), DIRECTION),
                    p -> null,
                    p -> donchianBreakout(i(p, "period"), Direction.parse(s(p, "direction")))),
            new StrategySpec("buy_and_hold", "buy with all margin on the first bar and hold", List.of(), p -> null,
                    p -> buyAndHold()),
            new StrategySpec("pattern_breakout", "trade the confirmed breakout of chart patterns on zigzag swings",
                    List.of(ParamSpec.number("zigzag_pct", PatternOptions.DEFAULT_ZIGZAG_PCT, 0.1, 50, "swing threshold in percent"),
                            ParamSpec.number("tolerance_pct", PatternOptions.DEFAULT_TOLERANCE_PCT, 0, 20,
                                    "levels within this percent are equal"),
                            ParamSpec.choice("kinds", "all", PATTERN_KINDS, "the pattern kind to trade, or all"),
                            ParamSpec.integer("max_breakout_bars", PatternOptions.DEFAULT_MAX_BREAKOUT_BARS, 1, 10_000,
                                    "bars after a pattern forms within which its close must break out"),
                            ParamSpec.number("target", 1, 0, 10,
                                    "take profit at the breakout level plus target times the pattern height; 0 for none"),
                            ParamSpec.choice("stop", "pattern", List.of("pattern", "none"),
                                    "pattern: stop-loss at the pattern's opposite boundary; none: no stop-loss"),
                            DIRECTION),
                    p -> null,
                    p -> patternBreakout(PatternOptions.builder().zigzagPct(d(p, "zigzag_pct")).tolerancePct(d(p, "tolerance_pct"))
                                    .maxBreakoutBars(i(p, "max_breakout_bars"))
                                    .kinds(s(p, "kinds").equals("all") ? EnumSet.allOf(PatternKind.class)
                                            : EnumSet.of(PatternKind.parse(s(p, "kinds")))).build(),
                            d(p, "target"), s(p, "stop").equals("pattern"), Direction.parse(s(p, "direction")))));

    private Strategies() {
    }

    /** All built-in strategies, in a stable order. */
    public static List<StrategySpec> specs() {
        return SPECS;
    }

    /** The keys of the built-in strategies, in the order of {@link #specs()}. */
    public static List<String> keys() {
        return SPECS.stream().map(StrategySpec::key).toList();
    }

    /** The built-in strategy {@code key}, if there is one. */
    public static java.util.Optional<StrategySpec> find(String key) {
        return SPECS.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /**
     * The built-in strategy {@code key}.
     *
     * @throws BacktestException {@link ErrorCode#STRATEGY_NOT_FOUND} naming the accepted keys
     */
    public static StrategySpec spec(String key) {
        return find(key).orElseThrow(() -> BacktestException.of(ErrorCode.STRATEGY_NOT_FOUND, "no built-in strategy '" + key
                + "'; accepted: " + keys()).with("strategy", key));
    }

    /** A new instance of a built-in strategy; parameters are validated against its schema. */
    public static Strategy create(String key, Map<String, ?> params) {
        return spec(key).create(params);
    }

    public static Strategy smaCross(int fast, int slow) {
        return smaCross(fast, slow, Direction.LONG_SHORT);
    }

    public static Strategy smaCross(int fast, int slow, Direction direction) {
        checkFastSlow(fast, slow);
        return new Cross(direction, in -> new double[][]{Indicators.sma(in.close(), fast), Indicators.sma(in.close(), slow)},
                "sma" + fast, "sma" + slow);
    }

    public static Strategy emaCross(int fast, int slow, Direction direction) {
        checkFastSlow(fast, slow);
        return new Cross(direction, in -> new double[][]{Indicators.ema(in.close(), fast), Indicators.ema(in.close(), slow)},
                "ema" + fast, "ema" + slow);
    }

    public static Strategy macdCross(int fast, int slow, int signal, Direction direction) {
        checkFastSlow(fast, slow);
        return new Cross(direction, in -> {
            Indicators.Macd m = Indicators.macd(in.close(), fast, slow, signal);
            return new double[][]{m.line(), m.signal()};
        }, "macd", "macd_signal");
    }

    public static Strategy rsiReversion(int period, double lower, double upper) {
        return new Strategy() {
            private Series rsi;

            @Override
            public void init(StrategyInit in) {
                rsi = in.indicator("rsi" + period, Indicators.rsi(in.close(), period));
            }

            @Override
            public void next(StrategyContext ctx) {
                double v = rsi.last();
                if (ctx.position().isFlat() && v < lower) {
                    ctx.buy();
                } else if (ctx.position().isLong() && v > upper) {
                    ctx.position().close();
                }
            }
        };
    }

    public static Strategy bollingerBreakout(int period, double k, Direction direction) {
        return new Strategy() {
            private Series upper;
            private Series lower;

            @Override
            public void init(StrategyInit in) {
                Indicators.Bollinger b = Indicators.bollinger(in.close(), period, k);
                upper = in.indicator("bb_upper", b.upper());
                lower = in.indicator("bb_lower", b.lower());
            }

            @Override
            public void next(StrategyContext ctx) {
                double c = ctx.close().last();
                breakout(ctx, direction, c > upper.last(), c < lower.last());
            }
        };
    }

    public static Strategy donchianBreakout(int period, Direction direction) {
        return new Strategy() {
            private Series upper;
            private Series lower;

            @Override
            public void init(StrategyInit in) {
                Indicators.Donchian d = Indicators.donchian(in.high(), in.low(), period);
                upper = in.indicator("donchian_upper", d.upper());
                lower = in.indicator("donchian_lower", d.lower());
            }

            @Override
            public void next(StrategyContext ctx) {
                double c = ctx.close().last();
                // the channel of the bars before this one: the current bar is always inside its own channel
                breakout(ctx, direction, c > upper.ago(1), c < lower.ago(1));
            }
        };
    }

    public static Strategy buyAndHold() {
        return new Strategy() {
            private boolean bought;

            @Override
            public void init(StrategyInit in) {
                bought = false;
            }

            @Override
            public void next(StrategyContext ctx) {
                if (!bought) {
                    ctx.buy();
                    bought = true;
                }
            }
        };
    }

    /**
     * Enters on the close that confirms a pattern (the latest formed when several confirm on one bar): an upward
     * breakout closes a short and buys, a downward one closes a long and, for {@code long_short}, sells; a signal in
     * the direction already held is ignored. The order is all-in at the next open with, when {@code stop}, a stop-loss
     * at {@link Pattern#stopLevel()} and, when {@code target > 0}, a take-profit at the breakout level plus (minus)
     * {@code target} times the height; a level on the wrong side of the deciding close is left out.
     */
    public static Strategy patternBreakout(PatternOptions options, double target, boolean stop, Direction direction) {
        if (options == null || !(target >= 0) || Double.isInfinite(target)) {
            throw BacktestException.of(ErrorCode.INVALID_STRATEGY_PARAMETER, options == null ? "options are required"
                    : "target must be a finite number >= 0, got " + target).with("parameter", options == null ? "options" : "target");
        }
        return new Strategy() {
            private PatternFeed feed;

            @Override
            public void init(StrategyInit in) {
                feed = Patterns.feed(in, options);
            }

            @Override
            public void next(StrategyContext ctx) {
                List<Pattern> confirmed = feed.confirmedOn(ctx);
                if (confirmed.isEmpty()) {
                    return;
                }
                Pattern p = confirmed.get(confirmed.size() - 1);
                boolean up = p.direction() == BreakoutDirection.UP;
                double close = ctx.close().last();
                double sl = stop ? p.stopLevel() : Double.NaN;
                double tp = target > 0 ? p.breakoutLevel() + (up ? 1 : -1) * target * p.height() : Double.NaN;
                Order order = Order.allIn();
                if (up ? sl < close : sl > close) {
                    order = order.sl(sl);
                }
                if (up ? tp > close : tp < close) {
                    order = order.tp(tp);
                }
                if (up && !ctx.position().isLong()) {
                    ctx.position().close();
                    ctx.buy(order);
                } else if (!up && !ctx.position().isShort()) {
                    if (ctx.position().isLong()) {
                        ctx.position().close();
                    }
                    if (direction == Direction.LONG_SHORT) {
                        ctx.sell(order);
                    }
                }
            }
        };
    }

    private static void breakout(StrategyContext ctx, Direction direction, boolean up, boolean down) {
        if (up && !ctx.position().isLong()) {
            ctx.position().close();
            ctx.buy();
        } else if (down && !ctx.position().isShort()) {
            if (ctx.position().isLong()) {
                ctx.position().close();
            }
            if (direction == Direction.LONG_SHORT) {
                ctx.sell();
            }
        }
    }

    /** Two-line crossing; indicators computed by {@code compute} in init. */
    private static final class Cross implements Strategy {
        private final Direction direction;
        private final java.util.function.Function<StrategyInit, double[][]> compute;
        private final String fastName;
        private final String slowName;
        private Series fast;
        private Series slow;

        Cross(Direction direction, java.util.function.Function<StrategyInit, double[][]> compute, String fastName,
              String slowName) {
            this.direction = direction;
            this.compute = compute;
            this.fastName = fastName;
            this.slowName = slowName;
        }

        @Override
        public void init(StrategyInit in) {
            double[][] lines = compute.apply(in);
            fast = in.indicator(fastName, lines[0]);
            slow = in.indicator(slowName, lines[1]);
        }

        @Override
        public void next(StrategyContext ctx) {
            if (fast.crossedAbove(slow)) {
                ctx.position().close();
                ctx.buy();
            } else if (fast.crossedBelow(slow)) {
                ctx.position().close();
                if (direction == Direction.LONG_SHORT) {
                    ctx.sell();
                }
            }
        }
    }

    private static String fastBelowSlow(Map<String, Object> p) {
        return i(p, "fast") < i(p, "slow") ? null : "fast " + p.get("fast") + " must be less than slow " + p.get("slow");
    }

    private static void checkFastSlow(int fast, int slow) {
        if (fast < 1 || fast >= slow) {
            throw BacktestException.of(ErrorCode.INVALID_STRATEGY_PARAMETER,
                    "fast must be >= 1 and less than slow, got fast " + fast + ", slow " + slow);
        }
    }

    private static int i(Map<String, Object> p, String name) {
        return ((Number) p.get(name)).intValue();
    }

    private static double d(Map<String, Object> p, String name) {
        return ((Number) p.get(name)).doubleValue();
    }

    private static String s(Map<String, Object> p, String name) {
        return (String) p.get(name);
    }
}
