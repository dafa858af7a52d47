package dev.backtest.server;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Properties;

/** Name, version (from the build) and start time of this server instance. */
@ApplicationScoped
public class ServerInfo {

    private final String name;
    private final String version;
    private final String swaggerUiVersion;
    private final String commit;
    private final String redocVersion;
    // the process's start, not this bean's: CDI creates it lazily, on the first request that needs it
    private final Instant startedAt = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());

    public ServerInfo() {
        Properties p = new Properties();
        try (InputStream in = ServerInfo.class.getResourceAsStream("/backtest-server.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.name = p.getProperty("name", "backtest-server");
        this.version = p.getProperty("version", "unknown");
        this.swaggerUiVersion = p.getProperty("swagger-ui.version", "");
        String c = p.getProperty("commit", "");
        this.commit = c.isBlank() || c.startsWith("${") ? "unknown" : c.strip();
        this.redocVersion = p.getProperty("redoc.version", "");
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    /** The git commit the server was built from; {@code unknown} when built outside a git checkout. */
    public String commit() {
        return commit;
    }

    /** The version of the bundled Swagger UI web jar. */
    public String swaggerUiVersion() {
        return swaggerUiVersion;
    }

    /** The version of the bundled ReDoc web jar. */
    public String redocVersion() {
        return redocVersion;
    }

    public Instant startedAt() {
        return startedAt;
    }
}
