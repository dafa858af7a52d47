package dev.backtest.sdk.ml;

import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Engine;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.strategies.Direction;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MlModelsTest {

    private static final long START = 1_704_067_200L; // 2024-01-01T00:00Z

    /** Hourly bars whose returns follow r[t] = phi * r[t-1] + noise. */
    static CandleSeries ar1(int n, double phi, long seed) {
        Random rnd = new Random(seed);
        long[] time = new long[n];
        double[] o = new double[n];
        double[] h = new double[n];
        double[] l = new double[n];
        double[] c = new double[n];
        double[] v = new double[n];
        double price = 100;
        double r = 0;
        for (int i = 0; i < n; i++) {
            r = phi * r + 0.01 * rnd.nextGaussian();
            double open = price;
            price = price * (1 + r);
            time[i] = START + 3600L * i;
            o[i] = open;
            c[i] = price;
            h[i] = Math.max(open, price) * (1 + 0.002 * rnd.nextDouble());
            l[i] = Math.min(open, price) * (1 - 0.002 * rnd.nextDouble());
            v[i] = 1000 + rnd.nextInt(500);
        }
        return CandleSeries.of("SYN", Timeframe.H1, time, o, h, l, c, v);
    }

    @Test
    void autoregressiveRecoversThePersistenceOfAnAr1Process() {
        TrainedModel m = MlModels.train(ar1(3000, 0.6, 1), ModelSpec.autoregressive(1), "ar1");
        // one standardised lag: the slope is phi times the lag's standard deviation; its sign and fit show it
        assertThat(m.info().metrics().get("direction_accuracy")).isGreaterThan(0.65);
        assertThat(m.info().metrics().get("rmse")).isLessThan(m.info().metrics().get("zero_rmse"));
        assertThat(m.info().samples()).isEqualTo(3000 - 1 - 1);
    }

    @ParameterizedTest
    @EnumSource(ModelKind.class)
    void everyKindTrainsPredictsAndReadsBackTheSamePredictions(ModelKind kind) {
        CandleSeries s = ar1(800, 0.5, 2);
        ModelSpec spec = new ModelSpec(kind, 3, List.of("returns", "range", "body", "upper_wick", "lower_wick", "volume_change",
                "rsi:14", "sma:10", "ema:10"), 1, 4, 3);
        TrainedModel m = MlModels.train(s, spec, kind.wire());
        double[] p = m.predict(s);
        assertThat(p[spec.lookback() - 1]).isNaN();
        assertThat(p[p.length - 1]).isFinite();
        assertThat(m.info().metrics()).containsKey(kind.classification() ? "accuracy" : "rmse");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.write(out);
        TrainedModel back = TrainedModel.read(new ByteArrayInputStream(out.toByteArray()), m.info());
        assertThat(back.predict(s)).containsExactly(p);
    }

    @Test
    void trainingWindowCountsTheLookbackAndTheHorizon() {
        CandleSeries s = ar1(200, 0.3, 3);
        ModelSpec spec = ModelSpec.of(ModelKind.AUTOREGRESSIVE).withFeatures(List.of("returns", "sma:20")).withHorizon(3);
        TrainedModel m = MlModels.train(s, spec, null);
        // sma:20 is first defined at bar 19; returns lags 5 at bar 5: the first sample is bar 19, its features read bar 0
        assertThat(m.info().firstTrainingBar()).isEqualTo(Instant.ofEpochSecond(START));
        // the last sample is bar 196, whose target is bar 199's close
        assertThat(m.info().lastTrainingBar()).isEqualTo(Instant.ofEpochSecond(s.time()[199]));
        assertThat(m.info().fingerprint()).hasSize(64).isEqualTo(MlModels.train(s, spec, null).info().fingerprint());
    }

    @Test
    void predictionForABarUsesDataUpToItsCloseOnly() {
        CandleSeries s = ar1(500, 0.5, 4);
        TrainedModel m = MlModels.train(s, new ModelSpec(ModelKind.REGRESSION_TREE, 4, List.of("returns", "rsi:14", "range"), 1, 5, 5), null);
        double[] full = m.predict(s);
        double[] cut = m.predict(s.slice(0, 300));
        assertThat(java.util.Arrays.copyOf(full, 300)).containsExactly(cut);
    }

    @Test
    void aRunOverlappingTheTrainingWindowIsRefusedNamingBothWindows() {
        CandleSeries s = ar1(1000, 0.5, 5);
        TrainedModel m = MlModels.train(s.slice(0, 600), ModelSpec.autoregressive(3), "ar3");
        // the training window ends at bar 599 (the last target); a run starting there overlaps it
        assertThatThrownBy(() -> Engine.run(s.slice(599, 1000), MlModels.strategy(m, 0, Direction.LONG_SHORT), RunOptions.defaults()))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DATA_LEAKAGE);
                    assertThat(e.getMessage()).contains(m.info().firstTrainingBar().toString(), m.info().lastTrainingBar().toString(),
                            Instant.ofEpochSecond(s.time()[599]).toString());
                    assertThat(e.details()).containsEntry("training_last_bar", m.info().lastTrainingBar().toString())
                            .containsEntry("backtest_first_bar", Instant.ofEpochSecond(s.time()[599]).toString());
                });
        // a run before the training window: the model knows that run's future
        assertThatThrownBy(() -> Engine.run(s.slice(0, 300), MlModels.strategy(m, 0, Direction.LONG_SHORT), RunOptions.defaults()))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_LEAKAGE));
    }

    @Test
    void aRunStartingRightAfterTheTrainingWindowIsAcceptedAndTrades() {
        CandleSeries s = ar1(1000, 0.5, 6);
        TrainedModel m = MlModels.train(s.slice(0, 600), ModelSpec.autoregressive(3), "ar3");
        assertThat(m.info().lastTrainingBar()).isEqualTo(Instant.ofEpochSecond(s.time()[599]));
        BacktestResult r = Engine.run(s.slice(600, 1000), MlModels.strategy(m, 0, Direction.LONG_SHORT), RunOptions.defaults());
        assertThat(r.trades()).isNotEmpty();
    }

    @Test
    void strategySpecValidatesTheModelParameter() {
        CandleSeries s = ar1(300, 0.5, 7);
        TrainedModel m = MlModels.train(s, ModelSpec.autoregressive(2), null);
        var spec = MlModels.strategySpec(id -> id.equals(m.info().id().toString()) ? java.util.Optional.of(m) : java.util.Optional.empty());
        assertThat(spec.validate(Map.of("model", m.info().id().toString(), "threshold", 0.001)))
                .containsEntry("direction", "long_short");
        assertThatThrownBy(() -> spec.validate(Map.of("model", "nope")))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.getMessage()).contains("model 'nope' does not exist"));
        assertThatThrownBy(() -> spec.validate(Map.of()))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.getMessage()).contains("is required"));
        assertThatThrownBy(() -> spec.validate(Map.of("model", 5)))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STRATEGY_PARAMETER));
    }

    @Test
    void rejectsBadSpecsAndTooShortWindowsAndForeignBytes() throws Exception {
        assertThatThrownBy(() -> new ModelSpec(ModelKind.LINEAR, 0, List.of("returns", "magic", "sma:1"), 0, 0, 0))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.getMessage()).contains("lags", "horizon", "max_depth", "epochs", "unknown feature 'magic'", "'sma:1'");
                });
        assertThatThrownBy(() -> ModelKind.parse("svm")).hasMessageContaining("autoregressive");
        assertThatThrownBy(() -> MlModels.train(ar1(20, 0.1, 8), ModelSpec.autoregressive(5), null))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATE_RANGE));
        TrainedModel m = MlModels.train(ar1(100, 0.1, 9), ModelSpec.autoregressive(2), null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(out)) {
            o.writeObject(new java.util.ArrayList<>(List.of("not a model")));
        }
        assertThatThrownBy(() -> TrainedModel.read(new ByteArrayInputStream(out.toByteArray()), m.info()))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_CORRUPT));
        assertThatThrownBy(() -> TrainedModel.read(new ByteArrayInputStream(new byte[]{1, 2, 3}), m.info()))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_CORRUPT));
    }
}
