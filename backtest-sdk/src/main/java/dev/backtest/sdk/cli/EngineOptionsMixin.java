package dev.backtest.sdk.cli;

import dev.backtest.engine.RunOptions;
import picocli.CommandLine.Option;

/**
 * The engine options the commands share ({@code --cash}, {@code --commission}, {@code --spread},
 * {@code --finalize-trades}, {@code --fractional-units}). A picocli mixin, so that names and defaults stay the same
 * in every command.
 */
final class EngineOptionsMixin {

    @Option(names = "--cash", defaultValue = "10000")
    double cash;
    @Option(names = "--commission", defaultValue = "0.001", description = "fraction of traded value per side")
    double commission;
    @Option(names = "--spread", defaultValue = "0")
    double spread;
    @Option(names = "--finalize-trades")
    boolean finalizeTrades;
    @Option(names = "--fractional-units", description = "allow fractional position sizes (crypto)")
    boolean fractionalUnits;

    /** A builder with these options set; a command adds its own (e.g. {@code exclusiveOrders}) before building. */
    RunOptions.Builder builder() {
        return RunOptions.builder().cash(cash).commission(commission).spread(spread)
                .finalizeTrades(finalizeTrades).fractionalUnits(fractionalUnits);
    }
}
