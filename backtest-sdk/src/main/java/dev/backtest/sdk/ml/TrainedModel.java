package dev.backtest.sdk.ml;

import dev.backtest.engine.CandleSeries;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A trained model with its metadata: predicts a score per bar from that bar's features, which read bars up to its close
 * only. Immutable and thread-safe. Written with {@link #write(OutputStream)} (Java serialisation of the Tribuo model or
 * the least-squares coefficients, read back under a filter that admits only those classes).
 *
 * <pre>{@code
 * TrainedModel m = MlModels.train(series, ModelSpec.autoregressive(5), "ar5");
 * double[] score = m.predict(series);   // NaN before the features' lookback
 * }</pre>
 */
public final class TrainedModel {

    private static final ObjectInputFilter ONLY_MODELS = ObjectInputFilter.Config.createFilter(
            "maxdepth=64;maxrefs=10000000;java.base/*;org.tribuo.**;com.oracle.labs.mlrg.olcut.**;dev.backtest.sdk.ml.Fit;!*");

    private final ModelInfo info;
    private final Fit fit;

    TrainedModel(ModelInfo info, Fit fit) {
        this.info = Objects.requireNonNull(info, "info");
        this.fit = Objects.requireNonNull(fit, "fit");
    }

    public ModelInfo info() {
        return info;
    }

    /** The score of every bar of {@code series} (see {@link MlModels}); NaN where a bar lacks its features' history. */
    public double[] predict(CandleSeries series) {
        return predict(series.open(), series.high(), series.low(), series.close(), series.volume());
    }

    double[] predict(double[] open, double[] high, double[] low, double[] close, double[] volume) {
        double[][] cols = Features.columns(info.spec(), open, high, low, close, volume);
        int n = close.length;
        int[] rows = new int[n];
        int count = 0;
        for (int t = 0; t < n; t++) {
            if (Features.complete(cols, t)) {
                rows[count++] = t;
            }
        }
        double[] out = new double[n];
        Arrays.fill(out, Double.NaN);
        if (count == 0) {
            return out;
        }
        int[] used = Arrays.copyOf(rows, count);
        double[] scores = fit.predict(cols, used);
        for (int i = 0; i < count; i++) {
            out[used[i]] = scores[i];
        }
        return out;
    }

    /** Writes the fitted model (not the metadata) to {@code out}, which stays open. */
    public void write(OutputStream out) {
        try {
            ObjectOutputStream o = new ObjectOutputStream(out);
            o.writeObject(fit);
            o.flush();
        } catch (IOException e) {
            throw BacktestException.of(ErrorCode.INTERNAL, "cannot write model " + info.id() + ": " + e.getMessage());
        }
    }

    /**
     * Reads a model written by {@link #write(OutputStream)}.
     *
     * @throws BacktestException {@link ErrorCode#DATA_CORRUPT} when the bytes are not such a model
     */
    public static TrainedModel read(InputStream in, ModelInfo info) {
        try {
            ObjectInputStream o = new ObjectInputStream(in);
            o.setObjectInputFilter(ONLY_MODELS);
            Object read = o.readObject();
            if (!(read instanceof Fit f) || f.names().length != info.spec().columns().size()) {
                throw new IOException("not a model of " + info.spec().columns().size() + " feature columns");
            }
            return new TrainedModel(info, f);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw BacktestException.of(ErrorCode.DATA_CORRUPT, "the stored model " + info.id() + " cannot be read: " + e.getMessage())
                    .with("model_id", info.id().toString());
        }
    }
}
