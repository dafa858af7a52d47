package dev.backtest.sdk.persistence.internal;

import java.sql.SQLException;

/**
 * Recognises database constraint violations in the exceptions JPA wraps them in.
 *
 * <pre>{@code
 * try {
 *     database.inTransaction(em -> { em.persist(strategy); return null; });
 * } catch (PersistenceException e) {
 *     if (Constraints.isUniqueViolation(e)) {
 *         throw BacktestException.of(ErrorCode.DUPLICATE_NAME, "you already have a strategy named '" + name + "'");
 *     }
 *     throw e;
 * }
 * }</pre>
 */
public final class Constraints {

    private Constraints() {
    }

    /** Whether {@code e} was caused by a unique-key violation (SQLState 23505 on PostgreSQL and H2). */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
