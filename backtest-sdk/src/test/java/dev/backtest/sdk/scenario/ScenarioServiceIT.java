package dev.backtest.sdk.scenario;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.task.TaskFilter;
import dev.backtest.sdk.task.TaskKind;
import dev.backtest.sdk.task.TaskStatus;
import dev.backtest.sdk.testing.BothClients;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.UUID;

import static dev.backtest.sdk.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Scenarios submitted for a user, on H2 and PostgreSQL: the outputs kept in the store are the ones {@code Scenarios.run}
 * writes in process, the task shows in the task view, bad scenarios are refused by JSON path before anything is
 * stored, and another user's scenario answers as missing.
 */
class ScenarioServiceIT {

    private static final String SCENARIO = """
            {"name": "sma", "data": {"source": "store", "symbols": ["BTC"], "timeframe": "1d", "start": "2023-01-01", "end": "2023-12-31"},
             "strategy": {"key": "sma_cross", "params": {"fast": 10, "slow": 30}},
             "options": {"cash": 100000, "fractional_units": true, "finalize_trades": true},
             "grid": {"params": {"fast": [5, 10], "slow": [30, 50]}, "constraint": "fast < slow", "metric": "return_pct", "top": 3}}
            """;

    @RegisterExtension
    static final BothClients CLIENTS = new BothClients();

    private static BacktestClient on(String db) {
        return CLIENTS.on(db);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aSubmittedScenarioKeepsTheOutputsOfAnInProcessRun(String db) {
        BacktestClient c = on(db);
        UUID me = UUID.randomUUID();
        c.users().ensure(me, me + "@example.com");
        ScenarioTask t = c.scenarios().submit(me, SCENARIO);
        assertThat(t.task().kind()).isEqualTo(TaskKind.SCENARIO);
        assertThat(t.task().label()).isEqualTo("BTC");
        await(() -> c.scenarios().get(me, t.id()).task().status().finished(), Duration.ofSeconds(120));
        ScenarioTask done = c.scenarios().get(me, t.id());
        assertThat(done.task().status()).as(done.task().errorMessage()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(done.outputs()).containsExactly("stats.json", "trades.csv", "equity.csv", "sweep.json", "sweep.csv", "report.html");

        ScenarioResult local = Scenarios.run(Scenarios.parse(SCENARIO, null), c.marketData());
        assertThat(c.scenarios().output(me, t.id(), "stats.json")).contains(local.statsJson());
        assertThat(c.scenarios().output(me, t.id(), "trades.csv")).contains(local.tradesCsv());
        assertThat(c.scenarios().output(me, t.id(), "equity.csv")).contains(local.equityCsv());
        assertThat(c.scenarios().output(me, t.id(), "sweep.csv")).contains(local.sweepCsv());
        assertThat(c.scenarios().output(me, t.id(), "walk_forward.json")).isEmpty();
        assertThat(c.tasks().list(me, new TaskFilter(TaskKind.SCENARIO, null), PageRequest.first(10)).items())
                .extracting(v -> v.id()).contains(t.id());

        UUID other = UUID.randomUUID();
        c.users().ensure(other, other + "@example.com");
        assertThat(catchThrowableOfType(() -> c.scenarios().get(other, t.id()), BacktestException.class).code())
                .isEqualTo(ErrorCode.TASK_NOT_FOUND);
        assertThat(catchThrowableOfType(() -> c.scenarios().output(other, t.id(), "stats.json"), BacktestException.class).code())
                .isEqualTo(ErrorCode.TASK_NOT_FOUND);
        assertThat(catchThrowableOfType(() -> c.scenarios().output(me, t.id(), "../../etc/passwd"), BacktestException.class).code())
                .isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void badScenariosAreRefusedByJsonPathAndNothingIsStarted(String db) {
        BacktestClient c = on(db);
        UUID me = UUID.randomUUID();
        c.users().ensure(me, me + "@example.com");
        assertThat(paths(c, me, SCENARIO.replace("\"source\": \"store\", \"symbols\": [\"BTC\"]", "\"source\": \"store\", \"symbols\": [\"NOPE\"]")))
                .containsExactly("$.data.symbols[0]");
        assertThat(paths(c, me, "{\"data\": {\"source\": \"csv\", \"files\": {\"X\": \"x.csv\"}}, \"strategy\": {\"key\": \"sma_cross\"}}"))
                .containsExactly("$.data.source");
        assertThat(paths(c, me, SCENARIO.replace("\"fast\": 10,", "\"fast\": 0,").replace("\"options\": {", "\"options\": {\"colour\": 1, ")))
                .contains("$.strategy.params.fast", "$.options.colour");
        assertThat(paths(c, me, "  ")).containsExactly("$");
        assertThat(c.tasks().list(me, new TaskFilter(TaskKind.SCENARIO, null), PageRequest.first(10)).items()).isEmpty();
    }

    private static java.util.List<String> paths(BacktestClient c, UUID me, String json) {
        BacktestException e = catchThrowableOfType(() -> c.scenarios().submit(me, json), BacktestException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        return ((java.util.List<?>) e.details().get("errors")).stream().map(x -> ((FieldError) x).field()).toList();
    }
}
