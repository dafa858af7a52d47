package dev.backtest.sdk.source.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.backtest.sdk.source.BarResolution;
import dev.backtest.sdk.source.BarSource;
import dev.backtest.sdk.source.FetchRequest;
import dev.backtest.sdk.source.SourceBar;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** What the provider suites share: a WireMock server, fast settings, requests, and captured logs. */
final class SourceFixtures {

    private SourceFixtures() {
    }

    /** A WireMock server on a free local port for a test class, reset before each test. */
    static WireMockExtension wireMock() {
        return WireMockExtension.newInstance().options(options().dynamicPort().bindAddress("127.0.0.1")).build();
    }

    static URI base(WireMockExtension server) {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    /** No rate limit worth mentioning, 2 retries after 10 ms, a breaker after 5 failures, a 2 s timeout. */
    static SourceSettings fast(Clock clock) {
        ProviderLimits generous = new ProviderLimits(60_000, 1_000, 5, Duration.ofSeconds(60));
        return new SourceSettings(Duration.ofSeconds(2), 2, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5), clock,
                Map.of("yahoo", generous, "alpaca", generous, "twelvedata", generous, "binance", generous));
    }

    /** {@link #fast} with a 300 ms timeout and no retry. */
    static SourceSettings impatient(Clock clock) {
        return fast(clock).withTimeout(Duration.ofMillis(300)).withRetries(0, Duration.ofMillis(10));
    }

    /** Fetching {@code request} from a source built with {@link #impatient} settings fails on the timeout. */
    static void assertTimesOut(BarSource source, FetchRequest request) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fetchAll(source, request))
                .isInstanceOfSatisfying(dev.backtest.error.BacktestException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(dev.backtest.error.ErrorCode.DATA_FETCH_FAILED);
                    org.assertj.core.api.Assertions.assertThat(e.details().get("reason")).asString().contains("no answer within 300 ms");
                });
    }

    static Clock clockAt(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    static FetchRequest request(String symbol, String providerSymbol, BarResolution r, String from, String to) {
        return new FetchRequest(symbol, providerSymbol, r, Instant.parse(from), Instant.parse(to));
    }

    static List<SourceBar> fetchAll(BarSource source, FetchRequest request) {
        try (Stream<SourceBar> bars = source.fetch(request)) {
            return bars.toList();
        }
    }

    static long epoch(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }

    /**
     * What the SDK, XChange and rescu log while it is open, whichever SLF4J binding the test run picked (both are on the
     * test class path: Logback through S3Proxy, slf4j-simple from the SDK): with Logback every line from DEBUG up, with
     * slf4j-simple what it writes to the standard error at its configured level (INFO).
     */
    static final class CapturedLogs implements AutoCloseable {
        private static final List<String> NAMES = List.of("dev.backtest.sdk.source", "org.knowm.xchange", "si.mazi.rescu");
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final Map<String, Level> before;
        private final LoggerContext logback;
        private final PrintStream stderr = System.err;
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();

        CapturedLogs() {
            logback = LoggerFactory.getILoggerFactory() instanceof LoggerContext c ? c : null;
            if (logback == null) {
                System.setErr(new PrintStream(new TeeOutputStream(stderr, written), true, StandardCharsets.UTF_8));
                before = Map.of();
                return;
            }
            appender.setContext(logback);
            appender.start();
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
            before = NAMES.stream().collect(Collectors.toMap(n -> n, n -> {
                Logger l = logback.getLogger(n);
                return l.getLevel() == null ? Level.INFO : l.getLevel();
            }));
            NAMES.forEach(n -> logback.getLogger(n).setLevel(Level.DEBUG));
        }

        /** The lines logged so far, with the messages of any throwable. */
        String text() {
            if (logback == null) {
                return written.toString(StandardCharsets.UTF_8);
            }
            StringBuilder sb = new StringBuilder();
            for (ILoggingEvent e : List.copyOf(appender.list)) {
                sb.append(e.getFormattedMessage()).append('\n');
                for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                    sb.append(t.getMessage()).append('\n');
                }
            }
            return sb.toString();
        }

        @Override
        public void close() {
            if (logback == null) {
                System.setErr(stderr);
                return;
            }
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
            before.forEach((n, level) -> logback.getLogger(n).setLevel(level));
        }
    }

    /** Writes to two streams. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeOutputStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
