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
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    /** The version of the bundled Swagger UI web jar. */
    public String swaggerUiVersion() {
        return swaggerUiVersion;
    }

    public Instant startedAt() {
        return startedAt;
    }
}
