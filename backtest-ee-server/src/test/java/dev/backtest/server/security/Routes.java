package dev.backtest.server.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every route the server answers, in one place. {@link #API} must list exactly the operations of the
 * served {@code /openapi} document ({@code HostileInputIT} fails otherwise), so a new route cannot
 * escape the hostile-input suite: add it here with a plausible request.
 */
final class Routes {

    /** A route: method, path template (with a query where one is required), whether it is public, and a plausible body. */
    record Route(String method, String template, boolean open, String body) {

        /** "GET /api/v1/strategies/{strategy_id}", as the OpenAPI document names it (no query). */
        String operation() {
            int q = template.indexOf('?');
            return method + " " + (q < 0 ? template : template.substring(0, q));
        }

        boolean takesBody() {
            return body != null;
        }

        /**
         * Whether only administrators and the admin token may use it: the admin routes (refused by the authentication
         * filter) and the asset writes (refused by their resource).
         */
        boolean admin() {
            return template.startsWith("/api/v1/admin/") || (template.startsWith("/api/v1/assets") && !method.equals("GET"));
        }

        boolean idBearing() {
            return template.contains("{strategy_id}") || template.contains("{backtest_id}") || template.contains("{index_id}");
        }

        /** The path with the given ids filled in, the index's being the backtest's (see the three-id form). */
        String path(String strategyId, String backtestId) {
            return path(strategyId, backtestId, backtestId);
        }

        /**
         * The path with the given ids filled in ({optimization_id} with {@link #SOME_OPTIMIZATION}: the backtest,
         * checked first, is what the suites vary), {symbol} as BTC and {file} as a served file.
         */
        String path(String strategyId, String backtestId, String indexId) {
            return template.replace("{strategy_id}", strategyId).replace("{backtest_id}", backtestId).replace("{index_id}", indexId)
                    .replace("{optimization_id}", SOME_OPTIMIZATION).replace("{walk_forward_id}", SOME_OPTIMIZATION).replace("{task_id}", SOME_TASK).replace("{run_id}", SOME_RUN)
                    .replace("{report_id}", SOME_REPORT).replace("{model_id}", SOME_MODEL).replace("{scenario_id}", SOME_TASK).replace("{name}", "stats.json").replace("{symbol}", "BTC")
                    .replace("{file}", "swagger-ui.css");
        }

        /** The body with the backtest id filled in. */
        String body(String backtestId) {
            return body == null ? null : body.replace("{backtest_id}", backtestId);
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    /** A well-formed optimization id that nobody has. */
    static final String SOME_OPTIMIZATION = "00000000-0000-4000-8000-000000000000";
    /** A well-formed run id that nobody has. */
    static final String SOME_RUN = "00000000-0000-4000-8000-0000000000b2";
    /** A well-formed report id that nobody has. */
    static final String SOME_REPORT = "00000000-0000-4000-8000-0000000000c3";
    /** A model id nobody owns. */
    static final String SOME_MODEL = "00000000-0000-4000-8000-0000000000d4";
    static final String MODEL = "{\"symbol\":\"BTC\",\"timeframe\":\"1d\",\"start_date\":\"2023-01-01\",\"end_date\":\"2023-12-31\","
            + "\"kind\":\"autoregressive\",\"lags\":2}";
    /** A well-formed task id that nobody has. */
    static final String SOME_TASK = "00000000-0000-4000-8000-0000000000a1";
    static final String REFRESH = "{\"symbols\":[{\"symbol\":\"SPY\",\"source\":\"yahoo\",\"resolution\":\"1d\"}]}";
    static final String STRATEGY = "{\"name\":\"hostile\",\"type\":\"sma_cross\",\"parameters\":{\"fast\":5,\"slow\":20}}";
    static final String BACKTEST = "{\"name\":\"hostile\",\"symbol\":\"BTC\",\"timeframe\":\"1d\",\"start_date\":\"2024-01-01\","
            + "\"end_date\":\"2024-01-31\",\"initial_capital\":1000,\"commission\":0.001}";
    static final String TRADE = "{\"backtest_id\":\"{backtest_id}\",\"symbol\":\"BTC\",\"side\":\"buy\",\"quantity\":0.01,"
            + "\"price\":100,\"executed_at\":\"2024-01-02T00:00:00Z\"}";
    static final String WALK_FORWARD = "{\"grid\":{\"fast\":[5,10],\"slow\":[20,30]},\"train_bars\":10,\"test_bars\":5}";
    /** A scenario of a symbol nobody stores: refused at $.data.symbols[0] before anything is started. */
    static final String SCENARIO = "{\"name\":\"hostile\",\"data\":{\"source\":\"store\",\"symbols\":[\"HOSTILE\"],"
            + "\"timeframe\":\"1d\",\"start\":\"2024-01-01\",\"end\":\"2024-01-31\"},\"strategy\":{\"key\":\"sma_cross\"}}";
    static final String OPTIMIZE = "{\"grid\":{\"fast\":[5,10],\"slow\":[20,30]},\"constraint\":\"fast < slow\",\"top\":2}";
    static final String REPORT = "{\"type\":\"period_returns\",\"backtest_id\":\"{backtest_id}\"}";
    static final String CANDLES = "{\"symbol\":\"BTC\",\"start_date\":\"2024-01-01\",\"end_date\":\"2024-01-02\",\"timeframe\":\"1d\"}";
    /** An asset nobody lists (the route is refused, or its body is, before it would be written). */
    static final String ASSET = "{\"symbol\":\"HOSTILE\",\"name\":\"hostile\",\"asset_class\":\"equity\",\"currency\":\"USD\"}";
    static final String INDEX = "{\"name\":\"hostile\",\"universe\":[\"BTC\",\"ETH\"],\"weighting\":\"equal\","
            + "\"start_date\":\"2024-01-01\"}";
    static final String SIMULATION = "{\"start_date\":\"2024-01-01\",\"amount\":1000,\"symbol\":\"BTC\"}";
    static final String BATCH = "{\"symbols\":[\"BTC\",\"ETH\"],\"start_date\":\"2024-01-01\",\"end_date\":\"2024-01-02\",\"timeframe\":\"1d\"}";

    /** Every operation of the OpenAPI contract. */
    static final List<Route> API = List.of(
            new Route("GET", "/", true, null),
            new Route("GET", "/api/v1/health", true, null),
            new Route("GET", "/api/v1/health/detailed", true, null),
            new Route("GET", "/api/v1/health/ready", true, null),
            new Route("GET", "/api/v1/users", false, null),
            new Route("GET", "/items", false, null),
            new Route("POST", "/api/v1/strategies", false, STRATEGY),
            new Route("GET", "/api/v1/strategies?include_public=true", false, null),
            new Route("GET", "/api/v1/strategies/{strategy_id}", false, null),
            new Route("PUT", "/api/v1/strategies/{strategy_id}", false, "{\"description\":\"changed\"}"),
            new Route("DELETE", "/api/v1/strategies/{strategy_id}", false, null),
            new Route("POST", "/api/v1/backtests", false, BACKTEST),
            new Route("GET", "/api/v1/backtests", false, null),
            new Route("GET", "/api/v1/backtests/{backtest_id}", false, null),
            new Route("PUT", "/api/v1/backtests/{backtest_id}", false, "{\"name\":\"changed\"}"),
            new Route("DELETE", "/api/v1/backtests/{backtest_id}", false, null),
            new Route("POST", "/api/v1/backtests/{backtest_id}/run", false, null),
            new Route("GET", "/api/v1/backtests/{backtest_id}/run", false, null),
            new Route("POST", "/api/v1/backtests/{backtest_id}/cancel", false, null),
            new Route("GET", "/api/v1/backtests/{backtest_id}/results", false, null),
            new Route("GET", "/api/v1/backtests/{backtest_id}/report", false, null),
            new Route("GET", "/api/v1/backtests/{backtest_id}/events", false, null),
            new Route("GET", "/api/v1/backtests/{backtest_id}/runs", false, null),
            new Route("GET", "/api/v1/backtests/{backtest_id}/runs/{run_id}", false, null),
            new Route("GET", "/api/v1/backtests/{backtest_id}/runs/{run_id}/results", false, null),
            new Route("GET", "/api/v1/backtests/{backtest_id}/runs/{run_id}/report", false, null),
            new Route("POST", "/api/v1/backtests/{backtest_id}/optimize", false, OPTIMIZE),
            new Route("POST", "/api/v1/backtests/{backtest_id}/optimizations", false, OPTIMIZE),
            new Route("GET", "/api/v1/backtests/{backtest_id}/optimizations/{optimization_id}", false, null),
            new Route("POST", "/api/v1/backtests/{backtest_id}/optimizations/{optimization_id}/cancel", false, null),
            new Route("POST", "/api/v1/backtests/{backtest_id}/walk-forwards", false, WALK_FORWARD),
            new Route("GET", "/api/v1/backtests/{backtest_id}/walk-forwards/{walk_forward_id}", false, null),
            new Route("POST", "/api/v1/backtests/{backtest_id}/walk-forwards/{walk_forward_id}/cancel", false, null),
            new Route("POST", "/api/v1/trades", false, TRADE),
            new Route("GET", "/api/v1/trades/backtest/{backtest_id}", false, null),
            new Route("POST", "/api/v1/scenarios", false, SCENARIO),
            new Route("GET", "/api/v1/scenarios/{scenario_id}", false, null),
            new Route("GET", "/api/v1/scenarios/{scenario_id}/outputs/{name}", false, null),
            new Route("POST", "/api/v1/models", false, MODEL),
            new Route("GET", "/api/v1/models", false, null),
            new Route("GET", "/api/v1/models/{model_id}", false, null),
            new Route("DELETE", "/api/v1/models/{model_id}", false, null),
            new Route("POST", "/api/v1/reports", false, REPORT),
            new Route("GET", "/api/v1/reports", false, null),
            new Route("GET", "/api/v1/reports/{report_id}", false, null),
            new Route("DELETE", "/api/v1/reports/{report_id}", false, null),
            new Route("GET", "/api/v1/reports/{report_id}/export?format=csv", false, null),
            new Route("GET", "/api/v1/ohlcv/symbols", false, null),
            new Route("GET", "/api/v1/ohlcv/symbols/{symbol}/range", false, null),
            new Route("GET", "/api/v1/ohlcv/symbols/{symbol}/coverage?start_date=2024-01-01&end_date=2024-01-02", false, null),
            new Route("GET", "/api/v1/ohlcv/data?symbol=BTC&start_date=2024-01-01&end_date=2024-01-02&timeframe=1d", false, null),
            new Route("POST", "/api/v1/ohlcv/data", false, CANDLES),
            new Route("POST", "/api/v1/ohlcv/batch", false, BATCH),
            new Route("GET", "/api/v1/ohlcv/timeframes", false, null),
            new Route("GET", "/api/v1/ohlcv/cache", false, null),
            new Route("GET", "/api/v1/storage/status", false, null),
            new Route("GET", "/api/v1/storage/objects?prefix=ohlcv/", false, null),
            new Route("GET", "/api/v1/storage/objects/url?key=ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet", false, null),
            new Route("GET", "/api/v1/audit", false, null),
            new Route("GET", "/api/v1/tasks", false, null),
            new Route("GET", "/api/v1/tasks/{task_id}", false, null),
            new Route("POST", "/api/v1/tasks/{task_id}/cancel", false, null),
            new Route("GET", "/api/v1/tasks/{task_id}/events", false, null),
            new Route("GET", "/api/v1/assets", false, null),
            new Route("POST", "/api/v1/assets", false, ASSET),
            new Route("GET", "/api/v1/assets/{symbol}", false, null),
            new Route("PUT", "/api/v1/assets/{symbol}", false, "{\"name\":\"changed\"}"),
            new Route("DELETE", "/api/v1/assets/{symbol}", false, null),
            new Route("GET", "/api/v1/assets/{symbol}/market-caps?start_date=2024-01-01&end_date=2024-01-31", false, null),
            // a CSV or Parquet file, not JSON, like the market-data import below
            new Route("POST", "/api/v1/assets/{symbol}/market-caps/import", false, null),
            new Route("POST", "/api/v1/indexes", false, INDEX),
            new Route("GET", "/api/v1/indexes", false, null),
            new Route("GET", "/api/v1/indexes/{index_id}", false, null),
            new Route("PUT", "/api/v1/indexes/{index_id}", false, "{\"name\":\"changed\"}"),
            new Route("DELETE", "/api/v1/indexes/{index_id}", false, null),
            new Route("POST", "/api/v1/indexes/{index_id}/run", false, null),
            new Route("GET", "/api/v1/indexes/{index_id}/current", false, null),
            new Route("GET", "/api/v1/indexes/{index_id}/history?start_date=2023-01-01&end_date=2023-12-31&points=50", false, null),
            new Route("GET", "/api/v1/indexes/{index_id}/allocations?date=2023-06-30", false, null),
            new Route("GET", "/api/v1/indexes/{index_id}/allocations/history", false, null),
            new Route("GET", "/api/v1/indexes/{index_id}/benchmark", false, null),
            new Route("GET", "/api/v1/indexes/{index_id}/risk-metrics", false, null),
            new Route("POST", "/api/v1/simulations", false, SIMULATION),
            new Route("GET", "/api/v1/admin/users", false, null),
            new Route("GET", "/api/v1/admin/audit", false, null),
            new Route("GET", "/api/v1/admin/diagnostics", false, null),
            new Route("POST", "/api/v1/admin/cache/clear", false, null),
            new Route("POST", "/api/v1/admin/refresh", false, REFRESH),
            // the body is a CSV or Parquet file, not JSON: refused like any other, and HostileInputBodiesIT does not send it JSON
            new Route("POST", "/api/v1/admin/ohlcv/{symbol}/import", false, null));

    /** Public routes served outside the contract: Payara's health, metrics and OpenAPI, and the Swagger UI. */
    static final List<Route> OUTSIDE_CONTRACT = List.of(
            new Route("GET", "/docs", true, null),
            new Route("GET", "/docs/{file}", true, null),
            new Route("GET", "/openapi", true, null),
            new Route("GET", "/openapi.json", true, null),
            new Route("GET", "/redoc", true, null),
            new Route("GET", "/metrics", true, null),
            new Route("GET", "/health", true, null),
            new Route("GET", "/health/live", true, null),
            new Route("GET", "/health/ready", true, null),
            new Route("GET", "/health/started", true, null));

    static List<Route> protectedRoutes() {
        return API.stream().filter(r -> !r.open()).toList();
    }

    static List<Route> bodyRoutes() {
        return API.stream().filter(Route::takesBody).toList();
    }

    private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
    private static final Pattern METHOD = Pattern.compile("^    (get|put|post|delete|patch|head|options):\\s*$");

    /**
     * The operations of an OpenAPI YAML document as "METHOD /path", each mapped to whether it is
     * public (declares no {@code security}). Reads the layout Payara writes (two-space indents).
     */
    static Map<String, Boolean> operations(String yaml) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        boolean inPaths = false;
        String path = null;
        String current = null;
        for (String line : yaml.lines().toList()) {
            if (!line.startsWith(" ")) {
                inPaths = line.startsWith("paths:");
                path = null;
                current = null;
                continue;
            }
            if (!inPaths) {
                continue;
            }
            Matcher p = PATH.matcher(line);
            Matcher m = METHOD.matcher(line);
            if (p.matches()) {
                path = p.group(1);
                current = null;
            } else if (m.matches() && path != null) {
                current = m.group(1).toUpperCase(java.util.Locale.ROOT) + " " + path;
                out.put(current, true);
            } else if (current != null && line.equals("      security:")) {
                out.put(current, false);
            }
        }
        return out;
    }

    static List<String> names(List<Route> routes) {
        List<String> out = new ArrayList<>();
        routes.forEach(r -> out.add(r.operation()));
        return out;
    }

    private Routes() {
    }
}
