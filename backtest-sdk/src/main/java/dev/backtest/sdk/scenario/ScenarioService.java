package dev.backtest.sdk.scenario;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Scenarios run in the background for a user (what {@code POST /api/v1/scenarios} does): the scenario is checked at
 * once, then runs on the client's scenario thread as a task of kind {@code scenario} in the task view (cancel it
 * there before it starts); its outputs, the files {@code scenario run} writes, are kept in the object store under
 * {@code scenarios/{user}/{id}/} for as long as the task is kept ({@code TASK_RETENTION_DAYS}). Only stored symbols are
 * read: a scenario naming CSV files is refused at {@code $.data.source}.
 *
 * <pre>{@code
 * ScenarioTask t = client.scenarios().submit(me, Files.readString(Path.of("sma-cross.json")));
 * while (!(t = client.scenarios().get(me, t.id())).task().status().finished()) Thread.sleep(200);
 * String stats = client.scenarios().output(me, t.id(), "stats.json").orElseThrow();
 * }</pre>
 */
public interface ScenarioService {

    /** The files a finished scenario may have, in this order (which ones depends on the scenario). */
    List<String> OUTPUTS = List.of("stats.json", "trades.csv", "equity.csv", "walk_forward.json", "sweep.json", "sweep.csv", "report.html");

    /**
     * Checks the scenario and starts it in the background.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming each problem by its JSON path (also
     *         {@code $.data.source} for CSV data and {@code $.data.symbols[i]} for a symbol the store does not hold)
     */
    ScenarioTask submit(UUID userId, String json);

    /**
     * The user's scenario: its task and, once completed, the outputs it wrote.
     *
     * @throws BacktestException {@link ErrorCode#TASK_NOT_FOUND} for an id that is not the user's scenario
     */
    ScenarioTask get(UUID userId, UUID scenarioId);

    /**
     * One output of the user's completed scenario ({@link #OUTPUTS}); empty when the scenario did not write it (yet).
     *
     * @throws BacktestException {@link ErrorCode#TASK_NOT_FOUND} for an id that is not the user's scenario,
     *         {@link ErrorCode#VALIDATION_FAILED} (field {@code name}) for a name not in {@link #OUTPUTS}
     */
    Optional<String> output(UUID userId, UUID scenarioId, String name);
}
