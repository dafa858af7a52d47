package dev.backtest.server.config;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.config.BacktestConfig;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.config.DotEnv;
import dev.backtest.server.metrics.MarketDataMetrics;
import dev.backtest.server.metrics.OperationsMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Builds the one {@link BacktestClient} of this server at deployment (so a bad configuration or an
 * unreachable database fails the start, not the first request) and hands it to resources by CDI.
 * Configuration: environment variables first, then MicroProfile Config (system properties,
 * {@code microprofile-config.properties}), then a {@code .env} file in the working directory, then the SDK's
 * embedded defaults. A configuration that would serve a real database or object store without authentication
 * fails the start ({@link BacktestConfig#requireSafeAuthentication()}).
 */
@ApplicationScoped
public class ClientProducer {

    private static final Logger LOG = LoggerFactory.getLogger(ClientProducer.class);

    @Inject
    Config mpConfig;

    @Inject
    MarketDataMetrics metrics;

    @Inject
    OperationsMetrics operations;

    private BacktestClient client;
    private LogSetup.AccessLogging accessLog;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        client();
    }

    /**
     * In the uber-jar a failed start must end the process (a server answering 404 everywhere helps
     * no one); inside a shared application server only this application fails to deploy.
     */
    private static void exitIfStandalone() {
        try {
            Class.forName("fish.payara.micro.PayaraMicro", false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError notMicro) {
            return;
        }
        Thread exit = new Thread(() -> System.exit(3), "backtest-start-failure-exit");
        exit.setDaemon(true);
        exit.start();
    }

    /**
     * One client per application. {@code @Singleton} (a pseudo-scope) because the client class is final, so not
     * proxyable; unlike the dependent scope, it is produced once and injected as is, not per injection point
     * (a per-request resource would otherwise call this method on every request).
     */
    @Produces
    @jakarta.inject.Singleton
    public synchronized BacktestClient client() {
        if (client == null) {
            try {
                BacktestConfig config = config();
                config.requireSafeAuthentication();
                accessLog = LogSetup.apply(config);
                if (config.authDisabled()) {
                    LOG.warn(DevelopmentMode.WARNING);
                }
                client = BacktestClient.builder().config(config).marketDataListener(metrics).runListener(operations).build();
                operations.watch(client);
            } catch (RuntimeException e) {
                LOG.error("Backtest server cannot start: {}", e.getMessage());
                exitIfStandalone();
                throw e;
            }
        }
        return client;
    }

    private BacktestConfig config() {
        return BacktestConfig.builder()
                .lookups(key -> Optional.ofNullable(System.getenv(key)), key -> mpConfig.getOptionalValue(key, String.class),
                        DotEnv.read(DotEnv.DEFAULT_FILE).lookup(), ClientProducer::serverDefault)
                .build();
    }

    /** Where the server's defaults differ from an SDK client's: its embedded defaults come with sample candles. */
    private static Optional<String> serverDefault(String key) {
        return key.equals(ConfigKey.BACKTEST_SAMPLE_DATA.name()) ? Optional.of("true") : Optional.empty();
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (accessLog != null) {
            accessLog.close();
            accessLog = null;
        }
    }
}
