package dev.backtest.sdk.ml;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Series;
import dev.backtest.engine.Strategy;
import dev.backtest.engine.StrategyContext;
import dev.backtest.engine.StrategyInit;
import dev.backtest.engine.strategies.Direction;
import dev.backtest.engine.strategies.ParamSpec;
import dev.backtest.engine.strategies.StrategySpec;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Training and running ML models in this process, without a database: {@link #train(CandleSeries, ModelSpec, String)}
 * fits a model on a series, {@link #strategy(TrainedModel, double, Direction)} trades on its predictions.
 *
 * <p>The {@code ml_predictive} strategy (parameters {@code model}, {@code threshold}, {@code direction}) computes the
 * model's score for every bar in {@code init} from that bar's features, which read bars up to its close only, and
 * declares it as the indicator {@code ml_prediction}. On each bar: a score above {@code threshold} goes long (closing a
 * short); below {@code -threshold} closes a long and, for {@code long_short}, goes short. Regressions score the
 * predicted return over the horizon, classifications P(up) - P(down). Before running it checks the model against the
 * series with {@link ModelInfo#checkNoLeakage}: a model whose last training bar is at or after the series' first bar
 * is refused with {@link ErrorCode#DATA_LEAKAGE}.
 *
 * <pre>{@code
 * CandleSeries train = client.candles().symbol("BTC").between(d("2023-01-01"), d("2023-12-31")).timeframe(Timeframe.H1).fetch();
 * CandleSeries test = client.candles().symbol("BTC").between(d("2024-01-01"), d("2024-06-30")).timeframe(Timeframe.H1).fetch();
 * TrainedModel m = MlModels.train(train, ModelSpec.autoregressive(5), "ar5");
 * BacktestResult r = Engine.run(test, MlModels.strategy(m, 0.0005, Direction.LONG_SHORT), RunOptions.defaults());
 * }</pre>
 */
public final class MlModels {

    /** The strategy type of ML models. */
    public static final String STRATEGY_KEY = "ml_predictive";
    /** Fewest samples (bars with features and a target) a model is trained on. */
    public static final int MIN_SAMPLES = 20;
    /** Bars a model "for a backtest" is trained on when not told: the bars just before the backtest's first. */
    public static final int DEFAULT_STEPS = 300;

    private MlModels() {
    }

    /** Trains on all of {@code series}; see {@link ModelInfo} for the window, the fingerprint and the metrics. */
    public static TrainedModel train(CandleSeries series, ModelSpec spec, String name) {
        double[] close = series.close();
        int n = series.size();
        double[][] cols = Features.columns(spec, series.open(), series.high(), series.low(), close, series.volume());
        double[] y = Features.targets(close, spec.horizon());
        int[] rows = new int[n];
        int count = 0;
        for (int t = 0; t < n; t++) {
            if (Features.complete(cols, t) && Double.isFinite(y[t])) {
                rows[count++] = t;
            }
        }
        if (count < MIN_SAMPLES) {
            throw BacktestException.of(ErrorCode.DATE_RANGE, "a model needs at least " + MIN_SAMPLES + " training samples; "
                            + n + " bars of " + series.symbol() + " with a " + spec.lookback() + "-bar lookback and a " + spec.horizon()
                            + "-bar horizon give " + count + "; train on a longer window")
                    .with("bars", n).with("samples", count);
        }
        int[] all = Arrays.copyOf(rows, count);
        String[] names = spec.columns().toArray(String[]::new);
        int split = Math.max(1, Math.min(count - 1, (int) Math.round(count * 0.8)));
        int[] head = Arrays.copyOf(all, split);
        int[] tail = Arrays.copyOfRange(all, split, count);
        Map<String, Double> metrics = metrics(spec, Fit.train(spec, names, cols, y, head), cols, y, head, tail);
        Fit fit = Fit.train(spec, names, cols, y, all);
        int firstBar = Math.max(0, all[0] - spec.lookback());
        int lastBar = all[count - 1] + spec.horizon();
        ModelInfo info = new ModelInfo(newId(), name, series.symbol(), series.timeframe(), spec,
                Instant.ofEpochSecond(series.time()[firstBar]), Instant.ofEpochSecond(series.time()[lastBar]), lastBar - firstBar + 1,
                count, fingerprint(series, firstBar, lastBar), metrics, Instant.now());
        return new TrainedModel(info, fit);
    }

    private static Map<String, Double> metrics(ModelSpec spec, Fit fit, double[][] cols, double[] y, int[] head, int[] tail) {
        double[] p = fit.predict(cols, tail);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("train_samples", (double) head.length);
        out.put("test_samples", (double) tail.length);
        if (spec.kind().classification()) {
            int up = 0;
            for (int r : head) {
                up += y[r] > 0 ? 1 : 0;
            }
            boolean majorityUp = up * 2 > head.length;
            int hits = 0;
            int majority = 0;
            for (int i = 0; i < tail.length; i++) {
                boolean actualUp = y[tail[i]] > 0;
                hits += (p[i] > 0) == actualUp ? 1 : 0;
                majority += majorityUp == actualUp ? 1 : 0;
            }
            out.put("accuracy", hits / (double) tail.length);
            out.put("majority_accuracy", majority / (double) tail.length);
            return out;
        }
        double se = 0;
        double ae = 0;
        double zero = 0;
        int direction = 0;
        for (int i = 0; i < tail.length; i++) {
            double actual = y[tail[i]];
            double e = p[i] - actual;
            se += e * e;
            ae += Math.abs(e);
            zero += actual * actual;
            direction += (p[i] > 0) == (actual > 0) ? 1 : 0;
        }
        out.put("rmse", Math.sqrt(se / tail.length));
        out.put("mae", ae / tail.length);
        out.put("zero_rmse", Math.sqrt(zero / tail.length));
        out.put("direction_accuracy", direction / (double) tail.length);
        return out;
    }

    /** SHA-256 of the bars {@code from..to} (inclusive): time, open, high, low, close and volume of each. */
    static String fingerprint(CandleSeries s, int from, int to) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer b = ByteBuffer.allocate(48);
            for (int i = from; i <= to; i++) {
                b.clear();
                b.putLong(s.time()[i]).putDouble(s.open()[i]).putDouble(s.high()[i]).putDouble(s.low()[i]).putDouble(s.close()[i])
                        .putDouble(s.volume()[i]);
                sha.update(b.array());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A time-ordered id (its first 48 bits are the milliseconds of creation), so that key order is creation order. */
    static UUID newId() {
        long ms = System.currentTimeMillis();
        UUID random = UUID.randomUUID();
        return new UUID((ms << 16) | 0x7000L | (random.getMostSignificantBits() & 0x0FFFL), random.getLeastSignificantBits());
    }

    /** The {@code ml_predictive} strategy on {@code model}: see the class comment. */
    public static Strategy strategy(TrainedModel model, double threshold, Direction direction) {
        return new Predictive(model, threshold, direction);
    }

    /**
     * The {@code ml_predictive} strategy's schema, with {@code models} finding the model a {@code model} parameter names
     * (empty: the parameter is refused as an unknown model).
     */
    public static StrategySpec strategySpec(Function<String, Optional<TrainedModel>> models) {
        return new StrategySpec(STRATEGY_KEY, "trades on an ML model's prediction of the next return",
                List.of(ParamSpec.text("model", "id of a trained model (yours)"),
                        ParamSpec.number("threshold", 0, 0, 1, "act when the score is above it (long) or below minus it"),
                        ParamSpec.choice("direction", "long_short", List.of("long_short", "long_only"),
                                "long_short goes short on a low score; long_only only closes")),
                p -> p.get("model") == null ? "is required: the id of a trained model"
                        : models.apply((String) p.get("model")).isPresent() ? null : "model '" + p.get("model") + "' does not exist",
                p -> strategy(models.apply((String) p.get("model")).orElseThrow(() -> BacktestException.of(ErrorCode.MODEL_NOT_FOUND,
                                "model " + p.get("model") + " does not exist").with("model_id", String.valueOf(p.get("model")))),
                        ((Number) p.get("threshold")).doubleValue(), Direction.parse((String) p.get("direction"))));
    }

    /** The strategy: scores computed once in init (each from bars up to its own), one decision per bar. */
    private static final class Predictive implements Strategy {
        private final TrainedModel model;
        private final double threshold;
        private final Direction direction;
        private Series score;

        Predictive(TrainedModel model, double threshold, Direction direction) {
            this.model = model;
            this.threshold = threshold;
            this.direction = direction;
        }

        @Override
        public void init(StrategyInit in) {
            long[] time = in.time();
            model.info().checkNoLeakage(Instant.ofEpochSecond(time[0]), Instant.ofEpochSecond(time[time.length - 1]));
            score = in.indicator("ml_prediction", model.predict(in.open(), in.high(), in.low(), in.close(), in.volume()));
        }

        @Override
        public void next(StrategyContext ctx) {
            double v = score.last();
            if (Double.isNaN(v)) {
                return;
            }
            if (v > threshold && !ctx.position().isLong()) {
                ctx.position().close();
                ctx.buy();
            } else if (v < -threshold && !ctx.position().isShort()) {
                if (ctx.position().isLong()) {
                    ctx.position().close();
                }
                if (direction == Direction.LONG_SHORT) {
                    ctx.sell();
                }
            }
        }
    }
}
