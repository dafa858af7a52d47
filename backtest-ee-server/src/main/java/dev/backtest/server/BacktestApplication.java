package dev.backtest.server;

import jakarta.ws.rs.ApplicationPath;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.core.Application;

import java.util.Map;

/** The JAX-RS application at the context root: {@code /} and {@code /api/v1/...}. Resources and providers are discovered. */
@ApplicationPath("/")
@OpenAPIDefinition(
        // the version is replaced by the project's version (ContractFilter)
        info = @Info(title = "Backtest API", version = "0",
                description = "Market data (OHLCV candles), strategies, backtests and trades. Errors are RFC 9457 "
                        + "application/problem+json documents with a stable code."),
        tags = {
                @Tag(name = "ohlcv", description = "Candles and their catalogue"),
                @Tag(name = "strategies", description = "Strategies of the current user"),
                @Tag(name = "backtests", description = "Backtests of the current user"),
                @Tag(name = "trades", description = "Manually recorded trades"),
                @Tag(name = "users", description = "The current user"),
                @Tag(name = "storage", description = "The object store holding the Parquet files"),
                @Tag(name = "health", description = "Liveness and readiness"),
                @Tag(name = "service", description = "Service index and legacy endpoints")},
        components = @Components(
                securitySchemes = @SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP,
                        scheme = "bearer", bearerFormat = "JWT",
                        description = "Supabase access token (aud=authenticated; sub is the user id)"),
                schemas = {@Schema(name = "StrategyInput", type = SchemaType.OBJECT,
                        description = "On create name and type are required; on update null fields keep their value",
                        properties = {
                                @SchemaProperty(name = "name", type = SchemaType.STRING, example = "Fast cross"),
                                @SchemaProperty(name = "description", type = SchemaType.STRING, example = "10/30 SMA"),
                                @SchemaProperty(name = "type", type = SchemaType.STRING, example = "sma_cross"),
                                @SchemaProperty(name = "parameters", type = SchemaType.OBJECT, description = "Strategy parameters"),
                                @SchemaProperty(name = "is_public", type = SchemaType.BOOLEAN)}),
                        @Schema(name = "Strategy", type = SchemaType.OBJECT,
                                requiredProperties = {"id", "name", "type"},
                                properties = {
                                        @SchemaProperty(name = "id", type = SchemaType.STRING, format = "uuid"),
                                        @SchemaProperty(name = "user_id", type = SchemaType.STRING, format = "uuid"),
                                        @SchemaProperty(name = "name", type = SchemaType.STRING),
                                        @SchemaProperty(name = "description", type = SchemaType.STRING),
                                        @SchemaProperty(name = "type", type = SchemaType.STRING),
                                        @SchemaProperty(name = "parameters", type = SchemaType.OBJECT),
                                        @SchemaProperty(name = "is_public", type = SchemaType.BOOLEAN),
                                        @SchemaProperty(name = "owned", type = SchemaType.BOOLEAN),
                                        @SchemaProperty(name = "created_at", type = SchemaType.STRING, format = "date-time"),
                                        @SchemaProperty(name = "updated_at", type = SchemaType.STRING, format = "date-time")}),
                        @Schema(name = "Page", type = SchemaType.OBJECT, description = "A page of items; pass next_cursor back as cursor",
                                properties = {
                                        @SchemaProperty(name = "items", type = SchemaType.ARRAY, implementation = Object.class),
                                        @SchemaProperty(name = "total", type = SchemaType.INTEGER, format = "int64"),
                                        @SchemaProperty(name = "limit", type = SchemaType.INTEGER),
                                        @SchemaProperty(name = "offset", type = SchemaType.INTEGER),
                                        @SchemaProperty(name = "next_cursor", type = SchemaType.STRING)}),
                        @Schema(name = "User", type = SchemaType.OBJECT,
                                properties = {
                                        @SchemaProperty(name = "id", type = SchemaType.STRING, format = "uuid"),
                                        @SchemaProperty(name = "email", type = SchemaType.STRING),
                                        @SchemaProperty(name = "created_at", type = SchemaType.STRING, format = "date-time"),
                                        @SchemaProperty(name = "strategy_count", type = SchemaType.INTEGER, format = "int64"),
                                        @SchemaProperty(name = "backtest_count", type = SchemaType.INTEGER, format = "int64")}),
                        @Schema(name = "Candles", type = SchemaType.OBJECT,
                        description = "Candles of one symbol: the columns t o h l c v (t: bucket start, unix seconds UTC) "
                                + "or, with format=rows, candles",
                        properties = {
                                @SchemaProperty(name = "symbol", type = SchemaType.STRING, example = "BTC"),
                                @SchemaProperty(name = "timeframe", type = SchemaType.STRING, example = "1h"),
                                @SchemaProperty(name = "source_resolution", type = SchemaType.STRING, example = "1Y"),
                                @SchemaProperty(name = "start_date", type = SchemaType.STRING, format = "date"),
                                @SchemaProperty(name = "end_date", type = SchemaType.STRING, format = "date"),
                                @SchemaProperty(name = "count", type = SchemaType.INTEGER),
                                @SchemaProperty(name = "t", type = SchemaType.ARRAY, implementation = Long.class),
                                @SchemaProperty(name = "o", type = SchemaType.ARRAY, implementation = Double.class),
                                @SchemaProperty(name = "h", type = SchemaType.ARRAY, implementation = Double.class),
                                @SchemaProperty(name = "l", type = SchemaType.ARRAY, implementation = Double.class),
                                @SchemaProperty(name = "c", type = SchemaType.ARRAY, implementation = Double.class),
                                @SchemaProperty(name = "v", type = SchemaType.ARRAY, implementation = Double.class),
                                @SchemaProperty(name = "candles", type = SchemaType.ARRAY, implementation = Object.class)}),
                        @Schema(name = "Problem", type = SchemaType.OBJECT,
                        description = "RFC 9457 problem document; code-specific members such as errors may follow",
                        requiredProperties = {"type", "title", "status", "code"},
                        properties = {
                                @SchemaProperty(name = "type", type = SchemaType.STRING, example = "https://backtest.dev/problems/backtest-not-found"),
                                @SchemaProperty(name = "title", type = SchemaType.STRING, example = "Backtest not found"),
                                @SchemaProperty(name = "status", type = SchemaType.INTEGER, example = "404"),
                                @SchemaProperty(name = "detail", type = SchemaType.STRING),
                                @SchemaProperty(name = "code", type = SchemaType.STRING, example = "BACKTEST_NOT_FOUND"),
                                @SchemaProperty(name = "request_id", type = SchemaType.STRING),
                                @SchemaProperty(name = "timestamp", type = SchemaType.STRING, format = "date-time"),
                                @SchemaProperty(name = "path", type = SchemaType.STRING)})}))
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
