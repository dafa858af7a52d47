package dev.backtest.server;

import dev.backtest.server.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** A malformed setting stops the uber-jar at start-up with an error naming the key and the accepted form. */
class StartupFailureIT {

    @Test
    void malformedSettingEndsTheProcessNamingKeyAndAcceptedForm(@TempDir Path dir) {
        try (ServerProcess server = ServerProcess.launch("bad-config", dir, Map.of("DB_POOL_MAX", "lots"))) {
            OptionalInt exit = server.awaitExit(Duration.ofSeconds(180));
            assertThat(exit).as("the process ends by itself").isPresent();
            assertThat(exit.getAsInt()).isNotZero();
            assertThat(server.log()).contains("DB_POOL_MAX: 'lots' is not valid; accepted: an integer from 1 to 1000");
        }
    }

    @Test
    void unreachableDatabaseEndsTheProcessNamingTheDatabase(@TempDir Path dir) {
        try (ServerProcess server = ServerProcess.launch("no-database", dir,
                Map.of("DATABASE_URL", "postgresql://postgres:secret-pw@127.0.0.1:1/nothing", "AUTH_MODE", "development",
                        "DB_CONNECT_RETRIES", "2"))) {
            OptionalInt exit = server.awaitExit(Duration.ofSeconds(180));
            assertThat(exit).isPresent();
            assertThat(exit.getAsInt()).isNotZero();
            assertThat(server.log()).contains("127.0.0.1:1/nothing")
                    .contains("attempt 1 of 3").contains("attempt 2 of 3").contains("was not reachable in 3 attempts (DB_CONNECT_RETRIES=2)")
                    .doesNotContain("secret-pw");
        }
    }

    @Test
    void aRealDatabaseWithoutTokenKeysIsRefusedUnlessDevelopmentModeIsExplicit(@TempDir Path dir) {
        try (ServerProcess server = ServerProcess.launch("no-token-keys", dir,
                Map.of("DATABASE_URL", "postgresql://postgres:secret-pw@127.0.0.1:5432/test"))) {
            OptionalInt exit = server.awaitExit(Duration.ofSeconds(180));
            assertThat(exit).as("the process ends by itself").isPresent();
            assertThat(exit.getAsInt()).isNotZero();
            assertThat(server.log()).contains("no token key: set SUPABASE_JWT_SECRET or SUPABASE_JWKS_URL")
                    .contains("AUTH_MODE=development").doesNotContain("secret-pw");
        }
    }
}
