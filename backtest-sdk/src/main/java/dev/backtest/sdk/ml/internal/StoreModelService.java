package dev.backtest.sdk.ml.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.backtest.BacktestService;
import dev.backtest.sdk.backtest.BacktestView;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.sdk.marketdata.Symbols;
import dev.backtest.sdk.ml.MlModels;
import dev.backtest.sdk.ml.ModelInfo;
import dev.backtest.sdk.ml.ModelService;
import dev.backtest.sdk.ml.TrainRequest;
import dev.backtest.sdk.ml.TrainedModel;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@link ModelService} over a {@link ModelStore}: trains in the calling thread (a year of hourly bars: tens of milliseconds for
 * the linear kinds, up to seconds for the regression tree, see BENCHMARKS.md), then stores.
 *
 * <pre>{@code
 * ModelService models = new StoreModelService(new ModelStore(storage), marketData::query, backtests);
 * }</pre>
 */
public final class StoreModelService implements ModelService {

    private final ModelStore store;
    private final Supplier<CandleQuery> candles;
    private final BacktestService backtests;

    public StoreModelService(ModelStore store, Supplier<CandleQuery> candles, BacktestService backtests) {
        this.store = Objects.requireNonNull(store, "store");
        this.candles = Objects.requireNonNull(candles, "candles");
        this.backtests = Objects.requireNonNull(backtests, "backtests");
    }

    @Override
    public ModelInfo train(UUID userId, TrainRequest request) {
        FieldErrors errors = new FieldErrors();
        if (request == null) {
            throw FieldErrors.single("spec", "a training request is required");
        }
        String name = errors.text("name", request.name(), MAX_NAME, false);
        errors.require("spec", request.spec());
        CandleSeries series;
        if (request.backtestId() != null) {
            if (request.symbol() != null || request.timeframe() != null || request.startDate() != null || request.endDate() != null) {
                errors.add("backtest_id", "give either backtest_id (with steps) or symbol, timeframe, start_date and end_date, not both");
            }
            int steps = request.steps() == null ? MlModels.DEFAULT_STEPS : request.steps();
            if (steps < MlModels.MIN_SAMPLES + 1 || steps > MAX_STEPS) {
                errors.add("steps", "must be from " + (MlModels.MIN_SAMPLES + 1) + " to " + MAX_STEPS + "; got " + steps);
            }
            errors.throwIfAny();
            BacktestView b = backtests.get(userId, request.backtestId());
            series = barsBefore(b.symbol(), Timeframe.parse(b.timeframe()), b.startDate().atStartOfDay().toInstant(ZoneOffset.UTC), steps);
        } else {
            if (request.steps() != null) {
                errors.add("steps", "applies only with backtest_id");
            }
            if (errors.require("symbol", request.symbol()) && !Symbols.valid(request.symbol())) {
                errors.add("symbol", "must be 1-20 characters of A-Z 0-9 . _ - (for example BTC); got '" + request.symbol() + "'");
            }
            Timeframe tf = errors.require("timeframe", request.timeframe()) ? errors.check("timeframe", () -> Timeframe.parse(request.timeframe()))
                    : null;
            errors.require("start_date", request.startDate());
            errors.require("end_date", request.endDate());
            if (request.startDate() != null && request.endDate() != null && request.endDate().isBefore(request.startDate())) {
                errors.add("end_date", "must not be before start_date " + request.startDate() + "; got " + request.endDate());
            }
            errors.throwIfAny();
            series = candles.get().symbol(request.symbol()).between(request.startDate(), request.endDate()).timeframe(tf).fetch();
            if (series.size() > MAX_STEPS) {
                throw BacktestException.of(ErrorCode.DATE_RANGE, "the window has " + series.size() + " bars; a model is trained on at most "
                        + MAX_STEPS + "; shorten it").with("bars", series.size());
            }
        }
        TrainedModel model = MlModels.train(series, request.spec(), name);
        store.save(userId, model);
        return model.info();
    }

    /** The last {@code steps} bars before {@code firstBar}: the data a model for a backtest starting there may see. */
    private CandleSeries barsBefore(String symbol, Timeframe tf, Instant firstBar, int steps) {
        // three times the span the bars would cover back to back, plus a month: room for weekends, holidays and gaps
        long span = Math.max(tf.seconds(), 60) * (long) steps * 3 + 31L * 86_400;
        Instant earliest = CandleQuery.EARLIEST_DATE.atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant start = firstBar.minusSeconds(span).isBefore(earliest) ? earliest : firstBar.minusSeconds(span);
        CandleSeries s = candles.get().symbol(symbol).between(start, firstBar).timeframe(tf).fetch();
        return s.size() <= steps ? s : s.slice(s.size() - steps, s.size());
    }

    @Override
    public Page<ModelInfo> list(UUID userId, PageRequest page) {
        PageRequest p = page == null ? PageRequest.first(PageRequest.DEFAULT_LIMIT) : page;
        List<UUID> ids = store.ids(userId);
        List<ModelInfo> items = ids.stream().skip(p.offset()).limit(p.limit())
                .map(id -> store.info(userId, id).orElse(null)).filter(Objects::nonNull).toList();
        return p.page(items, ids.size());
    }

    @Override
    public ModelInfo get(UUID userId, UUID modelId) {
        if (userId == null || modelId == null) {
            throw ModelService.notFound(modelId);
        }
        return store.info(userId, modelId).orElseThrow(() -> ModelService.notFound(modelId));
    }

    @Override
    public TrainedModel load(UUID userId, UUID modelId) {
        if (userId == null || modelId == null) {
            throw ModelService.notFound(modelId);
        }
        return store.load(userId, modelId).orElseThrow(() -> ModelService.notFound(modelId));
    }

    @Override
    public void delete(UUID userId, UUID modelId) {
        get(userId, modelId);
        store.delete(userId, modelId);
    }
}
