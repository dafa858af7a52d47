package dev.backtest.sdk.config;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The settings of a deployment: authentication mode and its refusal, admins, headers, .env, start-up retries. */
class ProductionSettingsTest {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-characters";

    private static BacktestConfig.Builder isolated() {
        return BacktestConfig.builder().ignoreEnvironment();
    }

    @Test
    void theEmbeddedDefaultsKeepDevelopmentModeAndItsDefaults() {
        BacktestConfig c = isolated().build();
        assertThat(c.authMode()).isEqualTo(BacktestConfig.AuthMode.DEVELOPMENT);
        assertThatCode(c::requireSafeAuthentication).doesNotThrowAnyException();
        assertThat(c.appEnv()).isEqualTo("development");
        assertThat(c.hstsMaxAgeSeconds()).isEqualTo(31_536_000);
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.dbConnectRetries()).isEqualTo(30);
        assertThat(c.dbBaselineOnMigrate()).isFalse();
        assertThat(c.auditRetentionDays()).isEqualTo(365);
        assertThat(c.adminUserIds()).isEmpty();
        assertThat(c.adminToken()).isEmpty();
    }

    @Test
    void aRealDatabaseOrStoreWithoutTokenKeysIsRefusedNamingTheKeys() {
        for (BacktestConfig c : List.of(isolated().databaseUrl("postgresql://u:p@127.0.0.1:5432/db").build(),
                isolated().minio("127.0.0.1:9000", "a", "b").build())) {
            BacktestException e = catchThrowableOfType(BacktestException.class, c::requireSafeAuthentication);
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
            assertThat(e.getMessage()).contains("SUPABASE_JWT_SECRET").contains("SUPABASE_JWKS_URL").contains("AUTH_MODE=development")
                    .doesNotContain("u:p");
            assertThat(c.appEnv()).isEqualTo("production");
        }
    }

    @Test
    void developmentModeOnARealDatabaseMustBeSaidExplicitly() {
        BacktestConfig c = isolated().databaseUrl("postgresql://u:p@127.0.0.1:5432/db").set(ConfigKey.AUTH_MODE, "development").build();
        assertThatCode(c::requireSafeAuthentication).doesNotThrowAnyException();
        assertThat(c.authDisabled()).isTrue();
        // ... and it wins over configured keys too
        assertThat(isolated().set(ConfigKey.SUPABASE_JWT_SECRET, SECRET).set(ConfigKey.AUTH_MODE, "DEVELOPMENT").build().authDisabled())
                .isTrue();
    }

    @Test
    void tokenModeNeedsAKeyAndKeysMeanTokenMode() {
        BacktestConfig withoutKey = isolated().set(ConfigKey.AUTH_MODE, "token").build();
        assertThatThrownBy(withoutKey::requireSafeAuthentication).hasMessageContaining("AUTH_MODE=token needs a key");
        BacktestConfig withKey = isolated().databaseUrl("postgresql://u:p@127.0.0.1:5432/db").set(ConfigKey.SUPABASE_JWT_SECRET, SECRET).build();
        assertThat(withKey.authMode()).isEqualTo(BacktestConfig.AuthMode.TOKEN);
        assertThatCode(withKey::requireSafeAuthentication).doesNotThrowAnyException();
        assertThatThrownBy(() -> isolated().set(ConfigKey.AUTH_MODE, "none").build())
                .hasMessageContaining("AUTH_MODE: 'none' is not valid; accepted: token or development");
    }

    @Test
    void adminsByIdAndAnAdminTokenOfAtLeast32Characters() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        BacktestConfig c = isolated().set(ConfigKey.ADMIN_USER_IDS, a + ", " + b + ",").set(ConfigKey.ADMIN_TOKEN, SECRET).build();
        assertThat(c.adminUserIds()).containsExactly(a, b);
        assertThat(c.adminToken()).contains(SECRET);
        assertThatThrownBy(() -> isolated().set(ConfigKey.ADMIN_USER_IDS, a + ",not-a-uuid").build()).hasMessageContaining("ADMIN_USER_IDS");
        BacktestException shortToken = catchThrowableOfType(BacktestException.class,
                () -> isolated().set(ConfigKey.ADMIN_TOKEN, "short-token").build());
        assertThat(shortToken.getMessage()).contains("ADMIN_TOKEN").contains("at least 32 characters").doesNotContain("short-token");
    }

    @Test
    void theFrontendOriginJoinsTheCorsOriginsOnce() {
        BacktestConfig c = isolated().set(ConfigKey.CORS_ORIGINS, "https://a.example.com").set(ConfigKey.FRONTEND_URL, "https://app.example.com/")
                .build();
        assertThat(c.corsOrigins()).containsExactly("https://a.example.com", "https://app.example.com");
        assertThat(isolated().set(ConfigKey.CORS_ORIGINS, "https://app.example.com").set(ConfigKey.FRONTEND_URL, "https://app.example.com")
                .build().corsOrigins()).containsExactly("https://app.example.com");
        assertThatThrownBy(() -> isolated().set(ConfigKey.FRONTEND_URL, "javascript:alert(1)").build()).hasMessageContaining("FRONTEND_URL");
    }

    @Test
    void rangesOfTheNewNumbers() {
        assertThat(isolated().set(ConfigKey.HSTS_MAX_AGE, "0").build().hstsMaxAgeSeconds()).isZero();
        assertThatThrownBy(() -> isolated().set(ConfigKey.PORT, "70000").build()).hasMessageContaining("PORT");
        assertThatThrownBy(() -> isolated().set(ConfigKey.DB_CONNECT_RETRIES, "-1").build()).hasMessageContaining("DB_CONNECT_RETRIES");
        assertThatThrownBy(() -> isolated().set(ConfigKey.AUDIT_RETENTION_DAYS, "0").build()).hasMessageContaining("AUDIT_RETENTION_DAYS");
        assertThatThrownBy(() -> isolated().set(ConfigKey.APP_ENV, "Prod Env").build()).hasMessageContaining("APP_ENV");
        assertThat(isolated().set(ConfigKey.APP_ENV, "staging").build().appEnv()).isEqualTo("staging");
        assertThat(isolated().set(ConfigKey.DB_BASELINE_ON_MIGRATE, "true").build().dbBaselineOnMigrate()).isTrue();
    }

    @Test
    void aDotEnvFileIsReadBelowEnvironmentAndSystemProperties(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".env");
        Files.writeString(file, String.join("\n",
                "# a comment",
                "",
                "export LOG_LEVEL=debug",
                "APP_ENV=from-dotenv   # trailing comment",
                "RATE_LIMIT_PER_SECOND='7'",
                "SUPABASE_JWT_SECRET=\"quoted \\\"secret\\\" of at least thirty-two chars\"",
                "DB_POOL_MAX = 12"));
        DotEnv env = DotEnv.read(file);
        assertThat(env.values()).containsEntry("LOG_LEVEL", "debug").containsEntry("APP_ENV", "from-dotenv")
                .containsEntry("RATE_LIMIT_PER_SECOND", "7").containsEntry("DB_POOL_MAX", "12")
                .containsEntry("SUPABASE_JWT_SECRET", "quoted \"secret\" of at least thirty-two chars");
        assertThat(env.toString()).doesNotContain("secret");

        Map<String, String> environment = Map.of("APP_ENV", "from-environment");
        Map<String, String> properties = Map.of("DB_POOL_MAX", "20");
        BacktestConfig c = BacktestConfig.builder()
                .lookups(k -> Optional.ofNullable(properties.get(k)), k -> Optional.ofNullable(environment.get(k)), env.lookup())
                .build();
        assertThat(c.appEnv()).as("environment over .env").isEqualTo("from-environment");
        assertThat(c.dbPoolMax()).as("system property over .env").isEqualTo(20);
        assertThat(c.logLevel()).as(".env when nothing else says").isEqualTo("DEBUG");
        assertThat(c.rateLimitPerSecond()).isEqualTo(7);
        assertThat(DotEnv.read(dir.resolve("missing.env")).values()).isEmpty();
    }

    @Test
    void aMalformedDotEnvLineIsRefusedWithoutEchoingIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".env");
        Files.writeString(file, "LOG_LEVEL=INFO\nthis line has a password=hunter2 in it\n");
        BacktestException e = catchThrowableOfType(BacktestException.class, () -> DotEnv.read(file));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("line 2").doesNotContain("hunter2");
    }

    @Test
    void theExampleFileListsEveryKeyWithItsForm() throws Exception {
        Path example = Path.of("..", ".env.example");
        String text = Files.readString(example);
        Arrays.stream(ConfigKey.values()).forEach(k -> {
            assertThat(text).as(k.name()).contains("# " + k.name() + "=");
            assertThat(text).as(k.name() + "'s form").contains("# " + k.acceptedForm());
        });
        assertThat(DotEnv.parse(".env.example", Files.readAllLines(example)).values()).as("everything commented out").isEmpty();
    }
}
