package dev.backtest.sdk.index.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.engine.portfolio.Allocation;
import dev.backtest.engine.portfolio.PortfolioResult;
import dev.backtest.engine.portfolio.PortfolioStats;
import dev.backtest.sdk.index.IndexAllocation;
import dev.backtest.sdk.index.IndexValue;
import dev.backtest.sdk.persistence.internal.StoredJson;
import jakarta.persistence.EntityManager;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a completed index run stores ({@code index_run_results}, {@code index_values}, {@code index_allocations}) and
 * how it is read back: written in the caller's transaction (the one that completes the run), in JDBC batches.
 *
 * <pre>{@code
 * database.inTransaction(em -> { IndexResults.write(em, runId, result); run.finish(...); return null; });
 * List<IndexValue> values = database.inTransaction(em -> IndexResults.values(em, runId));
 * }</pre>
 */
public final class IndexResults {

    private static final int BATCH = 500;

    private IndexResults() {
    }

    /** The values (the equity: the run's cash is the base value), the allocations and the statistics of a run. */
    public static void write(EntityManager em, UUID runId, PortfolioResult result) {
        long[] time = result.time();
        double[] equity = result.equity();
        double[] drawdown = result.drawdown();
        List<Allocation> allocations = result.allocations();
        em.createNativeQuery("INSERT INTO index_run_results (run_id, stats, value_count, created_at) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, runId).setParameter(2, StoredJson.write(result.stats())).setParameter(3, time.length)
                .setParameter(4, OffsetDateTime.now(ZoneOffset.UTC)).executeUpdate();
        // the transaction's own connection (the insert above made the transaction take one): batches, same commit
        Connection c = em.unwrap(Connection.class);
        try {
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO index_values (run_id, value_date, index_value, drawdown) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < time.length; i++) {
                    st.setObject(1, runId);
                    st.setDate(2, Date.valueOf(date(time[i])));
                    st.setDouble(3, equity[i]);
                    st.setDouble(4, Double.isNaN(drawdown[i]) ? 0 : drawdown[i]);
                    st.addBatch();
                    if ((i + 1) % BATCH == 0) {
                        st.executeBatch();
                    }
                }
                st.executeBatch();
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO index_allocations (run_id, seq, decision_date, fill_date,"
                    + " symbol, target_weight, weight, units, price) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < allocations.size(); i++) {
                    Allocation a = allocations.get(i);
                    st.setObject(1, runId);
                    st.setInt(2, i);
                    st.setDate(3, Date.valueOf(date(a.decisionTime())));
                    st.setDate(4, Date.valueOf(date(a.fillTime())));
                    st.setString(5, a.symbol());
                    st.setDouble(6, a.targetWeight());
                    st.setDouble(7, a.weightAfter());
                    st.setDouble(8, a.unitsAfter());
                    st.setDouble(9, a.fillPrice());
                    st.addBatch();
                    if ((i + 1) % BATCH == 0) {
                        st.executeBatch();
                    }
                }
                st.executeBatch();
            }
        } catch (SQLException e) {
            throw new jakarta.persistence.PersistenceException("cannot write the results of index run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** Every value of the run, oldest first. */
    public static List<IndexValue> values(EntityManager em, UUID runId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT value_date, index_value FROM index_values WHERE run_id = ?1 ORDER BY value_date")
                .setParameter(1, runId).getResultList();
        List<IndexValue> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new IndexValue(localDate(r[0]), ((Number) r[1]).doubleValue()));
        }
        return out;
    }

    /** Every fill of the run, in the order filled. */
    public static List<IndexAllocation> allocations(EntityManager em, UUID runId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT symbol, target_weight, weight, units, price, decision_date, fill_date"
                + " FROM index_allocations WHERE run_id = ?1 ORDER BY seq").setParameter(1, runId).getResultList();
        List<IndexAllocation> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new IndexAllocation((String) r[0], ((Number) r[1]).doubleValue(), ((Number) r[2]).doubleValue(),
                    ((Number) r[3]).doubleValue(), ((Number) r[4]).doubleValue(), localDate(r[5]), localDate(r[6])));
        }
        return out;
    }

    /** The statistics of the run (stored as the SDK's JSON writes them: NaN as null, start and end as instants). */
    public static PortfolioStats stats(EntityManager em, UUID runId) {
        Object json = em.createNativeQuery("SELECT stats FROM index_run_results WHERE run_id = ?1").setParameter(1, runId).getSingleResult();
        return stats(StoredJson.tree(json.toString()));
    }

    static PortfolioStats stats(JsonNode s) {
        List<String> names = PortfolioStats.NAMES;
        double[] m = new double[names.size()];
        for (int i = 2; i < names.size() - 1; i++) {
            JsonNode v = s.get(names.get(i));
            m[i] = v == null || v.isNull() ? Double.NaN : v.asDouble();
        }
        return new PortfolioStats(Instant.parse(s.get("start").asText()).getEpochSecond(), Instant.parse(s.get("end").asText()).getEpochSecond(),
                m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11], m[12], m[13], m[14], m[15], m[16],
                s.get("rebalances").asInt(), m[18], m[19], m[20], m[21], m[22], m[23], m[24], m[25], m[26], m[27],
                s.get("periods_per_year").asInt());
    }

    static LocalDate date(long epochSecond) {
        return LocalDate.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    static LocalDate localDate(Object o) {
        return o instanceof LocalDate d ? d : o instanceof Date d ? d.toLocalDate() : LocalDate.parse(o.toString());
    }
}
