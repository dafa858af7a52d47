package dev.backtest.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LauncherTest {

    @TempDir
    Path dir;

    private static final String[] ARGS = {"--nocluster"};

    @Test
    void aPortArgumentWinsOverEverything() throws Exception {
        Path env = Files.writeString(dir.resolve(".env"), "PORT=7000\n");
        String[] args = {"--Port", "9000"};
        assertThat(Launcher.arguments(args, Map.of("PORT", "8000"), "8500", env)).containsExactly("--Port", "9000");
    }

    @Test
    void theEnvironmentComesFirstThenSystemPropertiesThenTheDotEnvFile() throws Exception {
        Path env = Files.writeString(dir.resolve(".env"), "# settings\nexport PORT = \"7000\"\nOTHER=x\n");
        assertThat(Launcher.arguments(ARGS, Map.of("PORT", "8000"), "8500", env)).containsExactly("--nocluster", "--port", "8000");
        assertThat(Launcher.arguments(ARGS, Map.of(), "8500", env)).containsExactly("--nocluster", "--port", "8500");
        assertThat(Launcher.arguments(ARGS, Map.of(), null, env)).containsExactly("--nocluster", "--port", "7000");
    }

    @Test
    void withoutAnySettingPayaraKeepsItsDefault() {
        assertThat(Launcher.arguments(ARGS, Map.of(), null, dir.resolve("missing.env"))).containsExactly("--nocluster");
    }

    @Test
    void readsTheDotEnvFileAsTheSdkDoes() throws Exception {
        assertThat(Launcher.fromFile(Files.writeString(dir.resolve("a.env"), "PORT=8100 # the platform's\n"))).contains("8100");
        assertThat(Launcher.fromFile(Files.writeString(dir.resolve("b.env"), "PORT='8200'\n"))).contains("8200");
        assertThat(Launcher.fromFile(Files.writeString(dir.resolve("c.env"), "#PORT=1\nPORTS=2\nAPP_PORT=3\n"))).isEmpty();
    }

    @Test
    void aMalformedPortNamesTheKeyTheValueAndTheAcceptedForm() {
        assertThatThrownBy(() -> Launcher.arguments(ARGS, Map.of("PORT", "http"), null, dir.resolve(".env")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PORT: 'http' is not valid; accepted: an integer from 1 to 65535: the server's HTTP port");
        assertThatThrownBy(() -> Launcher.parse("0")).hasMessageContaining("'0' is not valid");
        assertThatThrownBy(() -> Launcher.parse("65536")).hasMessageContaining("'65536' is not valid");
        assertThat(Launcher.parse(" 8080 ")).isEqualTo(8080);
    }
}
