package dev.backtest.sdk.asset;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.audit.Actor;
import dev.backtest.sdk.audit.AuditEvent;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Assets and market caps on PostgreSQL and H2: everyone reads, only an administrator (or the admin token) writes,
 * every field is validated, market caps come from CSV or Parquet files, and each write is audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssetServiceIT {

    @TempDir
    static Path dir;
    private final Map<DatabaseKind, BacktestClient> clients = new EnumMap<>(DatabaseKind.class);
    private final List<String> schemas = new ArrayList<>();

    @BeforeAll
    void open() {
        String pg = TestDatabases.freshPostgresSchema();
        schemas.add(pg);
        clients.put(DatabaseKind.POSTGRESQL, client(pg));
        clients.put(DatabaseKind.H2, client(TestDatabases.freshH2()));
    }

    private static BacktestClient client(String url) {
        return BacktestClient.builder().ignoreEnvironment().embedded(dir).databaseUrl(url).set(ConfigKey.BACKTEST_WORKERS, "0").build();
    }

    @AfterAll
    void close() {
        clients.values().forEach(BacktestClient::close);
        schemas.forEach(TestDatabases::dropSchema);
    }

    private static BacktestException thrown(Runnable call) {
        return catchThrowableOfType(BacktestException.class, call::run);
    }

    private static List<String> fields(BacktestException e) {
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        @SuppressWarnings("unchecked")
        List<FieldError> errors = (List<FieldError>) e.details().get("errors");
        return errors.stream().map(FieldError::field).toList();
    }

    private static String symbol() {
        return "T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void onlyAdministratorsWrite(DatabaseKind kind) {
        BacktestClient c = clients.get(kind);
        UUID me = UUID.randomUUID();
        String s = symbol();
        AssetInput in = new AssetInput(s, "Test asset", "equity", "Tech", "USD", "XNAS", null);
        for (AssetService notAdmin : List.of(c.assets(), c.as(Actor.user(me)).assets())) {
            assertThat(thrown(() -> notAdmin.create(in)).code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(thrown(() -> notAdmin.update(s, in)).code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(thrown(() -> notAdmin.delete(s)).code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(thrown(() -> notAdmin.importMarketCaps(s, dir.resolve("x.csv"))).code()).isEqualTo(ErrorCode.FORBIDDEN);
        }
        UUID adminId = UUID.randomUUID();
        AssetService admin = c.as(Actor.admin(adminId, "req-assets")).assets();
        AssetView created = admin.create(in);
        assertThat(created.symbol()).isEqualTo(s);
        assertThat(created.assetClass()).isEqualTo(AssetClass.EQUITY);
        assertThat(created.active()).isTrue();
        assertThat(c.assets().get(s)).isEqualTo(created);
        assertThat(c.assets().list(PageRequest.first(200)).items()).contains(created);
        assertThat(thrown(() -> admin.create(in)).code()).isEqualTo(ErrorCode.DUPLICATE_NAME);

        AssetView changed = c.as(Actor.adminToken("req-2")).assets().update(s, new AssetInput(null, "Renamed", "index", null, "EUR",
                null, false));
        assertThat(changed.name()).isEqualTo("Renamed");
        assertThat(changed.assetClass()).isEqualTo(AssetClass.INDEX);
        assertThat(changed.currency()).isEqualTo("EUR");
        assertThat(changed.sector()).isEqualTo("Tech");
        assertThat(changed.active()).isFalse();

        admin.delete(s);
        assertThat(thrown(() -> c.assets().get(s)).code()).isEqualTo(ErrorCode.ASSET_NOT_FOUND);
        assertThat(thrown(() -> admin.delete(s)).code()).isEqualTo(ErrorCode.ASSET_NOT_FOUND);
        assertThat(thrown(() -> admin.update(s, in)).code()).isEqualTo(ErrorCode.ASSET_NOT_FOUND);
        assertThat(thrown(() -> c.assets().marketCaps(s, null, null)).code()).isEqualTo(ErrorCode.ASSET_NOT_FOUND);

        List<AuditEvent> events = c.audit().listAll(dev.backtest.sdk.audit.AuditFilter.parse("asset", null, null), PageRequest.first(50))
                .items().stream().filter(e -> s.equals(e.resourceId())).toList();
        assertThat(events).extracting(AuditEvent::action).containsExactlyInAnyOrder("asset.create", "asset.update", "asset.delete");
        assertThat(events).filteredOn(e -> e.action().equals("asset.update")).singleElement()
                .satisfies(e -> assertThat(e.changedFields()).containsExactlyInAnyOrder("name", "asset_class", "currency", "active"));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void everyFieldIsValidated(DatabaseKind kind) {
        AssetService admin = clients.get(kind).as(Actor.adminToken(null)).assets();
        assertThat(fields(thrown(() -> admin.create(null)))).containsExactly("symbol", "name", "asset_class");
        assertThat(fields(thrown(() -> admin.create(new AssetInput("bad symbol", "x".repeat(201), "stock", "s".repeat(101), "U$D",
                "e".repeat(65), true))))).containsExactly("symbol", "name", "asset_class", "sector", "exchange", "currency");
        String s = symbol();
        admin.create(new AssetInput(s, "Ok", "crypto", null, null, null, null));
        assertThat(fields(thrown(() -> admin.update(s, new AssetInput("OTHER", " ", "bond", null, null, null, null)))))
                .containsExactly("symbol", "name", "asset_class");
        assertThat(fields(thrown(() -> admin.marketCaps(s, LocalDate.of(2024, 2, 1), LocalDate.of(2024, 1, 1)))))
                .containsExactly("end_date");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void marketCapsComeFromCsvAndParquet(DatabaseKind kind) throws Exception {
        BacktestClient c = clients.get(kind);
        AssetService admin = c.as(Actor.admin(UUID.randomUUID(), null)).assets();
        String s = symbol();
        admin.create(new AssetInput(s, "Caps", "crypto", null, "USD", null, true));
        Path csv = dir.resolve(s + ".csv");
        Files.writeString(csv, "date,market_cap\n2024-01-01,100.5\n2024-01-02,101\n2024-01-02T18:00:00,102\n2024-01-03,103\n");
        MarketCapImport r = admin.importMarketCaps(s, csv);
        assertThat(r).isEqualTo(new MarketCapImport(s, 3, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3)));
        assertThat(c.assets().marketCaps(s, null, null)).containsExactly(new MarketCap(LocalDate.of(2024, 1, 1), new BigDecimal("100.5")),
                new MarketCap(LocalDate.of(2024, 1, 2), new BigDecimal("102")), new MarketCap(LocalDate.of(2024, 1, 3), new BigDecimal("103")));

        Path parquet = dir.resolve(s + ".parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("COPY (SELECT TIMESTAMP '2024-01-03 00:00:00' + INTERVAL (i) DAY AS time, 200.0 + i AS market_cap"
                    + " FROM range(3) t(i)) TO '" + parquet.toAbsolutePath() + "' (FORMAT PARQUET)");
        }
        assertThat(admin.importMarketCaps(s, parquet).rows()).isEqualTo(3);
        assertThat(c.assets().marketCaps(s, LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 4))).extracting(MarketCap::value)
                .containsExactly(new BigDecimal("102"), new BigDecimal("200"), new BigDecimal("201"));

        Path bad = dir.resolve(s + "-bad.csv");
        Files.writeString(bad, "date,market_cap\n2024-01-01,-1\n");
        BacktestException e = thrown(() -> admin.importMarketCaps(s, bad));
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(e.getMessage()).contains("row 1");
        assertThat(fields(thrown(() -> admin.importMarketCaps(s, dir.resolve("caps.xlsx"))))).containsExactly("file");
        Path notParquet = dir.resolve(s + "-not.parquet");
        Files.writeString(notParquet, "nope");
        assertThat(thrown(() -> admin.importMarketCaps(s, notParquet)).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(thrown(() -> admin.importMarketCaps(s, dir.resolve("missing.parquet"))).code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(thrown(() -> admin.importMarketCaps("NOPE", csv)).code()).isEqualTo(ErrorCode.ASSET_NOT_FOUND);
        assertThat(AssetClass.fromWire("fx")).isEqualTo(AssetClass.FX);
    }
}
