package dev.backtest.server;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.ext.Provider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The application lists its resources and providers instead of having them discovered: none may be forgotten. */
class BacktestApplicationTest {

    @Test
    void listsEveryResourceAndProviderOfTheServer() throws IOException, URISyntaxException {
        java.nio.file.Path classes = Paths.get(BacktestApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<Class<?>> annotated;
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            annotated = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString().replace('/', '.').replaceFirst("\\.class$", ""))
                    .map(BacktestApplicationTest::load)
                    .filter(c -> c.isAnnotationPresent(Path.class) || c.isAnnotationPresent(Provider.class))
                    .collect(Collectors.toSet());
        }

        assertThat(annotated).hasSizeGreaterThan(20);
        assertThat(new BacktestApplication().getClasses()).containsExactlyInAnyOrderElementsOf(annotated);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, BacktestApplicationTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
