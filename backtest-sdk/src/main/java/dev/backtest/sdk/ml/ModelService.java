package dev.backtest.sdk.ml;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;

import java.util.UUID;

/**
 * Trained ML models of one user, stored in the client's object store ({@code models/{owner}/{id}/model.bin} and
 * {@code meta.json}). A model another user owns behaves exactly like a missing one ({@link ErrorCode#MODEL_NOT_FOUND}).
 * Models are immutable: train a new one instead of changing one. Thread-safe; get it from
 * {@link dev.backtest.sdk.BacktestClient#models()}.
 *
 * <pre>{@code
 * ModelInfo m = client.models().train(me, TrainRequest.window("ar5", "BTC", "1h",
 *         LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31), ModelSpec.autoregressive(5)));
 * ModelInfo fresh = client.models().train(me, TrainRequest.forBacktest("ar5-bt", backtestId, 300, ModelSpec.autoregressive(5)));
 * client.strategies().create(me, new StrategyInput("AR(5)", null, "ml_predictive",
 *         Map.of("model", fresh.id().toString(), "threshold", 0.0005), false));
 * }</pre>
 */
public interface ModelService {

    /** Longest model name, in characters. */
    int MAX_NAME = 100;
    /** Most bars a model is trained on. */
    int MAX_STEPS = 200_000;

    /**
     * Trains a model on a window of bars (or the bars before a backtest, see {@link TrainRequest}) and stores it.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} listing each bad field,
     *         {@link ErrorCode#BACKTEST_NOT_FOUND} for a backtest the user does not own, {@link ErrorCode#DATE_RANGE} when
     *         the window gives fewer than {@link MlModels#MIN_SAMPLES} samples
     */
    ModelInfo train(UUID userId, TrainRequest request);

    /** The user's models, oldest first. */
    Page<ModelInfo> list(UUID userId, PageRequest page);

    /** A model the user owns. */
    ModelInfo get(UUID userId, UUID modelId);

    /** A model the user owns, ready to predict. */
    TrainedModel load(UUID userId, UUID modelId);

    /**
     * Deletes a model the user owns. Strategies naming it stay, and their runs fail with {@link ErrorCode#MODEL_NOT_FOUND}.
     *
     * @throws BacktestException {@link ErrorCode#MODEL_NOT_FOUND} unless the user owns it
     */
    void delete(UUID userId, UUID modelId);

    /** The error for a model id that does not exist or belongs to another user (also a malformed id). */
    static BacktestException notFound(Object modelId) {
        return BacktestException.of(ErrorCode.MODEL_NOT_FOUND, "model " + modelId + " does not exist")
                .with("model_id", String.valueOf(modelId));
    }
}
