package dev.backtest.sdk.ml.internal;

import dev.backtest.engine.Strategy;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.engine.strategies.StrategySpec;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.ml.MlModels;
import dev.backtest.sdk.ml.ModelInfo;
import dev.backtest.sdk.ml.TrainedModel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The strategy types the SDK runs: the engine's built-ins plus {@code ml_predictive}, whose {@code model} parameter names
 * a model of the user the strategy is resolved for. The SDK's services resolve types here instead of
 * {@link Strategies} so that stored strategies of type {@code ml_predictive} validate (the model exists and is the
 * user's) and run. Without a model store ({@link #builtIns()}) {@code ml_predictive} is still a type, but every model
 * is unknown.
 *
 * <pre>{@code
 * StrategyCatalog catalog = new StrategyCatalog(new ModelStore(client.storage()));
 * Strategy s = catalog.create(userId, "ml_predictive", Map.of("model", modelId.toString()));
 * catalog.checkLeakage(userId, "ml_predictive", params, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 6, 30));
 * }</pre>
 */
public final class StrategyCatalog {

    private final ModelStore models;

    public StrategyCatalog(ModelStore models) {
        this.models = models;
    }

    /** Built-ins, and {@code ml_predictive} without models: for services built without an object store. */
    public static StrategyCatalog builtIns() {
        return new StrategyCatalog(null);
    }

    /** Every type key: the built-ins', then {@code ml_predictive}. */
    public static List<String> keys() {
        List<String> out = new ArrayList<>(Strategies.keys());
        out.add(MlModels.STRATEGY_KEY);
        return List.copyOf(out);
    }

    /** The type {@code key} as {@code userId} sees it (their models only), if there is one. */
    public Optional<StrategySpec> find(UUID userId, String key) {
        if (MlModels.STRATEGY_KEY.equals(key)) {
            return Optional.of(MlModels.strategySpec(id -> model(userId, id)));
        }
        return Strategies.find(key);
    }

    /**
     * The type {@code key} as {@code userId} sees it.
     *
     * @throws BacktestException {@link ErrorCode#STRATEGY_NOT_FOUND} naming the accepted keys
     */
    public StrategySpec spec(UUID userId, String key) {
        return find(userId, key).orElseThrow(() -> BacktestException.of(ErrorCode.STRATEGY_NOT_FOUND, "no strategy type '" + key
                + "'; accepted: " + keys()).with("strategy", key));
    }

    /** A new instance; parameters are validated first. */
    public Strategy create(UUID userId, String key, Map<String, ?> params) {
        return spec(userId, key).create(params);
    }

    /**
     * For a run of {@code key} from {@code startDate} to {@code endDate}: refuses an {@code ml_predictive} model that
     * saw bars at or after the run's first bar, taken as 00:00 UTC of {@code startDate} (no bar of the run is earlier,
     * so this never accepts a run the engine's own check would refuse). Other types pass.
     *
     * @throws BacktestException {@link ErrorCode#DATA_LEAKAGE} naming both windows; {@link ErrorCode#MODEL_NOT_FOUND}
     */
    public void checkLeakage(UUID userId, String key, Map<String, ?> params, LocalDate startDate, LocalDate endDate, Timeframe timeframe) {
        if (!MlModels.STRATEGY_KEY.equals(key)) {
            return;
        }
        Object id = params == null ? null : params.get("model");
        ModelInfo info = info(userId, id == null ? null : id.toString()).orElseThrow(() -> BacktestException.of(ErrorCode.MODEL_NOT_FOUND,
                "model " + id + " does not exist").with("model_id", String.valueOf(id)));
        Instant first = startDate.atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant last = endDate.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(timeframe.seconds());
        info.checkNoLeakage(first, last);
    }

    private Optional<ModelInfo> info(UUID userId, String id) {
        UUID modelId = parse(id);
        return models == null || userId == null || modelId == null ? Optional.empty() : models.info(userId, modelId);
    }

    private Optional<TrainedModel> model(UUID userId, String id) {
        UUID modelId = parse(id);
        return models == null || userId == null || modelId == null ? Optional.empty() : models.load(userId, modelId);
    }

    private static UUID parse(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
