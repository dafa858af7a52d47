package dev.backtest.sdk.cli;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code train} and {@code run --strategy ml_predictive} on embedded defaults with the sample candles. */
class TrainCommandIT extends EmbeddedCliTest {

    /** Each call's output alone. */
    @Override
    int run(String... args) {
        clearOutput();
        return super.run(args);
    }

    @Test
    void trainsAModelAndRunsItAfterItsWindowButNotOverIt() {
        assertThat(run("train", "--symbol", "BTC", "--timeframe", "1h", "--start", "2023-01-01", "--end", "2023-03-31",
                "--kind", "regression_tree", "--lags", "3", "--features", "returns,range,rsi:14", "--max-depth", "4")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("bars 2023-01-01T00:00:00Z .. 2023-03-31T23:00:00Z", "\"rmse\"");
        Matcher id = Pattern.compile("model ([0-9a-f-]{36})").matcher(out.toString());
        assertThat(id.find()).isTrue();
        String model = id.group(1);

        assertThat(run("run", "--strategy", "ml_predictive", "--param", "model=" + model, "--param", "threshold=0.0001",
                "--symbol", "BTC", "--timeframe", "1h", "--start", "2023-04-01", "--end", "2023-05-31")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("trades");

        assertThat(run("run", "--strategy", "ml_predictive", "--param", "model=" + model,
                "--symbol", "BTC", "--timeframe", "1h", "--start", "2023-03-15", "--end", "2023-05-31")).isEqualTo(2);
        assertThat(err.toString()).contains("DATA_LEAKAGE", "2023-03-31T23:00:00Z", "2023-03-15T00:00:00Z");

        assertThat(run("run", "--strategy", "ml_predictive", "--param", "model=00000000-0000-4000-8000-000000000000",
                "--symbol", "BTC", "--timeframe", "1h", "--start", "2023-04-01", "--end", "2023-05-31")).isEqualTo(2);
        assertThat(err.toString()).contains("does not exist");

        assertThat(run("train", "--symbol", "BTC", "--for-backtest-start", "2023-06-01", "--steps", "200")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("2023-05-31T23:00:00Z (");
        assertThat(run("train", "--symbol", "BTC", "--kind", "svm", "--start", "2023-01-01", "--end", "2023-01-31")).isEqualTo(2);
        assertThat(err.toString()).contains("autoregressive");

        assertThat(run("models", "list")).isZero();
        assertThat(out.toString().lines().count()).isEqualTo(2);
        assertThat(out.toString()).contains(model, "regression_tree", "BTC");
        assertThat(run("models", "show", model)).isZero();
        assertThat(out.toString()).contains("\"symbol\" : \"BTC\"", "2023-03-31T23:00:00Z");
        assertThat(run("models", "delete", model)).isZero();
        assertThat(run("models", "show", model)).isEqualTo(2);
        assertThat(err.toString()).contains("MODEL_NOT_FOUND");
        assertThat(run("models", "delete", "not-an-id")).isEqualTo(2);
        assertThat(run("models", "list")).isZero();
        assertThat(out.toString().lines().count()).isEqualTo(1);
        assertThat(out.toString()).doesNotContain(model);
        assertThat(run("models", "--help")).isZero();
    }
}
