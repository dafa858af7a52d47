package dev.backtest.server;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/** The JAX-RS application at the context root: {@code /} and {@code /api/v1/...}. Resources and providers are discovered. */
@ApplicationPath("/")
@OpenAPIDefinition(
        // the version is replaced by the project's version (ContractFilter); the component schemas are
        // built by ContractSchemas (mp.openapi.model.reader)
        info = @Info(title = "Backtest API", version = "0",
                description = "Market data (OHLCV candles), strategies, backtests and trades. Errors are RFC 9457 "
                        + "application/problem+json documents with a stable code. Besides the responses listed per operation, "
                        + "any operation may answer 500 (INTERNAL), and those reading the object store 502 (STORAGE_ERROR, "
                        + "DATA_CORRUPT)."),
        tags = {
                @Tag(name = "ohlcv", description = "Candles and their catalogue"),
                @Tag(name = "strategies", description = "Strategies of the current user"),
                @Tag(name = "backtests", description = "Backtests of the current user"),
                @Tag(name = "trades", description = "Manually recorded trades"),
                @Tag(name = "users", description = "The current user"),
                @Tag(name = "storage", description = "The object store holding the Parquet files"),
                @Tag(name = "health", description = "Liveness and readiness"),
                @Tag(name = "audit", description = "The caller's audit trail: every change, in the change's own transaction"),
                @Tag(name = "admin", description = "For administrators and the admin token: users, everyone's audit trail, "
                        + "diagnostics, cache management"),
                @Tag(name = "service", description = "Service index and legacy endpoints")},
        components = @Components(
                securitySchemes = @SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP,
                        scheme = "bearer", bearerFormat = "JWT",
                        description = "Supabase access token (aud=authenticated; sub is the user id). The admin routes "
                                + "(/api/v1/admin/...) need the admin role (app_metadata.role or app_metadata.roles containing "
                                + "admin, or the user in ADMIN_USER_IDS) or the ADMIN_TOKEN as the bearer token")))
public class BacktestApplication extends Application {

    /**
     * Payara's Jersey also auto-registers its own JSON providers for {@code application/json}: JSON-B
     * (Yasson), MOXy and Jersey's Jackson feature (with Payara's copy of Jackson, which cannot see
     * our mapper). Which one handled a body then depended on registration order, and each ignores
     * our snake_case names, ISO dates and unknown-field rule. Naming another feature in
     * {@code jersey.config.jsonFeature} switches all of Jersey's own off: only {@code JsonProvider} handles JSON.
     * Jersey's WADL is switched off as well.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.jsonFeature", "BacktestJsonProvider",
                "jersey.config.disableJsonBinding", true,
                "jersey.config.server.disableJsonBinding", true,
                "jersey.config.server.disableMoxyJson", true,
                // Jersey's generated WADL (/application.wadl) is a second, undocumented route table; /openapi is the contract.
                "jersey.config.server.wadl.disableWadl", true);
    }
}
