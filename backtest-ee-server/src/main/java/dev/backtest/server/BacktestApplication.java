package dev.backtest.server;

import dev.backtest.server.api.DocsResource;
import dev.backtest.server.api.LegacyItemsResource;
import dev.backtest.server.api.RedocResource;
import dev.backtest.server.api.RootResource;
import dev.backtest.server.api.v1.AdminResource;
import dev.backtest.server.api.v1.ModelsResource;
import dev.backtest.server.api.v1.AssetsResource;
import dev.backtest.server.api.v1.AuditResource;
import dev.backtest.server.api.v1.BacktestsResource;
import dev.backtest.server.api.v1.HealthResource;
import dev.backtest.server.api.v1.IndexesResource;
import dev.backtest.server.api.v1.OhlcvResource;
import dev.backtest.server.api.v1.OptimizationsResource;
import dev.backtest.server.api.v1.ReportsResource;
import dev.backtest.server.api.v1.SimulationsResource;
import dev.backtest.server.api.v1.StorageResource;
import dev.backtest.server.api.v1.StrategiesResource;
import dev.backtest.server.api.v1.TasksResource;
import dev.backtest.server.api.v1.TradesResource;
import dev.backtest.server.api.v1.UsersResource;
import dev.backtest.server.auth.AuthenticationFilter;
import dev.backtest.server.http.JsonProvider;
import dev.backtest.server.http.ObjectMapperResolver;
import dev.backtest.server.http.RequestBodyLimit;
import dev.backtest.server.metrics.EndpointNames;
import dev.backtest.server.problem.BacktestExceptionMapper;
import dev.backtest.server.problem.FaultToleranceExceptionMapper;
import dev.backtest.server.problem.JsonInputExceptionMapper;
import dev.backtest.server.problem.UnexpectedExceptionMapper;
import dev.backtest.server.problem.WebApplicationExceptionMapper;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;
import java.util.Set;

/**
 * The JAX-RS application at the context root: {@code /} and {@code /api/v1/...}. Resources and providers are listed
 * ({@link #getClasses()}), not discovered: a library's JAX-RS-annotated interfaces (XChange's exchange clients) would
 * otherwise be deployed as resources of this application.
 */
@ApplicationPath("/")
@OpenAPIDefinition(
        // the version is replaced by the project's version (ContractFilter); the component schemas are
        // built by ContractSchemas (mp.openapi.model.reader)
        info = @Info(title = "Backtest API", version = "0",
                description = "Market data (OHLCV candles), strategies, backtests, trades, assets and indexes. Errors are RFC 9457 "
                        + "application/problem+json documents with a stable code. Besides the responses listed per operation, "
                        + "any operation may answer 500 (INTERNAL), and those reading the object store 502 (STORAGE_ERROR, "
                        + "DATA_CORRUPT)."),
        tags = {
                @Tag(name = "ohlcv", description = "Candles and their catalogue"),
                @Tag(name = "strategies", description = "Strategies of the current user"),
                @Tag(name = "backtests", description = "Backtests of the current user"),
                @Tag(name = "trades", description = "Manually recorded trades"),
                @Tag(name = "assets", description = "The assets an index may hold and their market caps: everyone reads, "
                        + "administrators write"),
                @Tag(name = "indexes", description = "Indexes of the current user: definitions, queued runs, current value, "
                        + "history, allocations, benchmark, risk metrics; and simulations of an investment"),
                @Tag(name = "users", description = "The current user"),
                @Tag(name = "storage", description = "The object store holding the Parquet files"),
                @Tag(name = "health", description = "Liveness and readiness"),
                @Tag(name = "audit", description = "The caller's audit trail: every change, in the change's own transaction"),
                @Tag(name = "tasks", description = "Everything that runs in the background (runs, sweeps, refreshes, imports): "
                        + "progress, errors, history, cancel and server-sent events"),
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

    /** Every resource and provider of the server; {@code BacktestApplicationTest} checks that none is missing. */
    static final Set<Class<?>> CLASSES = Set.of(
            RootResource.class, DocsResource.class, RedocResource.class, LegacyItemsResource.class,
            AdminResource.class, AuditResource.class, BacktestsResource.class, HealthResource.class, OhlcvResource.class,
            OptimizationsResource.class, dev.backtest.server.api.v1.WalkForwardsResource.class, ModelsResource.class, dev.backtest.server.api.v1.ScenariosResource.class, ReportsResource.class, StorageResource.class, StrategiesResource.class, TasksResource.class,
            TradesResource.class, UsersResource.class, AssetsResource.class, IndexesResource.class, SimulationsResource.class,
            AuthenticationFilter.class, JsonProvider.class, ObjectMapperResolver.class, RequestBodyLimit.class, EndpointNames.class,
            BacktestExceptionMapper.class, FaultToleranceExceptionMapper.class, JsonInputExceptionMapper.class,
            UnexpectedExceptionMapper.class, WebApplicationExceptionMapper.class);

    @Override
    public Set<Class<?>> getClasses() {
        return CLASSES;
    }

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
