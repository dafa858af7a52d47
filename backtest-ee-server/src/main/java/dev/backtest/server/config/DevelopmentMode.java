package dev.backtest.server.config;

/** What the server says when no token secret or key set is configured. */
public final class DevelopmentMode {

    public static final String WARNING = "\n"
            + "************************************************************************\n"
            + "*  DEVELOPMENT MODE: no SUPABASE_JWT_SECRET or SUPABASE_JWKS_URL is set. *\n"
            + "*  Requests are NOT authenticated. Never expose this server publicly.   *\n"
            + "************************************************************************";

    /** The user every request acts as in development mode (tokens are not read then). */
    public static final java.util.UUID USER_ID = java.util.UUID.fromString("00000000-0000-0000-0000-000000000001");
    public static final String USER_EMAIL = "dev@localhost";

    public static final String SHORT_WARNING =
            "development mode: no SUPABASE_JWT_SECRET or SUPABASE_JWKS_URL set, requests are not authenticated";

    private DevelopmentMode() {
    }
}
