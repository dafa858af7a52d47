package dev.backtest.server.testing;

import dev.backtest.sdk.testing.TestDatabases;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One server with authentication on, shared by the HTTP test classes that need it: PostgreSQL,
 * an HS256 secret, {@code SUPABASE_URL} (so the issuer is checked), a JWKS file with an ES256 key,
 * a low rate limit (20/s, burst 40), one CORS origin and a 64 KiB request body limit. Tests isolate data by using fresh users.
 * Use with {@code @ExtendWith(SecuredServer.class)} and a {@link Handle} parameter.
 */
public final class SecuredServer implements ParameterResolver {

    public static final String CORS_ORIGIN = "http://app.test";
    /** {@code HTTP_MAX_BODY_BYTES} of this server. */
    public static final int MAX_BODY_BYTES = 65_536;

    /** The running server, the tokens it accepts and its database. */
    public record Handle(ServerProcess server, Tokens tokens, String databaseUrl) {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Handle.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SecuredServer.class, k -> new Holder(), Holder.class).handle;
    }

    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        private final Handle handle;

        Holder() {
            try {
                Path dir = Files.createTempDirectory("backtest-secured-it-");
                Tokens tokens = new Tokens();
                Path jwks = tokens.writeJwks(dir);
                String db = TestDatabases.freshPostgresSchema();
                ServerProcess server = ServerProcess.start("secured", dir, Map.of(
                        "DATABASE_URL", db,
                        "DB_POOL_MAX", "8",
                        "SUPABASE_JWT_SECRET", Tokens.SECRET,
                        "SUPABASE_URL", Tokens.SUPABASE_URL,
                        "SUPABASE_JWKS_URL", jwks.toString(),
                        "RATE_LIMIT_PER_SECOND", "20",
                        "RATE_LIMIT_BURST", "40",
                        "CORS_ORIGINS", CORS_ORIGIN,
                        "BACKTEST_WORKERS", "2",
                        "HTTP_MAX_BODY_BYTES", Integer.toString(MAX_BODY_BYTES)));
                handle = new Handle(server, tokens, db);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            handle.server().close();
            TestDatabases.dropSchema(handle.databaseUrl());
        }
    }
}
