package dev.backtest.sdk.scenario;

import dev.backtest.sdk.task.TaskView;

import java.util.List;
import java.util.UUID;

/**
 * A scenario submitted for a user: its task (kind {@code scenario}: status, progress, error) and the outputs written
 * once it completed ({@link ScenarioService#OUTPUTS}, empty before).
 *
 * <pre>{@code
 * ScenarioTask t = client.scenarios().get(me, id);
 * if (t.outputs().contains("trades.csv")) System.out.println(client.scenarios().output(me, id, "trades.csv").orElseThrow());
 * }</pre>
 *
 * @param task    the task as the task view shows it
 * @param outputs the files written, in the order of {@link ScenarioService#OUTPUTS}
 */
public record ScenarioTask(TaskView task, List<String> outputs) {

    public ScenarioTask {
        outputs = List.copyOf(outputs);
    }

    /** The scenario's id (its task's). */
    public UUID id() {
        return task.id();
    }
}
