package dev.backtest.sdk.cli;

import picocli.CommandLine;

import java.util.concurrent.Callable;

/** A command that only groups subcommands ({@code models}, {@code scenario}): called alone, it prints its usage. */
abstract class CommandGroup implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
