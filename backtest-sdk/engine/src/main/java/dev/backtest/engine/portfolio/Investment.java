package dev.backtest.engine.portfolio;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;

import java.time.LocalDate;

/**
 * An investment to simulate: {@code amount} put in at {@code startDate} (the run starts at the first timeline time on
 * or after its 00:00 UTC) and, optionally, {@code monthlyContribution} added at the first timeline time of each later
 * calendar month.
 *
 * <pre>{@code
 * SimulationResult s = portfolio.simulate(Investment.of(LocalDate.of(2015, 1, 1), 10_000).monthly(500));
 * }</pre>
 */
public record Investment(LocalDate startDate, double amount, double monthlyContribution) {

    /** @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming every field that is wrong */
    public Investment {
        FieldErrors errors = new FieldErrors();
        if (startDate == null) {
            errors.add("start_date", "is required");
        }
        if (!(amount > 0) || Double.isInfinite(amount)) {
            errors.add("amount", "must be a finite number > 0; got " + amount);
        }
        if (!(monthlyContribution >= 0) || Double.isInfinite(monthlyContribution)) {
            errors.add("monthly_contribution", "must be a finite number >= 0 (0: none); got " + monthlyContribution);
        }
        errors.throwIfAny();
    }

    public static Investment of(LocalDate startDate, double amount) {
        return new Investment(startDate, amount, 0);
    }

    public Investment monthly(double contribution) {
        return new Investment(startDate, amount, contribution);
    }
}
