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
 * a low rate limit (20/s, burst 40), one CORS origin, a 64 KiB request body limit, one admin by id and an admin token. Tests isolate data by using fresh users.
 * Use with {@code @ExtendWith(SecuredServer.class)} and a {@link Handle} parameter.
 */
public final class SecuredServer implements ParameterResolver {

    public static final String CORS_ORIGIN = "http://app.test";
    /** A user made an administrator by {@code ADMIN_USER_IDS} (not by a claim). */
    public static final java.util.UUID ADMIN_BY_ID = java.util.UUID.fromString("0d7a11ad-0000-4000-8000-00000000ad01");
    /** {@code ADMIN_TOKEN} of this server. */
    public static final String ADMIN_TOKEN = "admin-token-for-tests-of-at-least-32-characters";
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
                ServerProcess server = ServerProcess.start("secured", dir, Map.ofEntries(
                        Map.entry("DATABASE_URL", db),
                        Map.entry("DB_POOL_MAX", "8"),
                        Map.entry("SUPABASE_JWT_SECRET", Tokens.SECRET),
                        Map.entry("SUPABASE_URL", Tokens.SUPABASE_URL),
                        Map.entry("SUPABASE_JWKS_URL", jwks.toString()),
                        Map.entry("RATE_LIMIT_PER_SECOND", "20"),
                        Map.entry("RATE_LIMIT_BURST", "40"),
                        Map.entry("CORS_ORIGINS", CORS_ORIGIN),
                        Map.entry("BACKTEST_WORKERS", "2"),
                        Map.entry("HTTP_MAX_BODY_BYTES", Integer.toString(MAX_BODY_BYTES)),
                        Map.entry("ADMIN_USER_IDS", ADMIN_BY_ID.toString()),
                        Map.entry("ADMIN_TOKEN", ADMIN_TOKEN)));
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
