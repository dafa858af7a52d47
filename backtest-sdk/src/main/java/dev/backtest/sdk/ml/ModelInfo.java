package dev.backtest.sdk.ml;

import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A trained model's metadata: what it was trained on and how well it did on a held-out tail.
 *
 * <p>The training window runs from {@code firstTrainingBar} (the first bar any feature of the first sample read, so it
 * counts the features' lookback) to {@code lastTrainingBar} (the bar whose close is the last sample's target, so it
 * counts the target's horizon). {@code fingerprint} is the SHA-256 of those bars (time, open, high, low, close,
 * volume). Metrics come from a fit on the first 80% of the samples scored on the last 20%; the stored model is then
 * fitted on all of them: regressions report {@code rmse}, {@code mae}, {@code direction_accuracy} and
 * {@code zero_rmse} (the RMSE of always predicting 0), classifications {@code accuracy} and
 * {@code majority_accuracy}; both report {@code train_samples} and {@code test_samples}.
 *
 * <pre>{@code
 * ModelInfo m = client.models().get(me, modelId);
 * m.checkNoLeakage(backtestFirstBar, backtestLastBar);   // DATA_LEAKAGE when the model saw those bars
 * }</pre>
 */
public record ModelInfo(UUID id, String name, String symbol, Timeframe timeframe, ModelSpec spec, Instant firstTrainingBar,
                        Instant lastTrainingBar, int trainingBars, int samples, String fingerprint, Map<String, Double> metrics,
                        Instant createdAt) {

    public ModelInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(timeframe, "timeframe");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(firstTrainingBar, "firstTrainingBar");
        Objects.requireNonNull(lastTrainingBar, "lastTrainingBar");
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics == null ? Map.of() : metrics));
    }

    /**
     * Refuses a run whose bars the model may have seen: its {@code lastTrainingBar} at or after {@code backtestFirstBar}.
     * That covers a training window overlapping the run and one entirely after it (the model would know the run's
     * future). A model whose last training bar is the bar just before the run's first bar is accepted.
     *
     * @param backtestLastBar the run's last bar, for the message only (may be null)
     * @throws BacktestException {@link ErrorCode#DATA_LEAKAGE} naming both windows
     */
    public void checkNoLeakage(Instant backtestFirstBar, Instant backtestLastBar) {
        Objects.requireNonNull(backtestFirstBar, "backtestFirstBar");
        if (lastTrainingBar.isBefore(backtestFirstBar)) {
            return;
        }
        BacktestException e = BacktestException.of(ErrorCode.DATA_LEAKAGE, "model " + id + " was trained on " + symbol + " " + timeframe.code()
                        + " bars " + firstTrainingBar + " to " + lastTrainingBar + " (counting the " + spec.lookback()
                        + "-bar feature lookback and the " + spec.horizon() + "-bar target horizon), which reaches into the backtest's bars "
                        + backtestFirstBar + " to " + (backtestLastBar == null ? "its end" : backtestLastBar)
                        + "; train the model on bars before " + backtestFirstBar + " (for example: for the backtest)")
                .with("model_id", id.toString())
                .with("training_first_bar", firstTrainingBar.toString())
                .with("training_last_bar", lastTrainingBar.toString())
                .with("backtest_first_bar", backtestFirstBar.toString());
        throw backtestLastBar == null ? e : e.with("backtest_last_bar", backtestLastBar.toString());
    }
}
