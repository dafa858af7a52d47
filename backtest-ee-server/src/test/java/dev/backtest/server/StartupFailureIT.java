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
                Map.of("DATABASE_URL", "postgresql://postgres:secret-pw@127.0.0.1:1/nothing"))) {
            OptionalInt exit = server.awaitExit(Duration.ofSeconds(180));
            assertThat(exit).isPresent();
            assertThat(exit.getAsInt()).isNotZero();
            assertThat(server.log()).contains("cannot connect to the database").contains("127.0.0.1:1/nothing")
                    .doesNotContain("secret-pw");
        }
    }
}
