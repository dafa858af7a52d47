package dev.backtest.sdk.persistence;

import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.testing.BothDatabases;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The schema's own guards, through plain JDBC on both H2 and PostgreSQL: each invalid row is
 * refused by the named constraint while the valid row next to it is stored, and the indexes the
 * queries rely on exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaConstraintsIT {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2024, 6, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    @RegisterExtension
    static final BothDatabases dbs = new BothDatabases();

    private Connection connect(DatabaseKind kind) throws SQLException {
        return dbs.get(kind).dataSource().getConnection();
    }

    /** Inserts one row; values are bound in column order. */
    private static void insert(Connection c, String table, Map<String, Object> row) throws SQLException {
        String sql = "INSERT INTO " + table + " (" + String.join(", ", row.keySet()) + ") VALUES ("
                + String.join(", ", row.keySet().stream().map(k -> "?").toList()) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object v : row.values()) {
                ps.setObject(i++, v);
            }
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private static UUID user(Connection c) throws SQLException {
        UUID id = UUID.randomUUID();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("email", "u-" + id + "@example.com");
        row.put("role", "authenticated");
        row.put("created_at", NOW);
        row.put("updated_at", NOW);
        insert(c, "users", row);
        return id;
    }

    private static Map<String, Object> backtestRow(UUID userId) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", UUID.randomUUID());
        row.put("user_id", userId);
        row.put("name", "bt");
        row.put("symbol", "BTC");
        row.put("timeframe", "1h");
        row.put("start_date", LocalDate.of(2024, 1, 1));
        row.put("end_date", LocalDate.of(2024, 12, 31));
        row.put("initial_capital", new BigDecimal("10000"));
        row.put("commission", new BigDecimal("0.001"));
        row.put("parameters", "{\"fast\":10}");
        row.put("status", "draft");
        row.put("cash", new BigDecimal("10000"));
        row.put("created_at", NOW);
        row.put("updated_at", NOW);
        return row;
    }

    private static UUID backtest(Connection c, UUID userId) throws SQLException {
        Map<String, Object> row = backtestRow(userId);
        insert(c, "backtests", row);
        return (UUID) row.get("id");
    }

    private static Map<String, Object> tradeRow(UUID userId, UUID backtestId) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", UUID.randomUUID());
        row.put("user_id", userId);
        row.put("backtest_id", backtestId);
        row.put("symbol", "BTC");
        row.put("side", "buy");
        row.put("quantity", new BigDecimal("0.5"));
        row.put("price", new BigDecimal("42000"));
        row.put("commission", new BigDecimal("21"));
        row.put("executed_at", NOW);
        row.put("created_at", NOW);
        row.put("updated_at", NOW);
        return row;
    }

    private static Map<String, Object> runRow(UUID userId, UUID backtestId) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", UUID.randomUUID());
        row.put("backtest_id", backtestId);
        row.put("user_id", userId);
        row.put("options", "{}");
        row.put("progress", 0);
        row.put("queued_at", NOW);
        row.put("created_at", NOW);
        row.put("updated_at", NOW);
        return row;
    }

    private static Map<String, Object> optimizationRow(UUID userId, UUID backtestId) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", UUID.randomUUID());
        row.put("user_id", userId);
        row.put("backtest_id", backtestId);
        row.put("status", "queued");
        row.put("request", "{\"grid\":[{\"name\":\"fast\",\"values\":[5,10]}],\"metric\":\"sharpe_ratio\",\"top\":5}");
        row.put("strategy", "sma_cross");
        row.put("parameters", "{\"fast\":10,\"slow\":30}");
        row.put("symbol", "BTC");
        row.put("timeframe", "1h");
        row.put("start_date", LocalDate.of(2024, 1, 1));
        row.put("end_date", LocalDate.of(2024, 12, 31));
        row.put("engine_options", "{\"cash\":10000.0}");
        row.put("metric", "sharpe_ratio");
        row.put("top_n", 5);
        row.put("grid_size", 2L);
        row.put("combinations", 2);
        row.put("chunk_count", 2);
        row.put("chunks_done", 0);
        row.put("queued_at", NOW);
        row.put("created_at", NOW);
        row.put("updated_at", NOW);
        return row;
    }

    private static Map<String, Object> strategyRow(UUID userId, String name) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", UUID.randomUUID());
        row.put("user_id", userId);
        row.put("name", name);
        row.put("type", "sma_cross");
        row.put("parameters", "{\"fast\":10,\"slow\":30}");
        row.put("created_at", NOW);
        row.put("updated_at", NOW);
        return row;
    }

    private static Map<String, Object> with(Map<String, Object> row, String column, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(row);
        copy.put(column, value);
        copy.put("id", UUID.randomUUID());
        return copy;
    }

    /** Fails with an integrity-constraint violation (SQLSTATE class 23) that names the constraint. */
    private static void assertViolates(String constraint, ThrowingCallable insert) {
        assertThatThrownBy(insert).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).as("SQLSTATE of %s", e.getMessage()).startsWith("23");
            assertThat(e.getMessage().toLowerCase(Locale.ROOT)).contains(constraint);
        });
    }

    private static void assertAccepted(ThrowingCallable insert) {
        assertThatCode(insert).doesNotThrowAnyException();
    }

    private static long count(Connection c, String table, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void unknownBacktestStatusIsRejected(DatabaseKind kind) throws SQLException {
        try (Connection c = connect(kind)) {
            Map<String, Object> valid = backtestRow(user(c));
            Map<String, Object> paused = with(valid, "status", "paused");
            Map<String, Object> upperCase = with(valid, "status", "COMPLETED");

            assertViolates("backtests_status_known", () -> insert(c, "backtests", paused));
            assertViolates("backtests_status_known", () -> insert(c, "backtests", upperCase));
            for (String status : List.of("draft", "queued", "running", "completed", "failed", "cancelled")) {
                assertAccepted(() -> insert(c, "backtests", with(valid, "status", status)));
            }
            assertThat(count(c, "backtests", (UUID) paused.get("id"))).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void endDateBeforeStartDateIsRejected(DatabaseKind kind) throws SQLException {
        try (Connection c = connect(kind)) {
            Map<String, Object> valid = backtestRow(user(c));

            assertViolates("backtests_dates_ordered",
                    () -> insert(c, "backtests", with(valid, "end_date", LocalDate.of(2023, 12, 31))));
            assertAccepted(() -> insert(c, "backtests", with(valid, "end_date", LocalDate.of(2024, 1, 1))));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void nonPositiveInitialCapitalIsRejected(DatabaseKind kind) throws SQLException {
        try (Connection c = connect(kind)) {
            Map<String, Object> valid = backtestRow(user(c));

            assertViolates("backtests_capital_positive", () -> insert(c, "backtests", with(valid, "initial_capital", BigDecimal.ZERO)));
            assertViolates("backtests_capital_positive",
                    () -> insert(c, "backtests", with(valid, "initial_capital", new BigDecimal("-100"))));
            assertAccepted(() -> insert(c, "backtests", with(valid, "initial_capital", new BigDecimal("0.00000001"))));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void commissionOutsideZeroToTenPercentIsRejected(DatabaseKind kind) throws SQLException {
        try (Connection c = connect(kind)) {
            Map<String, Object> valid = backtestRow(user(c));

            assertViolates("backtests_commission_range", () -> insert(c, "backtests", with(valid, "commission", new BigDecimal("0.1"))));
            assertViolates("backtests_commission_range", () -> insert(c, "backtests", with(valid, "commission", new BigDecimal("0.5"))));
            assertViolates("backtests_commission_range",
                    () -> insert(c, "backtests", with(valid, "commission", new BigDecimal("-0.0001"))));
            assertAccepted(() -> insert(c, "backtests", with(valid, "commission", new BigDecimal("0.0999999999"))));
            assertAccepted(() -> insert(c, "backtests", with(valid, "commission", BigDecimal.ZERO)));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void backtestOfUnknownUserIsRejected(DatabaseKind kind) throws SQLException {
        try (Connection c = connect(kind)) {
            UUID stranger = UUID.randomUUID();
            Map<String, Object> orphan = backtestRow(stranger);

            assertThatThrownBy(() -> insert(c, "backtests", orphan)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo(kind == DatabaseKind.POSTGRESQL ? "23503" : "23506"));
            assertAccepted(() -> insert(c, "backtests", backtestRow(user(c))));
            assertThat(count(c, "backtests", (UUID) orphan.get("id"))).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void tradeSideOtherThanBuyOrSellIsRejected(DatabaseKind kind) throws SQLException {
        try (Connection c = connect(kind)) {
            UUID u = user(c);
            Map<String, Object> valid = tradeRow(u, backtest(c, u));

            assertViolates("trades_side_known", () -> insert(c, "trades", with(valid, "side", "hold")));
            assertViolates("trades_side_known", () -> insert(c, "trades", with(valid, "side", "BUY")));
            assertAccepted(() -> insert(c, "trades", with(valid, "side", "buy")));
            assertAccepted(() -> insert(c, "trades", with(valid, "side", "sell")));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void zeroOrNegativeTradeQuantityIsRejected(DatabaseKind kind) throws SQLException {
        try (Connection c = connect(kind)) {
            UUID u = user(c);
            Map<String, Object> valid = tradeRow(u, backtest(c, u));

            assertViolates("trades_quantity_positive", () -> insert(c, "trades", with(valid, "quantity", BigDecimal.ZERO)));
            assertViolates("trades_quantity_positive", () -> insert(c, "trades", with(valid, "quantity", new BigDecimal("-1"))));
            assertAccepted(() -> insert(c, "trades", with(valid, "quantity", new BigDecimal("0.0000000001"))));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void runProgressOutsideZeroToHundredIsRejected(DatabaseKind kind) throws SQLException {
        try (Connection c = connect(kind)) {
            UUID u = user(c);
            Map<String, Object> valid = runRow(u, backtest(c, u));

            assertViolates("backtest_runs_progress_range", () -> insert(c, "backtest_runs", with(valid, "progress", 101)));
            assertViolates("backtest_runs_progress_range", () -> insert(c, "backtest_runs", with(valid, "progress", -1)));
            assertAccepted(() -> insert(c, "backtest_runs", with(valid, "progress", 100)));
            assertAccepted(() -> insert(c, "backtest_runs", with(valid, "progress", 0)));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void strategyNameIsUniquePerUserAmongLiveRows(DatabaseKind kind) throws SQLException {
        try (Connection c = connect(kind)) {
            UUID alice = user(c);
            UUID bob = user(c);
            Map<String, Object> first = strategyRow(alice, "SMA 10/30");
            insert(c, "strategies", first);

            assertViolates("strategies_user_live_name_uq", () -> insert(c, "strategies", strategyRow(alice, "SMA 10/30")));
            assertAccepted(() -> insert(c, "strategies", strategyRow(alice, "SMA 10/31")));
            assertAccepted(() -> insert(c, "strategies", strategyRow(bob, "SMA 10/30")));

            try (PreparedStatement ps = c.prepareStatement("UPDATE strategies SET deleted_at = ? WHERE id = ?")) {
                ps.setObject(1, NOW.plusHours(1));
                ps.setObject(2, first.get("id"));
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            Map<String, Object> reborn = strategyRow(alice, "SMA 10/30");
            assertAccepted(() -> insert(c, "strategies", reborn));
            // the deleted row does not block, but the new live one does again
            assertViolates("strategies_user_live_name_uq", () -> insert(c, "strategies", strategyRow(alice, "SMA 10/30")));
            // undeleting the first would make two live rows with one name
            assertViolates("strategies_user_live_name_uq", () -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE strategies SET deleted_at = NULL WHERE id = ?")) {
                    ps.setObject(1, first.get("id"));
                    ps.executeUpdate();
                }
            });
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void optimizationStatusProgressAndResultAreGuarded(DatabaseKind kind) throws SQLException {
        try (Connection c = connect(kind)) {
            UUID u = user(c);
            Map<String, Object> valid = optimizationRow(u, backtest(c, u));

            assertViolates("optimizations_status_known", () -> insert(c, "optimizations", with(valid, "status", "paused")));
            assertViolates("optimizations_chunks_range", () -> insert(c, "optimizations", with(valid, "chunks_done", 3)));
            assertViolates("optimizations_evaluated_range", () -> insert(c, "optimizations", with(valid, "evaluated", 3)));
            assertViolates("optimizations_sizes_consistent", () -> insert(c, "optimizations", with(valid, "combinations", 3)));
            assertViolates("optimizations_completed_has_result", () -> insert(c, "optimizations", with(valid, "status", "completed")));
            Map<String, Object> completed = with(with(valid, "status", "completed"), "result", "{\"results\":[]}");
            assertAccepted(() -> insert(c, "optimizations", completed));
            Map<String, Object> chunk = new LinkedHashMap<>();
            chunk.put("id", UUID.randomUUID());
            chunk.put("optimization_id", completed.get("id"));
            chunk.put("seq", 0);
            chunk.put("first_combination", 0);
            chunk.put("combination_count", 2);
            chunk.put("combinations", "[{\"fast\":5},{\"fast\":10}]");
            chunk.put("created_at", NOW);
            chunk.put("updated_at", NOW);
            assertViolates("optimization_chunks_status_known", () -> insert(c, "optimization_chunks", with(chunk, "status", "done")));
            assertViolates("optimization_chunks_evaluated_range", () -> insert(c, "optimization_chunks", with(chunk, "evaluated", 3)));
            assertAccepted(() -> insert(c, "optimization_chunks", chunk));
            assertViolates("optimization_chunks_seq_unique", () -> insert(c, "optimization_chunks", with(chunk, "first_combination", 2)));
        }
    }

    /** Index name to its columns in order, for one table. */
    private static Map<String, List<String>> indexes(Connection c, String table) throws SQLException {
        Map<String, TreeMap<Short, String>> byName = new TreeMap<>();
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getIndexInfo(c.getCatalog(), c.getSchema(), table, false, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (name == null || column == null) {
                    continue;
                }
                byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new TreeMap<>())
                        .put(rs.getShort("ORDINAL_POSITION"), column.toLowerCase(Locale.ROOT));
            }
        }
        Map<String, List<String>> out = new TreeMap<>();
        byName.forEach((name, columns) -> out.put(name, new ArrayList<>(columns.values())));
        return out;
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void queriesHaveTheirIndexes(DatabaseKind kind) throws SQLException {
        try (Connection c = connect(kind)) {
            assertThat(indexes(c, "backtests"))
                    .containsEntry("backtests_user_created_idx", List.of("user_id", "created_at"))
                    .containsEntry("backtests_user_name_idx", List.of("user_id", "name"))
                    .containsEntry("backtests_user_status_idx", List.of("user_id", "status"))
                    .containsEntry("backtests_strategy_idx", List.of("strategy_id"));
            assertThat(indexes(c, "trades"))
                    .containsEntry("trades_backtest_executed_idx", List.of("backtest_id", "executed_at"))
                    .containsEntry("trades_user_created_idx", List.of("user_id", "created_at"));
            assertThat(indexes(c, "backtest_runs"))
                    .containsEntry("backtest_runs_status_queued_idx", List.of("status", "queued_at"))
                    .containsEntry("backtest_runs_backtest_created_idx", List.of("backtest_id", "created_at"))
                    .containsEntry("backtest_runs_user_created_idx", List.of("user_id", "created_at"));
            assertThat(indexes(c, "strategies")).containsKey("strategies_user_live_name_uq");
            assertThat(indexes(c, "optimizations"))
                    .containsEntry("optimizations_backtest_created_idx", List.of("backtest_id", "created_at"))
                    .containsEntry("optimizations_user_created_idx", List.of("user_id", "created_at"))
                    .containsEntry("optimizations_status_queued_idx", List.of("status", "queued_at"));
            assertThat(indexes(c, "optimization_chunks"))
                    .containsEntry("optimization_chunks_status_idx", List.of("optimization_id", "status"));
            assertThat(indexes(c, "scheduled_tasks"))
                    .containsEntry("execution_time_idx", List.of("execution_time"))
                    .containsEntry("last_heartbeat_idx", List.of("last_heartbeat"));
            assertThat(indexes(c, "audit_events"))
                    .containsEntry("audit_events_user_time_idx", List.of("user_id", "occurred_at"))
                    .containsEntry("audit_events_time_idx", List.of("occurred_at"));
            assertThat(indexes(c, "data_tasks"))
                    .containsEntry("data_tasks_status_created_idx", List.of("status", "created_at"))
                    .containsEntry("data_tasks_user_created_idx", List.of("user_id", "created_at"))
                    .containsEntry("data_tasks_finished_idx", List.of("finished_at"));
        }
    }

    private static Map<String, Object> dataTaskRow(UUID userId) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", UUID.randomUUID());
        row.put("kind", "refresh");
        row.put("status", "running");
        row.put("user_id", userId);
        row.put("symbols", "BTC,SPY");
        row.put("progress", 50);
        row.put("bars_written", 1_440L);
        row.put("objects_written", 1);
        row.put("cancel_requested", false);
        row.put("created_at", NOW);
        row.put("started_at", NOW);
        return row;
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void dataTasksKnowTheirKindsStatusesAndProgressAndNeedNoUser(DatabaseKind kind) throws SQLException {
        try (Connection c = connect(kind)) {
            Map<String, Object> scheduled = dataTaskRow(null);
            assertAccepted(() -> insert(c, "data_tasks", scheduled));
            assertAccepted(() -> insert(c, "data_tasks", with(with(scheduled, "user_id", UUID.randomUUID()), "kind", "import")));
            for (String status : List.of("queued", "running", "completed", "failed", "cancelled")) {
                assertAccepted(() -> insert(c, "data_tasks", with(scheduled, "status", status)));
            }
            assertViolates("data_tasks_kind_known", () -> insert(c, "data_tasks", with(scheduled, "kind", "run")));
            assertViolates("data_tasks_kind_known", () -> insert(c, "data_tasks", with(scheduled, "kind", "REFRESH")));
            assertViolates("data_tasks_status_known", () -> insert(c, "data_tasks", with(scheduled, "status", "paused")));
            assertAccepted(() -> insert(c, "data_tasks", with(scheduled, "progress", 0)));
            assertAccepted(() -> insert(c, "data_tasks", with(scheduled, "progress", 100)));
            assertViolates("data_tasks_progress_range", () -> insert(c, "data_tasks", with(scheduled, "progress", 101)));
            assertViolates("data_tasks_progress_range", () -> insert(c, "data_tasks", with(scheduled, "progress", -1)));
            assertViolates("data_tasks_counts_range", () -> insert(c, "data_tasks", with(scheduled, "bars_written", -1L)));
            assertViolates("data_tasks_finished_after_created", () -> insert(c, "data_tasks",
                    with(scheduled, "finished_at", NOW.minusSeconds(1))));
            assertAccepted(() -> insert(c, "data_tasks", with(with(scheduled, "status", "failed"), "error_message", "e".repeat(2000))));
            assertThatThrownBy(() -> insert(c, "data_tasks", with(scheduled, "error_message", "e".repeat(2001))))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> insert(c, "data_tasks", with(scheduled, "symbols", "S".repeat(2001))))
                    .isInstanceOf(SQLException.class);
            for (String required : List.of("kind", "status", "created_at")) {
                assertThatThrownBy(() -> insert(c, "data_tasks", with(scheduled, required, null))).as(required)
                        .isInstanceOf(SQLException.class);
            }
        }
    }

    private static Map<String, Object> reportRow(UUID userId, UUID backtestId, UUID runId) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", UUID.randomUUID());
        row.put("user_id", userId);
        row.put("type", "period_returns");
        row.put("title", "BTC by month");
        row.put("backtest_id", backtestId);
        row.put("run_id", runId);
        row.put("start_date", java.time.LocalDate.of(2024, 1, 1));
        row.put("end_date", java.time.LocalDate.of(2024, 12, 31));
        row.put("source_fingerprint", "ab".repeat(32));
        row.put("content_version", 1);
        row.put("content", "{\"monthly\":[]}");
        row.put("created_at", NOW);
        row.put("updated_at", NOW);
        return row;
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void reportsKnowTheirTypesSourcesAndPeriods(DatabaseKind kind) throws SQLException {
        try (Connection c = connect(kind)) {
            UUID u = user(c);
            Map<String, Object> backtest = backtestRow(u);
            insert(c, "backtests", backtest);
            Map<String, Object> run = runRow(u, (UUID) backtest.get("id"));
            insert(c, "backtest_runs", run);
            Map<String, Object> valid = reportRow(u, (UUID) backtest.get("id"), (UUID) run.get("id"));
            assertAccepted(() -> insert(c, "reports", valid));
            assertAccepted(() -> insert(c, "reports", with(valid, "type", "backtest_summary")));
            assertViolates("reports_type_known", () -> insert(c, "reports", with(valid, "type", "monthly")));
            assertViolates("reports_backtest_source", () -> insert(c, "reports", with(valid, "run_id", null)));
            assertViolates("reports_backtest_source", () -> insert(c, "reports", with(valid, "backtest_id", null)));
            // the index product's reports name an index and its run instead (V9)
            assertViolates("reports_index_source", () -> insert(c, "reports", with(with(with(valid, "type", "index_performance"),
                    "backtest_id", null), "run_id", null)));
            assertThatThrownBy(() -> insert(c, "reports", with(with(with(with(valid, "type", "index_performance"), "backtest_id", null),
                    "index_id", UUID.randomUUID()), "index_run_id", UUID.randomUUID()))).isInstanceOf(SQLException.class);
            assertViolates("reports_dates_ordered", () -> insert(c, "reports", with(valid, "end_date", java.time.LocalDate.of(2023, 12, 31))));
            assertViolates("reports_content_version_positive", () -> insert(c, "reports", with(valid, "content_version", 0)));
            assertThatThrownBy(() -> insert(c, "reports", with(valid, "run_id", UUID.randomUUID()))).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> insert(c, "reports", with(valid, "title", "t".repeat(201)))).isInstanceOf(SQLException.class);
            for (String required : List.of("user_id", "type", "title", "start_date", "end_date", "source_fingerprint", "content")) {
                assertThatThrownBy(() -> insert(c, "reports", with(valid, required, null))).as(required).isInstanceOf(SQLException.class);
            }
        }
    }

    private static Map<String, Object> auditRow(UUID userId, String actorKind) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", UUID.randomUUID());
        row.put("occurred_at", NOW);
        row.put("user_id", userId);
        row.put("actor_kind", actorKind);
        row.put("action", "strategy.update");
        row.put("resource_type", "strategy");
        row.put("resource_id", UUID.randomUUID().toString());
        row.put("request_id", "req-1");
        row.put("changed_fields", "name,description");
        return row;
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void auditEventsKnowTheirActorKindsAndNeedNoUser(DatabaseKind kind) throws SQLException {
        try (Connection c = connect(kind)) {
            for (String actor : List.of("user", "admin", "admin_token")) {
                Map<String, Object> valid = auditRow(UUID.randomUUID(), actor);
                assertAccepted(() -> insert(c, "audit_events", valid));
            }
            // no foreign key: the machine credential has no user, and an event outlives the user's rows
            Map<String, Object> machine = auditRow(null, "admin_token");
            machine.put("resource_id", null);
            machine.put("request_id", null);
            machine.put("changed_fields", null);
            assertAccepted(() -> insert(c, "audit_events", machine));
            assertViolates("audit_events_actor_kind_known", () -> insert(c, "audit_events", with(machine, "actor_kind", "robot")));
            assertViolates("audit_events_actor_kind_known", () -> insert(c, "audit_events", with(machine, "actor_kind", "ADMIN")));
            for (String required : List.of("occurred_at", "actor_kind", "action", "resource_type")) {
                assertThatThrownBy(() -> insert(c, "audit_events", with(machine, required, null))).as(required)
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23502"));
            }
            // as long as the API allows, no longer: a request id of 101 characters does not fit
            assertAccepted(() -> insert(c, "audit_events", with(machine, "request_id", "r".repeat(100))));
            assertThatThrownBy(() -> insert(c, "audit_events", with(machine, "request_id", "r".repeat(101))))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22001"));
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void theUsersAuditIndexListsNewestFirst(DatabaseKind kind) throws SQLException {
        try (Connection c = connect(kind);
             ResultSet rs = c.getMetaData().getIndexInfo(c.getCatalog(), c.getSchema(), "audit_events", false, false)) {
            Map<String, String> order = new TreeMap<>();
            while (rs.next()) {
                if ("audit_events_user_time_idx".equalsIgnoreCase(rs.getString("INDEX_NAME"))) {
                    order.put(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), rs.getString("ASC_OR_DESC"));
                }
            }
            assertThat(order).containsEntry("user_id", "A").containsEntry("occurred_at", "D");
        }
    }

    @Test
    void postgresqlRefusesToUpdateAnAuditEventButLetsTheRetentionPurgeDeleteIt() throws SQLException {
        try (Connection c = connect(DatabaseKind.POSTGRESQL)) {
            Map<String, Object> row = auditRow(UUID.randomUUID(), "admin");
            insert(c, "audit_events", row);
            UUID id = (UUID) row.get("id");
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_events SET action = 'strategy.delete' WHERE id = ?")) {
                ps.setObject(1, id);
                assertThatThrownBy(ps::executeUpdate).isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("55000");
                    assertThat(e.getMessage()).contains("append-only");
                });
            }
            assertThat(count(c, "audit_events", id)).isEqualTo(1);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM audit_events WHERE id = ?")) {
                ps.setObject(1, id);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void scheduledTasksIsKeyedByTaskNameAndInstance(DatabaseKind kind) throws SQLException {
        try (Connection c = connect(kind)) {
            TreeMap<Short, String> key = new TreeMap<>();
            try (ResultSet rs = c.getMetaData().getPrimaryKeys(c.getCatalog(), c.getSchema(), "scheduled_tasks")) {
                while (rs.next()) {
                    key.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            assertThat(key.values()).containsExactly("task_name", "task_instance");

            Map<String, Object> task = new LinkedHashMap<>();
            task.put("task_name", "run-backtest");
            task.put("task_instance", UUID.randomUUID().toString());
            task.put("execution_time", NOW);
            task.put("picked", false);
            task.put("version", 1L);
            insert(c, "scheduled_tasks", task);
            Map<String, Object> otherTask = new LinkedHashMap<>(task);
            otherTask.put("task_name", "optimize");
            assertAccepted(() -> insert(c, "scheduled_tasks", otherTask));
            assertThatThrownBy(() -> insert(c, "scheduled_tasks", task)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("23505"));
        }
    }
}
