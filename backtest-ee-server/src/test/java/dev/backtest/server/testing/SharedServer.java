package dev.backtest.server.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One server on embedded defaults for every HTTP test class of a run: started on first use, stopped
 * when the test run ends. Tests isolate their data by user and name, never by restarting it.
 * Use with {@code @ExtendWith(SharedServer.class)} and a {@link ServerProcess} parameter.
 */
public final class SharedServer implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ServerProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return get(context);
    }

    public static ServerProcess get(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedServer.class, k -> new Holder(), Holder.class).server;
    }

    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        private final ServerProcess server;

        Holder() {
            try {
                Path dir = Files.createTempDirectory("backtest-it-");
                server = ServerProcess.start("embedded-defaults", dir, Map.of());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
