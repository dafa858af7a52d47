package dev.backtest.server.openapi;

/** Names used by the OpenAPI annotations of the resources. */
public final class OpenApiNames {

    /** The media type of every error body. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** The component schema of an error body, declared on the application. */
    public static final String SCHEMA = "Problem";

    private OpenApiNames() {
    }
}
