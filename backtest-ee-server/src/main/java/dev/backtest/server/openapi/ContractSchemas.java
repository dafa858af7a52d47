package dev.backtest.server.openapi;

import dev.backtest.engine.Stats;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.portfolio.PortfolioStats;
import dev.backtest.sdk.asset.AssetClass;
import dev.backtest.sdk.asset.AssetService;
import dev.backtest.sdk.audit.ActorKind;
import dev.backtest.sdk.audit.AuditService;
import dev.backtest.sdk.backtest.BacktestService;
import dev.backtest.sdk.backtest.BacktestStatus;
import dev.backtest.sdk.index.IndexService;
import dev.backtest.sdk.marketdata.Coverage;
import dev.backtest.sdk.marketdata.SourceResolution;
import dev.backtest.sdk.marketdata.Symbols;
import dev.backtest.sdk.optimization.OptimizationService;
import dev.backtest.sdk.ml.MlModels;
import dev.backtest.sdk.ml.ModelKind;
import dev.backtest.sdk.ml.ModelService;
import dev.backtest.sdk.ml.ModelSpec;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.report.ReportService;
import dev.backtest.sdk.report.ReportType;
import dev.backtest.sdk.run.RunService;
import dev.backtest.sdk.run.RunStatus;
import dev.backtest.sdk.strategy.StrategyService;
import dev.backtest.sdk.task.TaskKind;
import dev.backtest.sdk.task.TaskStatus;
import dev.backtest.sdk.trade.TradeService;
import dev.backtest.server.marketdata.CandleParams;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASModelReader;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static dev.backtest.server.openapi.OpenApiNames.*;

/**
 * The component schemas of the JSON bodies, and the responses every protected operation shares.
 * The annotation scanner cannot derive them: most bodies are the SDK's records (outside the scanned
 * WAR classes), and an annotation cannot say "an array of a named schema". So they are built here,
 * with ranges, enumerations and defaults taken from the SDK's own constants, and the resources
 * refer to them by the names in {@link OpenApiNames}. Registered with {@code mp.openapi.model.reader};
 * the scanned annotations are merged on top.
 */
public class ContractSchemas implements OASModelReader {


    @Override
    public OpenAPI buildModel() {
        Components c = OASFactory.createComponents();
        problems(c);
        strategies(c);
        backtests(c);
        runs(c);
        reports(c);
        models(c);
        trades(c);
        c.addSchema(USER, required(object("The current user").addProperty("id", uuid("The token's subject"))
                .addProperty("email", nullable(string("The token's email claim when first seen")))
                .addProperty("created_at", dateTime("When the user was first seen"))
                .addProperty("strategy_count", int64("Live strategies the user owns"))
                .addProperty("backtest_count", int64("Live backtests the user owns"))));
        c.addSchema(USER_PAGE, page(USER, "A page of users"));
        audit(c);
        tasks(c);
        assets(c);
        indexes(c);
        marketData(c);
        health(c);
        parameters(c);
        // an annotation cannot say "an array of a named schema" either
        c.addSchema(ITEM_LIST, array(ref(ITEM)).description("The old API's list of backtests"));
        return OASFactory.createOpenAPI().components(c).paths(OASFactory.createPaths());
    }

    private static void problems(Components c) {
        c.addSchema(FIELD_ERROR, required(object("One invalid field of a request")
                .addProperty("field", string("The field or parameter, dotted for nested ones").example("initial_capital"))
                .addProperty("message", string("What is wrong and what is accepted").example("is required"))));
        c.addSchema(SCHEMA, object("RFC 9457 problem document. Code-specific members may follow: errors (each invalid field), "
                        + "reason (401), retry_after_seconds (429), backtest_status (BACKTEST_INVALID_STATE), required "
                        + "and available (INSUFFICIENT_CAPITAL, INSUFFICIENT_POSITION), available_start and available_end "
                        + "(DATE_RANGE), ...")
                .addProperty("type", string("/problems/ and the code in kebab case").example("/problems/backtest-not-found"))
                .addProperty("title", string("The HTTP reason phrase").example("Not Found"))
                .addProperty("status", integer("The HTTP status").example(404))
                .addProperty("detail", string("What was wrong, with the offending value, and what is accepted"))
                .addProperty("code", string("Stable error code; clients switch on it").example("BACKTEST_NOT_FOUND"))
                .addProperty("request_id", string("The X-Request-ID of the request"))
                .addProperty("timestamp", dateTime(null))
                .addProperty("path", string("The request path"))
                .addProperty("errors", array(ref(FIELD_ERROR)).description("VALIDATION_FAILED (and some other 400s): every invalid field"))
                .required(List.of("type", "title", "status", "code")));
        c.addResponse(UNAUTHORIZED, problemResponse("Missing or invalid bearer token; code and reason say why (TOKEN_MISSING, "
                + "TOKEN_EXPIRED, TOKEN_BAD_SIGNATURE, ...)")
                .addHeader("WWW-Authenticate", OASFactory.createHeader().description("Bearer challenge, with error=\"invalid_token\" "
                        + "unless the token was missing").schema(string(null))));
        c.addResponse(TOO_MANY_REQUESTS, problemResponse("RATE_LIMITED: more than RATE_LIMIT_PER_SECOND requests a second "
                + "(bursts of RATE_LIMIT_BURST) from this user")
                .addHeader("Retry-After", retryAfter()));
        c.addResponse(componentName(STORAGE_UNAVAILABLE), problemResponse("The object store cannot be reached or its circuit "
                + "breaker is open (STORAGE_UNAVAILABLE)")
                .addHeader("Retry-After", retryAfter()));
        c.addResponse(componentName(BACKTEST_NOT_FOUND), problemResponse("No such backtest for this user (BACKTEST_NOT_FOUND)"));
        c.addResponse(componentName(TASK_NOT_FOUND), problemResponse("No such task for this user: missing, another user's, the "
                + "scheduler's, or a run or sweep of a deleted backtest; a malformed id too (TASK_NOT_FOUND)"));
        c.addResponse(componentName(MODEL_NOT_FOUND), problemResponse("No such model for this user: missing, deleted or "
                + "another user's; a malformed id too (MODEL_NOT_FOUND)"));
        c.addResponse(componentName(REPORT_NOT_FOUND), problemResponse("No such report for this user: missing, deleted or "
                + "another user's; a malformed id too (REPORT_NOT_FOUND)"));
        c.addResponse(componentName(FORBIDDEN), problemResponse("The route is for administrators (the admin role or the admin "
                + "token) and the caller is neither (FORBIDDEN); the attempt is recorded in the audit trail"));
        c.addResponse(componentName(INDEX_NOT_FOUND), problemResponse("No such index for this user: missing, deleted or another "
                + "user's; a malformed id too (INDEX_NOT_FOUND)"));
        c.addResponse(componentName(INDEX_RESULTS_NOT_FOUND), problemResponse("No such index for this user (INDEX_NOT_FOUND), or "
                + "it has no completed run yet (INDEX_RUN_NOT_FOUND): run it and wait for the run to complete"));
        c.addResponse(componentName(ASSET_NOT_FOUND), problemResponse("No asset of that symbol (ASSET_NOT_FOUND)"));
        c.addResponse(componentName(INVALID_PAGE), problemResponse("Invalid limit, offset, cursor or sort (VALIDATION_FAILED)"));
        c.addResponse(componentName(RESULT_TOO_LARGE), problemResponse("More candles than CANDLE_MAX_ROWS (RESULT_TOO_LARGE)"));
        c.addResponse(componentName(INVALID_CANDLE_REQUEST), problemResponse("Missing or invalid fields (VALIDATION_FAILED), a "
                + "symbol not matching " + Symbols.PATTERN.pattern() + " (INVALID_SYMBOL), a timeframe outside the catalogue "
                + "(INVALID_TIMEFRAME), a reversed range or one outside the data (DATE_RANGE)"));
        c.addResponse(componentName(CANDLES_FOUND), OASFactory.createAPIResponse().description("Candles; text/csv when asked for "
                + "with Accept").content(OASFactory.createContent()
                .addMediaType("application/json", OASFactory.createMediaType().schema(ref(CANDLES)))
                .addMediaType("text/csv", OASFactory.createMediaType()))
                .addHeader("ETag", OASFactory.createHeader().description("GET only: weak ETag of the stored data and the normalised "
                        + "request; send it in If-None-Match for a 304").schema(OASFactory.createSchema().type(Schema.SchemaType.STRING)))
                .addHeader("Cache-Control", OASFactory.createHeader().description("GET: `private, max-age=3600` for a range ending "
                        + "before yesterday (UTC), else `private, no-cache`; POST: `no-store`")
                        .schema(OASFactory.createSchema().type(Schema.SchemaType.STRING))));
    }

    private static void audit(Components c) {
        c.addSchema(AUDIT_EVENT, required(object("One change, as the audit trail recorded it in the change's own transaction; "
                        + "never a value, a token or a body")
                .addProperty("id", uuid(null))
                .addProperty("time", dateTime(null))
                .addProperty("user_id", nullable(uuid("The acting user; null for the admin token")))
                .addProperty("actor_kind", enumeration(null, Arrays.stream(ActorKind.values()).map(ActorKind::wire).toList()))
                .addProperty("action", string("resource.verb").example("strategy.create"))
                .addProperty("resource_type", enumeration(null, AuditService.RESOURCE_TYPES))
                .addProperty("resource_id", nullable(string(null)))
                .addProperty("request_id", nullable(string("The X-Request-ID of the request that made the change")))
                .addProperty("changed_fields", array(string(null)).description("Names of the fields given (create) or changed (update)"))));
        c.addSchema(AUDIT_EVENT_PAGE, page(AUDIT_EVENT, "A page of audit events"));
        c.addSchema(CACHE_CLEARED, required(object("What a cache clear removed")
                .addProperty("symbol", nullable(string("The symbol cleared; null for all")))
                .addProperty("results", integer("Cached candle results dropped"))
                .addProperty("files", integer("Local copies of objects deleted; -1 when the store could not be listed"))
                .addProperty("rendered_answers", int64("Rendered JSON answers dropped (all of them)"))));
        c.addSchema(IMPORT_REPORT, required(object("What an import did")
                .addProperty("symbol", symbol())
                .addProperty("rows_read", int64("Rows read from the file"))
                .addProperty("rows_written_per_year", object("Year → bars in its object after the merge (stored bars kept, "
                        + "imported ones added)").additionalPropertiesSchema(int64(null)))
                .addProperty("objects_written", array(string(null)).description("Keys of the objects written, in year order; a year "
                        + "whose merge equals what is stored is not written"))
                .addProperty("bars_replaced", int64("Stored bars replaced by an imported bar of the same minute"))));
        c.addSchema(DIAGNOSTICS, required(object("Figures for an operator, each part read on its own")
                .addProperty("version", string(null))
                .addProperty("commit", string("The git commit of the build, or unknown"))
                .addProperty("environment", string(null))
                .addProperty("uptime_seconds", int64(null))
                .addProperty("sdk", object("Pool, queue, store, DuckDB, JVM and caches")
                        .addProperty("taken_at", dateTime(null))
                        .addProperty("pool", object("Connections: active, idle, waiting (-1 where the pool cannot say), max")
                                .additionalPropertiesSchema(integer(null)))
                        .addProperty("queue", array(object("Per task kind: queued, running, oldest_queued_age (ISO-8601 duration)")))
                        .addProperty("queue_error", nullable(string(null)))
                        .addProperty("storage", object("Object store kind, location, reachability and latency"))
                        .addProperty("duck_db_memory_bytes", int64("-1 when DuckDB cannot say"))
                        .addProperty("jvm", object("Heap, collectors and threads"))
                        .addProperty("candle_cache", object("Result cache figures"))
                        .addProperty("downloads", int64(null)))));
    }

    private static void tasks(Components c) {
        c.addSchema(TASK, required(object("One background task, whatever its kind: a backtest run, a distributed sweep, a "
                        + "market-data refresh or an import")
                .addProperty("id", uuid("The run's, the sweep's or the data task's own id"))
                .addProperty("kind", taskKind())
                .addProperty("status", taskStatus())
                .addProperty("user_id", nullable(uuid("Who started it; null for the scheduler (a scheduled refresh)")))
                .addProperty("label", string("What it works on: the backtest's name and symbol (runs, sweeps) or the symbols "
                        + "(refreshes, imports)").example("BTC 2024 (BTC)"))
                .addProperty("progress", integer("0 to 100: the run's progress, the sweep's chunks done, the data task's symbols "
                        + "done").minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(100)))
                .addProperty("cancel_requested", bool("A cancel was asked for and the task has not stopped yet"))
                .addProperty("error_code", nullable(string("When failed: the error code").example("DATA_FETCH_FAILED")))
                .addProperty("error_message", nullable(string("When failed: what went wrong")))
                .addProperty("created_at", dateTime(null))
                .addProperty("started_at", nullable(dateTime(null)))
                .addProperty("finished_at", nullable(dateTime(null)))
                .addProperty("backtest_id", nullable(uuid("The backtest of a run or a sweep; null for refreshes and imports")))));
        c.addSchema(TASK_PAGE, page(TASK, "A page of tasks, newest first across all kinds"));
        c.addSchema(SCENARIO, object("A scenario document: name, data (source store, symbols, timeframe, start, end), strategy "
                + "or portfolio, options, grid, walk_forward; its JSON Schema is published in the SDK at "
                + "dev/backtest/sdk/scenario/scenario.schema.json (README, Scenarios). Unknown properties are refused by path"));
        c.addSchema(SCENARIO_TASK, required(object("A scenario run as a task of kind scenario")
                .addProperty("task", ref(TASK))
                .addProperty("outputs", array(enumeration(null, dev.backtest.sdk.scenario.ScenarioService.OUTPUTS))
                        .description("The files written, once the task completed; empty before"))));
    }

    private static void assets(Components c) {
        List<String> classes = Arrays.stream(AssetClass.values()).map(AssetClass::wire).toList();
        c.addSchema(ASSET, required(object("An asset an index may hold; everyone reads, administrators write")
                .addProperty("symbol", symbol())
                .addProperty("name", string(null).example("Bitcoin"))
                .addProperty("asset_class", enumeration(null, classes))
                .addProperty("sector", nullable(string(null)))
                .addProperty("currency", string("The currency its prices and market caps are in").example("USD"))
                .addProperty("exchange", nullable(string(null)))
                .addProperty("active", bool("Whether new indexes may hold it"))
                .addProperty("created_at", dateTime(null))
                .addProperty("updated_at", dateTime(null))));
        c.addSchema(ASSET_INPUT, object("On create symbol, name and asset_class are required; on update null or missing fields "
                        + "keep their value and the symbol cannot change")
                .addProperty("symbol", symbol())
                .addProperty("name", string(null).minLength(1).maxLength(AssetService.MAX_NAME))
                .addProperty("asset_class", enumeration(null, classes))
                .addProperty("sector", nullable(string(null).maxLength(AssetService.MAX_SECTOR)))
                .addProperty("currency", string("1 to 12 letters or digits").pattern("^[A-Za-z0-9]{1,12}$").defaultValue("USD"))
                .addProperty("exchange", nullable(string(null).maxLength(AssetService.MAX_EXCHANGE)))
                .addProperty("active", bool(null).defaultValue(true)));
        c.addSchema(ASSET_PAGE, page(ASSET, "A page of assets, by symbol"));
        c.addSchema(MARKET_CAP, required(object("The market capitalisation of an asset on one day, in its currency")
                .addProperty("date", date(null))
                .addProperty("value", number(null))));
        c.addSchema(MARKET_CAP_LIST, array(ref(MARKET_CAP)).description("Market caps, oldest first"));
        c.addSchema(MARKET_CAP_IMPORT, required(object("What an import of market caps wrote (a day stored before is replaced)")
                .addProperty("symbol", symbol())
                .addProperty("rows", integer("Days read from the file"))
                .addProperty("first_date", date(null))
                .addProperty("last_date", date(null))));
    }

    private static void indexes(Components c) {
        String weightings = "equal (default), fixed (with weights), market_cap or inverse_volatility (with lookback)";
        c.addSchema(INDEX_INPUT, object("An index definition. On create name, universe and start_date are required and the others "
                        + "take their defaults; on update null or missing fields keep their value and the whole definition is "
                        + "validated again. Rules of docs/portfolio.md")
                .addProperty("name", string("Unique among the user's live indexes").minLength(1).maxLength(IndexService.MAX_NAME)
                        .example("Crypto majors"))
                .addProperty("description", nullable(string(null).maxLength(IndexService.MAX_DESCRIPTION)))
                .addProperty("universe", array(symbol()).description("Distinct symbols of the assets table, 1 to INDEX_MAX_ASSETS "
                        + "(default 500)"))
                .addProperty("weighting", enumeration(weightings, List.of("equal", "fixed", "market_cap", "inverse_volatility"))
                        .defaultValue("equal"))
                .addProperty("weights", nullable(object("With fixed only (and then required): symbol of the universe → weight in "
                        + "[0, 1], summing to at most 1 (the rest is cash)").additionalPropertiesSchema(number(null))))
                .addProperty("lookback", nullable(integer("With inverse_volatility: the returns of the volatility (default 60)")
                        .minimum(BigDecimal.valueOf(2)).maximum(BigDecimal.valueOf(IndexService.MAX_LOOKBACK))))
                .addProperty("max_weight", nullable(number("Cap on every weight, in (0, 1]")))
                .addProperty("schedule", string("daily, weekly, monthly (default), quarterly, yearly or every_n(N)")
                        .defaultValue("monthly").example("monthly"))
                .addProperty("threshold", nullable(number("Drift threshold in (0, 1): a rebalance whenever a weight drifts this "
                        + "far from its target")))
                .addProperty("benchmark", nullable(symbol().description("A symbol of the assets table to compare with")))
                .addProperty("base_value", number("The index value at its start, in (0, 1e12]").defaultValue(1000))
                .addProperty("base_currency", string("1 to 12 letters or digits").defaultValue("USD"))
                .addProperty("start_date", date("From 1970-01-01 to today"))
                .addProperty("commission", number("Fraction of traded value in [0, 0.1)").defaultValue(0.001)));
        c.addSchema(INDEX, required(object("An index definition as its owner reads it, every default filled in")
                .addProperty("id", uuid(null))
                .addProperty("user_id", uuid(null))
                .addProperty("name", string(null))
                .addProperty("description", nullable(string(null)))
                .addProperty("universe", array(symbol()))
                .addProperty("weighting", string(weightings))
                .addProperty("weights", nullable(object("The fixed weights; null for the other weightings")
                        .additionalPropertiesSchema(number(null))))
                .addProperty("lookback", nullable(integer("The volatility lookback; null unless inverse_volatility")))
                .addProperty("max_weight", nullable(number(null)))
                .addProperty("schedule", string(null))
                .addProperty("threshold", nullable(number(null)))
                .addProperty("benchmark", nullable(string(null)))
                .addProperty("base_value", number(null))
                .addProperty("base_currency", string(null))
                .addProperty("start_date", date(null))
                .addProperty("commission", number(null))
                .addProperty("version", int64("One more with every update"))
                .addProperty("created_at", dateTime(null))
                .addProperty("updated_at", dateTime(null))));
        c.addSchema(INDEX_PAGE, page(INDEX, "A page of indexes"));
        c.addSchema(INDEX_RUN, required(object("One run of an index, queued like a backtest run")
                .addProperty("id", uuid(null))
                .addProperty("index_id", uuid(null))
                .addProperty("status", enumeration(null, Arrays.stream(RunStatus.values()).map(RunStatus::wire).toList()))
                .addProperty("progress", integer(null).minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(100)))
                .addProperty("attempts", integer(null))
                .addProperty("max_attempts", integer(null))
                .addProperty("cancel_requested", bool(null))
                .addProperty("queued_at", dateTime(null))
                .addProperty("started_at", nullable(dateTime(null)))
                .addProperty("finished_at", nullable(dateTime(null)))
                .addProperty("error_code", nullable(string(null)))
                .addProperty("error_message", nullable(string(null)))));
        c.addSchema(INDEX_VALUE, required(object("A value on one day")
                .addProperty("date", date(null))
                .addProperty("value", number(null))));
        c.addSchema(INDEX_ALLOCATION, required(object("What the index held of one asset after a rebalance")
                .addProperty("symbol", symbol())
                .addProperty("target_weight", number("Decided at the close of decision_date"))
                .addProperty("weight", number("After the fills at the opens of fill_date"))
                .addProperty("units", number(null))
                .addProperty("price", number("The fill price"))
                .addProperty("decision_date", date(null))
                .addProperty("fill_date", date(null))));
        c.addSchema(INDEX_CURRENT, required(object("The latest value of the index (its latest completed run), its changes and the "
                        + "allocations in force; a change is null when there is no value to compare with")
                .addProperty("index_id", uuid(null))
                .addProperty("run_id", uuid(null))
                .addProperty("date", date(null))
                .addProperty("value", number(null))
                .addProperty("change_1d_pct", nullable(number("Against the value before the last")))
                .addProperty("change_1m_pct", nullable(number("Against the last value at or before the same day a month earlier")))
                .addProperty("change_ytd_pct", nullable(number("Against the last value of the year before")))
                .addProperty("allocations", array(ref(INDEX_ALLOCATION)))));
        c.addSchema(INDEX_HISTORY, required(object("The values of the latest completed run between two days, at most points evenly "
                        + "spaced, the first and last kept")
                .addProperty("index_id", uuid(null))
                .addProperty("run_id", uuid(null))
                .addProperty("total", integer("Values in the range before the reduction"))
                .addProperty("values", array(ref(INDEX_VALUE)))));
        c.addSchema(ALLOCATION_SET, required(object("The allocation in force from one rebalance on")
                .addProperty("date", date("The day of the rebalance's fills"))
                .addProperty("allocations", array(ref(INDEX_ALLOCATION)))));
        c.addSchema(ALLOCATION_SET_LIST, array(ref(ALLOCATION_SET)).description("Every rebalance of the latest completed run, oldest "
                + "first"));
        c.addSchema(BENCHMARK_POINT, required(object("The index and the rebased benchmark on one day")
                .addProperty("date", date(null))
                .addProperty("index", number(null))
                .addProperty("benchmark", number(null))));
        c.addSchema(INDEX_BENCHMARK, required(object("The index against its benchmark over the active window of its latest completed "
                        + "run, the benchmark rebased to the index's value on the window's first day; null where undefined")
                .addProperty("index_id", uuid(null))
                .addProperty("run_id", uuid(null))
                .addProperty("benchmark", symbol())
                .addProperty("points", array(ref(BENCHMARK_POINT)))
                .addProperty("index_return_pct", nullable(number(null)))
                .addProperty("benchmark_return_pct", nullable(number(null)))
                .addProperty("excess_return_pct", nullable(number("Index return minus benchmark return")))
                .addProperty("tracking_error_ann_pct", nullable(number(null)))
                .addProperty("information_ratio", nullable(number(null)))
                .addProperty("beta", nullable(number(null)))
                .addProperty("correlation", nullable(number(null)))));
        Schema stats = object("The portfolio statistics of docs/portfolio.md; null where the value is not a number (the benchmark "
                + "ones when the benchmark is not in the universe: see getIndexBenchmark)");
        for (String name : PortfolioStats.NAMES) {
            stats.addProperty(name, switch (name) {
                case "start" -> dateTime("Time of the first value");
                case "end" -> dateTime("Time of the last value");
                case "rebalances", "periods_per_year" -> integer(null);
                default -> nullable(number(null));
            });
        }
        c.addSchema(PORTFOLIO_STATS, required(stats));
        c.addSchema(SIMULATION_REQUEST, object("An investment to simulate: amount put at start_date into one of the caller's "
                        + "indexes or into one asset, with an optional monthly contribution; exactly one of index_id and symbol")
                .addProperty("amount", number("Finite, in (0, 1e12]").example(10000))
                .addProperty("start_date", date("From 1970-01-01 to today"))
                .addProperty("currency", string("1 to 12 letters or digits: the index's base currency or the asset's currency")
                        .defaultValue("USD"))
                .addProperty("monthly_contribution", nullable(number("Finite, in [0, 1e12]")))
                .addProperty("index_id", nullable(uuid("One of the caller's indexes")))
                .addProperty("symbol", nullable(symbol().description("An asset")))
                .required(List.of("amount", "start_date")));
        c.addSchema(SIMULATION_RESULT, required(object("A simulated investment: its value each day, what was put in, what it was "
                        + "worth at the end, time- and money-weighted returns (null where undefined)")
                .addProperty("currency", string(null))
                .addProperty("value_path", array(ref(INDEX_VALUE)))
                .addProperty("amount", number(null))
                .addProperty("total_contributions", number(null))
                .addProperty("total_invested", number(null))
                .addProperty("final_value", number(null))
                .addProperty("time_weighted_return_pct", nullable(number(null)))
                .addProperty("time_weighted_return_ann_pct", nullable(number(null)))
                .addProperty("money_weighted_return_pct", nullable(number("XIRR over 365-day years")))));
    }

    private static Schema taskKind() {
        return enumeration(null, Arrays.stream(TaskKind.values()).map(TaskKind::wire).toList());
    }

    private static Schema taskStatus() {
        return enumeration(null, Arrays.stream(TaskStatus.values()).map(TaskStatus::wire).toList());
    }

    private static void coverage(Components c) {
        c.addSchema(DAY_SPAN, required(object("Consecutive days, both ends included")
                .addProperty("first", date(null))
                .addProperty("last", date(null))
                .addProperty("days", integer(null))));
        c.addSchema(MINUTE_SPAN, required(object("Missing minutes [from, to): from is the first minute without a bar, to the next "
                        + "minute with one or the end of the day")
                .addProperty("from", dateTime(null))
                .addProperty("to", dateTime(null))));
        c.addSchema(PARTIAL_DAY, required(object("A day with 1-minute bars but not all 1,440 of them")
                .addProperty("date", date(null))
                .addProperty("bars", integer("Minutes with a bar"))
                .addProperty("missing_minutes", integer(null))
                .addProperty("missing_spans", integer("Runs of missing minutes on the day"))
                .addProperty("missing", array(ref(MINUTE_SPAN)).description("The first " + Coverage.MAX_SPANS_PER_DAY + " runs"))));
        c.addSchema(COVERAGE_LAYOUT, required(object("The coverage in one layout")
                .addProperty("source_resolution", sourceResolution())
                .addProperty("bar", enumeration("Width of the layout's bars", List.of("1m", "1d")))
                .addProperty("days_with_data", integer("Days with at least one bar"))
                .addProperty("first_bar", nullable(dateTime("The first bar in the range")))
                .addProperty("last_bar", nullable(dateTime("The last bar in the range")))
                .addProperty("covered", array(ref(DAY_SPAN)).description("Runs of days with data (at most " + Coverage.MAX_DAY_SPANS + ")"))
                .addProperty("missing_days", array(ref(DAY_SPAN)).description("Runs of days without any bar (at most "
                        + Coverage.MAX_DAY_SPANS + ")"))
                .addProperty("day_spans_truncated", bool("Whether covered or missing_days was cut"))
                .addProperty("missing_minutes", nullable(int64("1-minute layouts: minutes without a bar on the days with data; "
                        + "null for daily bars")))
                .addProperty("partial_day_count", nullable(integer("1-minute layouts: days with data but not every minute; null "
                        + "for daily bars")))
                .addProperty("partial_days", array(ref(PARTIAL_DAY)).description("Those days in time order, the first "
                        + Coverage.MAX_PARTIAL_DAYS))
                .addProperty("partial_days_truncated", bool(null))));
        c.addSchema(COVERAGE, required(object("Which UTC days of a range a symbol has data for, per stored layout, and the gaps. "
                        + "No exchange calendar is applied: weekends, holidays and hours outside a session are gaps like any "
                        + "other. Lists are capped; counts are exact")
                .addProperty("symbol", symbol())
                .addProperty("start_date", date(null))
                .addProperty("end_date", date(null))
                .addProperty("days", integer("Days from start_date to end_date, both included"))
                .addProperty("resolutions", array(ref(COVERAGE_LAYOUT)).description("One entry per layout holding any data of the symbol"))));
    }

    /** The paging and id parameters the list and item operations share (the limits are the SDK's own). */
    private static void parameters(Components c) {
        c.addParameter(componentName(LIMIT), query("limit", "Page size", integer(null).minimum(BigDecimal.ONE)
                .maximum(BigDecimal.valueOf(PageRequest.MAX_LIMIT)).defaultValue(PageRequest.DEFAULT_LIMIT)));
        c.addParameter(componentName(OFFSET), query("offset", "Items to skip (offset paging); not together with cursor",
                integer(null).minimum(BigDecimal.ZERO).defaultValue(0)));
        c.addParameter(componentName(CURSOR), query("cursor", "next_cursor of the previous page (an opaque token for the next "
                + "offset); not together with offset", string(null)));
        c.addParameter(componentName(SORT), query("sort", "-created_at: newest first (default); created_at: oldest first; "
                + "name: by name", enumeration(null, List.of("-created_at", "created_at", "name")).defaultValue("-created_at")));
        c.addParameter(componentName(TIMEFRAME), query("timeframe", "Candle width",
                timeframe().example(null).defaultValue(CandleParams.DEFAULT_TIMEFRAME.code())));
        c.addParameter(componentName(SOURCE_RESOLUTION), query("source_resolution", "Layout of the raw files: 1Y (yearly) or 1m "
                + "(legacy daily)", enumeration(null, Arrays.stream(SourceResolution.values()).map(SourceResolution::code).toList())
                .defaultValue(SourceResolution.YEARLY.code())));
        c.addParameter(componentName(AUDIT_RESOURCE_TYPE), query("resource_type", "Only events about this kind of resource",
                enumeration(null, AuditService.RESOURCE_TYPES)));
        c.addParameter(componentName(AUDIT_FROM), query("from", "Events at or after this time (ISO-8601)", dateTime(null)));
        c.addParameter(componentName(AUDIT_TO), query("to", "Events before this time (ISO-8601)", dateTime(null)));
        c.addParameter(componentName(AUDIT_SORT), query("sort", "-created_at: newest first (default); created_at: oldest first",
                enumeration(null, List.of("-created_at", "created_at")).defaultValue("-created_at")));
        c.addParameter(componentName(TASK_KIND), query("kind", "Only tasks of this kind", taskKind()));
        c.addParameter(componentName(TASK_STATUS), query("status", "Only tasks in this status", taskStatus()));
        c.addParameter(componentName(TASK_ID), path("task_id", "Task id (UUID): a run's, a sweep's, a refresh's or an import's; "
                + "a malformed id answers 404 like a missing one", "3c2f7a10-8d4e-4b7a-9e51-6f0a2d9c8b13"));
        c.addParameter(componentName(POINTS), query("points", "Most points of the equity curve, evenly spaced bars, first and "
                + "last kept", integer(null).minimum(BigDecimal.valueOf(2)).maximum(BigDecimal.valueOf(RunService.MAX_POINTS))
                .defaultValue(500)));
        c.addParameter(componentName(RESULTS_FORMAT), query("format", "json (default): the results object; csv: one part of "
                + "the results as an RFC 4180 file (see part), times ISO-8601 UTC, numbers in full precision, undefined values "
                + "empty", enumeration(null, List.of("json", "csv")).defaultValue("json")));
        c.addParameter(componentName(RESULTS_PART), query("part", "With format=csv, required: trades (every closed trade: seq, "
                + "entry_time, exit_time, side, size, entry_bar, exit_bar, entry_price, exit_price, commission, pnl, return_pct, "
                + "bars_held, duration_days) or equity (bar, time, equity, drawdown; reduced to points, by default "
                + RunService.MAX_POINTS + ")", enumeration(null, List.of("trades", "equity"))));
        c.addParameter(componentName(RUN_ID), path("run_id", "Run id (UUID) of one of the backtest's runs; a malformed id answers "
                + "404 like a missing one", "9d1e4b2a-6c3f-4e8a-b7d2-1f5a9c0e3b47"));
        c.addParameter(componentName(MODEL_ID), path("model_id", "Model id (UUID); a malformed id answers 404 like a missing one",
                "018c1f2e-4a5b-7c6d-8e9f-0a1b2c3d4e5f"));
        c.addParameter(componentName(REPORT_ID), path("report_id", "Report id (UUID); a malformed id answers 404 like a missing one",
                "2a7c9e41-3b5d-4f6a-8c1e-0d9b7f3a5e62"));
        c.addParameter(componentName(BACKTEST_ID), path("backtest_id", "Backtest id (UUID); a malformed id answers 404 like a "
                + "missing one", "5f0c2a8e-9a4b-4f7e-8d1c-3b6a2e9f4c21"));
        c.addParameter(componentName(INDEX_ID), path("index_id", "Index id (UUID); a malformed id answers 404 like a "
                + "missing one", "7a1d5c3e-2b9f-4e6a-8c0d-1f4e7b2a9c35"));
        c.addParameter(componentName(ASSET_SYMBOL), OASFactory.createParameter().name("symbol").in(Parameter.In.PATH).required(true)
                .description("Asset symbol, upper case (a malformed one is INVALID_SYMBOL)").example("BTC").schema(symbol().example(null)));
        c.addParameter(componentName(STRATEGY_ID), path("strategy_id", "Strategy id (UUID); a malformed id answers 404 like a "
                + "missing one", "0b8e3c9a-4a51-4c8e-9f4e-2f2b6c1d7e10"));
    }

    private static Parameter query(String name, String description, Schema schema) {
        return OASFactory.createParameter().name(name).in(Parameter.In.QUERY).description(description).schema(schema);
    }

    private static Parameter path(String name, String description, String example) {
        return OASFactory.createParameter().name(name).in(Parameter.In.PATH).required(true).description(description)
                .example(example).schema(string(null).format("uuid"));
    }

    private static Header retryAfter() {
        return OASFactory.createHeader().description("Seconds to wait").schema(integer(null));
    }

    private static String componentName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private static void strategies(Components c) {
        c.addSchema(STRATEGY_INPUT, object("On create name and type are required; on update null or missing fields keep their "
                        + "value (a new type re-validates the parameters, missing ones take its defaults)")
                .addProperty("name", string("Unique among the user's live strategies").maxLength(StrategyService.MAX_NAME).example("Fast cross"))
                .addProperty("description", string(null).maxLength(StrategyService.MAX_DESCRIPTION).example("10/30 SMA"))
                .addProperty("type", strategyType())
                .addProperty("parameters", parameters("Parameters of the type; unknown names are rejected, missing ones take "
                        + "the type's defaults"))
                .addProperty("is_public", bool("Whether other users may read (not change) it; default false")));
        c.addSchema(STRATEGY, required(object("A strategy as the reader sees it")
                .addProperty("id", uuid(null))
                .addProperty("user_id", uuid("The owner"))
                .addProperty("name", string(null))
                .addProperty("description", nullable(string(null)))
                .addProperty("type", strategyType())
                .addProperty("parameters", parameters("Every parameter of the type, defaults filled in"))
                .addProperty("is_public", bool(null))
                .addProperty("owned", bool("Whether the reader owns it (and may change it)"))
                .addProperty("created_at", dateTime(null))
                .addProperty("updated_at", dateTime(null))));
        c.addSchema(STRATEGY_PAGE, page(STRATEGY, "A page of strategies"));
    }

    private static void backtests(Components c) {
        c.addSchema(BACKTEST_INPUT, object("On create name, symbol, timeframe, start_date, end_date and initial_capital are "
                        + "required; on update null or missing fields keep their value (initial_capital and symbol cannot "
                        + "change once trades are recorded)")
                .addProperty("name", string(null).maxLength(BacktestService.MAX_NAME).example("BTC 2024"))
                .addProperty("strategy", string("Id or name of a strategy the user owns or a public one; needed to run"))
                .addProperty("symbol", symbol())
                .addProperty("timeframe", timeframe())
                .addProperty("start_date", date("First day, from 1970-01-01"))
                .addProperty("end_date", date("Last day, inclusive, not before start_date, until 2100-12-31"))
                .addProperty("initial_capital", number("Greater than 0, at most 8 decimals").minimum(BigDecimal.ZERO)
                        .exclusiveMinimum(true).maximum(BacktestService.MAX_CAPITAL))
                .addProperty("commission", number("Commission rate per fill, at most 10 decimals").minimum(BigDecimal.ZERO)
                        .maximum(BacktestService.MAX_COMMISSION_EXCLUSIVE).exclusiveMaximum(true)
                        .defaultValue(BacktestService.DEFAULT_COMMISSION))
                .addProperty("parameters", parameters("Overrides of the strategy's parameters, checked against its type "
                        + "(at most 50 entries without a strategy); on update they replace the previous overrides as a whole")));
        c.addSchema(BACKTEST_METRICS, required(object("The latest figures; null while not known. Recorded trades keep "
                        + "final_capital, total_return_pct, win_rate_pct and total_trades current; runs set them all")
                .addProperty("final_capital", nullable(number(null)))
                .addProperty("total_return_pct", nullable(number(null)))
                .addProperty("sharpe_ratio", nullable(number(null)))
                .addProperty("max_drawdown_pct", nullable(number(null)))
                .addProperty("win_rate_pct", nullable(number(null)))
                .addProperty("total_trades", integer(null))));
        c.addSchema(BACKTEST, required(object("A backtest as its owner sees it")
                .addProperty("id", uuid(null))
                .addProperty("name", string(null))
                .addProperty("strategy_id", nullable(uuid(null)))
                .addProperty("strategy_name", nullable(string("While the strategy is not deleted")))
                .addProperty("symbol", symbol())
                .addProperty("timeframe", timeframe())
                .addProperty("start_date", date(null))
                .addProperty("end_date", date(null))
                .addProperty("initial_capital", number(null))
                .addProperty("commission", number("Commission rate"))
                .addProperty("parameters", parameters("The backtest's overrides of its strategy's parameters"))
                .addProperty("status", enumeration("draft → queued → running → completed | failed | cancelled; queued and "
                        + "running backtests cannot be changed, deleted, run or traded on", Arrays.stream(BacktestStatus.values())
                        .map(BacktestStatus::wire).toList()))
                .addProperty("cash", number("Initial capital moved by recorded trades"))
                .addProperty("position_quantity", number("Bought minus sold by recorded trades"))
                .addProperty("metrics", ref(BACKTEST_METRICS))
                .addProperty("created_at", dateTime(null))
                .addProperty("updated_at", dateTime(null))));
        c.addSchema(BACKTEST_PAGE, page(BACKTEST, "A page of backtests"));
    }

    private static void runs(Components c) {
        c.addSchema(RUN, required(object("One run of a backtest")
                .addProperty("id", uuid(null))
                .addProperty("backtest_id", uuid(null))
                .addProperty("status", enumeration(null, Arrays.stream(RunStatus.values()).map(RunStatus::wire).toList()))
                .addProperty("progress", integer("Percent done").minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(100)))
                .addProperty("attempts", integer("Attempts so far (a worker death or an unexpected error costs one)"))
                .addProperty("max_attempts", integer(null).example(RunService.MAX_ATTEMPTS))
                .addProperty("cancel_requested", bool(null))
                .addProperty("queued_at", dateTime(null))
                .addProperty("started_at", nullable(dateTime(null)))
                .addProperty("finished_at", nullable(dateTime(null)))
                .addProperty("heartbeat_at", nullable(dateTime(null)))
                .addProperty("worker_id", nullable(string("The instance running or that ran it")))
                .addProperty("error_code", nullable(string("When failed: the error code, e.g. INVALID_STRATEGY_PARAMETER")))
                .addProperty("error_message", nullable(string("When failed: what went wrong")))));
        c.addSchema(RUN_PAGE, page(RUN, "A page of the backtest's runs, newest first unless sort=created_at"));
        c.addSchema(RUN_STATS, runStats());
        c.addSchema(EQUITY_CURVE, required(object("Columns of the equity curve, reduced to at most the requested number of "
                        + "evenly spaced bars (first and last kept)")
                .addProperty("bar_index", array(integer(null)).description("Which bar each point is"))
                .addProperty("time", array(int64(null)).description("Bar time, unix seconds UTC"))
                .addProperty("equity", array(number(null)))
                .addProperty("drawdown", array(number(null)).description("Fraction below the running peak, 0.1 = 10 %"))));
        c.addSchema(RUN_TRADE, required(object("A closed trade of a run")
                .addProperty("seq", integer("Order in which the engine closed it"))
                .addProperty("size", number(null))
                .addProperty("entry_bar", integer(null))
                .addProperty("exit_bar", integer(null))
                .addProperty("entry_time", dateTime(null))
                .addProperty("exit_time", dateTime(null))
                .addProperty("entry_price", number(null))
                .addProperty("exit_price", number(null))
                .addProperty("commission", number(null))
                .addProperty("pnl", number(null))
                .addProperty("return_pct", number("A fraction as in the engine, 0.05 = 5 %"))));
        c.addSchema(RUN_TRADE_PAGE, page(RUN_TRADE, "A page of the run's trades; this endpoint pages by offset"));
        c.addSchema(RUN_RESULTS, required(object("The results of the latest completed run")
                .addProperty("run_id", uuid(null))
                .addProperty("backtest_id", uuid(null))
                .addProperty("bar_count", integer(null))
                .addProperty("stats", ref(RUN_STATS))
                .addProperty("equity", ref(EQUITY_CURVE))
                .addProperty("trades", ref(RUN_TRADE_PAGE))));
        c.addSchema(OPTIMIZE_REQUEST, object("A parameter sweep: every combination of the grid values (other parameters keep "
                        + "the backtest's values) that the constraint allows and the strategy accepts")
                .addProperty("grid", object("Parameter name → the values to try; at most OPTIMIZE_MAX_GRID combinations (default "
                        + OptimizationService.DEFAULT_MAX_GRID_SIZE + ")").additionalPropertiesSchema(array(OASFactory.createSchema())))
                .addProperty("constraint", string("a < b or a <= b between two parameter names; nothing else is evaluated")
                        .example("fast < slow"))
                .addProperty("metric", string("JSON name of the statistic to rank by (see RunStats)").defaultValue("sharpe_ratio"))
                .addProperty("top", integer("How many of the best to return").minimum(BigDecimal.ONE)
                        .maximum(BigDecimal.valueOf(Sweep.MAX_TOP)).defaultValue(Sweep.DEFAULT_TOP))
                .required(List.of("grid")));
        c.addSchema(OPTIMIZE_ENTRY, required(object("One parameter set of a sweep")
                .addProperty("parameters", parameters("Every parameter it ran with"))
                .addProperty("metric", nullable(number("The metric's value; null when undefined (ranked last)")))
                .addProperty("stats", ref(RUN_STATS))));
        c.addSchema(OPTIMIZE_RESULT, required(object("The best parameter sets of a sweep, best first; nothing is stored")
                .addProperty("strategy", strategyType())
                .addProperty("metric", string(null))
                .addProperty("grid_size", int64("Combinations in the grid, before the constraint"))
                .addProperty("evaluated", integer("Combinations run (the constraint and the strategy's own rules skip others)"))
                .addProperty("results", array(ref(OPTIMIZE_ENTRY)))));
        Schema optimization = required(object("A distributed parameter sweep: the combinations run as queue items (chunks) on "
                        + "every instance with workers. result is null until status is completed, then exactly what "
                        + "optimizeBacktest answers for the same request")
                .addProperty("id", uuid(null))
                .addProperty("backtest_id", uuid(null))
                .addProperty("status", enumeration(null, Arrays.stream(RunStatus.values()).map(RunStatus::wire).toList()))
                .addProperty("strategy", strategyType())
                .addProperty("metric", string(null))
                .addProperty("top", integer(null))
                .addProperty("grid_size", int64("Combinations in the grid, before the constraint"))
                .addProperty("combinations", integer("Combinations the constraint allows and the strategy accepts: what the sweep runs"))
                .addProperty("chunks", integer("Queue items the combinations are cut into"))
                .addProperty("chunks_done", integer(null))
                .addProperty("progress", integer("chunks_done of chunks, in percent").minimum(BigDecimal.ZERO)
                        .maximum(BigDecimal.valueOf(100)))
                .addProperty("evaluated", integer("Combinations run so far"))
                .addProperty("queued_at", dateTime(null))
                .addProperty("started_at", nullable(dateTime(null)))
                .addProperty("finished_at", nullable(dateTime(null)))
                .addProperty("error_code", nullable(string("When failed: the failed chunk's error code")))
                .addProperty("error_message", nullable(string("When failed: which chunk failed and why"))));
        // a $ref takes no nullable sibling in OpenAPI 3.0 (and Payara drops an allOf around it): optional instead
        c.addSchema(OPTIMIZATION, optimization.addProperty("result", ref(OPTIMIZE_RESULT)));
        walkForwards(c);
    }

    private static void walkForwards(Components c) {
        c.addSchema(WALK_FORWARD_REQUEST, object("A walk-forward optimisation: the sweep (as OptimizeRequest, without top) on each "
                        + "training window, its best parameters on the following test window (docs/engine.md)")
                .addProperty("grid", object("Parameter name → the values to try; at most OPTIMIZE_MAX_GRID combinations")
                        .additionalPropertiesSchema(array(OASFactory.createSchema())))
                .addProperty("constraint", string("a < b or a <= b between two parameter names").example("fast < slow"))
                .addProperty("metric", string("JSON name of the statistic to maximise on each training window").defaultValue("sharpe_ratio"))
                .addProperty("train_bars", integer("Bars of each training window").minimum(BigDecimal.valueOf(2)))
                .addProperty("test_bars", integer("Bars of each test window").minimum(BigDecimal.valueOf(2)))
                .addProperty("step", integer("Bars between windows, at least test_bars (default test_bars)"))
                .addProperty("mode", enumeration("rolling: a training window of fixed length; anchored: from the first bar",
                        List.of("rolling", "anchored")).defaultValue("rolling"))
                .required(List.of("grid", "train_bars", "test_bars")));
        Schema walkForward = required(object("A walk-forward optimisation of a backtest, run as a task of kind walk_forward. "
                        + "result is null until status is completed")
                .addProperty("id", uuid(null))
                .addProperty("backtest_id", uuid(null))
                .addProperty("status", enumeration(null, Arrays.stream(RunStatus.values()).map(RunStatus::wire).toList()))
                .addProperty("strategy", strategyType())
                .addProperty("metric", string(null))
                .addProperty("mode", enumeration(null, List.of("rolling", "anchored")))
                .addProperty("train_bars", integer(null))
                .addProperty("test_bars", integer(null))
                .addProperty("step", integer(null))
                .addProperty("windows", integer("Windows of the candles"))
                .addProperty("windows_done", integer(null))
                .addProperty("progress", integer("windows_done of windows, in percent").minimum(BigDecimal.ZERO)
                        .maximum(BigDecimal.valueOf(100)))
                .addProperty("queued_at", dateTime(null))
                .addProperty("started_at", nullable(dateTime(null)))
                .addProperty("finished_at", nullable(dateTime(null)))
                .addProperty("error_code", nullable(string(null)))
                .addProperty("error_message", nullable(string(null))));
        c.addSchema(WALK_FORWARD, walkForward.addProperty("result", object("Once completed: mode, train_bars, test_bars, step, metric; "
                + "windows [{index, train_first, train_last, train_start, train_end, test_first, test_last, test_start, test_end, "
                + "params, in_sample_metric, out_of_sample_metric, in_sample_return_ann_pct, out_of_sample_return_ann_pct, "
                + "out_of_sample_trades, start_equity, end_equity, efficiency}]; out_of_sample (RunStats of the stitched curve); "
                + "mean_in_sample_return_ann_pct; efficiency; equity {time, equity}")));
    }

    private static void models(Components c) {
        Schema features = array(string("returns, range, body, upper_wick, lower_wick, volume_change, sma:N, ema:N or rsi:N (N 2-"
                + ModelSpec.MAX_LAGS + ")")).description("Feature columns, each read from bars up to the predicted bar's close; "
                + "default [returns]");
        c.addSchema(TRAIN_REQUEST, object("What to train on: a window (symbol, timeframe, start_date, end_date) or a backtest "
                        + "(backtest_id, steps: the bars that end before its first bar); and the model")
                .addProperty("name", string(null).maxLength(ModelService.MAX_NAME))
                .addProperty("symbol", symbol())
                .addProperty("timeframe", timeframe())
                .addProperty("start_date", date("First day of the window"))
                .addProperty("end_date", date("Last day of the window (included)"))
                .addProperty("backtest_id", uuid("Train on the bars before this backtest's first bar instead of a window"))
                .addProperty("steps", integer("Bars with backtest_id; default " + MlModels.DEFAULT_STEPS))
                .addProperty("kind", enumeration(null, Arrays.stream(ModelKind.values()).map(ModelKind::wire).toList()))
                .addProperty("lags", integer("Lagged returns (p); default 5"))
                .addProperty("features", features)
                .addProperty("horizon", integer("Bars ahead of the target return; default 1"))
                .addProperty("max_depth", integer("Depth of the trees; default 5"))
                .addProperty("epochs", integer("Passes of the gradient-descent models; default 5"))
                .required(List.of("kind")));
        c.addSchema(MODEL_SPEC, required(object("The model: kind, features and target")
                .addProperty("kind", enumeration(null, Arrays.stream(ModelKind.values()).map(ModelKind::wire).toList()))
                .addProperty("lags", integer(null))
                .addProperty("features", array(string(null)))
                .addProperty("horizon", integer(null))
                .addProperty("max_depth", integer(null))
                .addProperty("epochs", integer(null))));
        c.addSchema(MODEL, required(object("A trained model's metadata. The training window counts the features' lookback "
                        + "(first_training_bar) and the target's horizon (last_training_bar); a run of ml_predictive whose first bar "
                        + "is at or before last_training_bar is refused with DATA_LEAKAGE")
                .addProperty("id", uuid(null))
                .addProperty("name", nullable(string(null)))
                .addProperty("symbol", symbol())
                .addProperty("timeframe", timeframe())
                .addProperty("spec", ref(MODEL_SPEC))
                .addProperty("first_training_bar", dateTime(null))
                .addProperty("last_training_bar", dateTime(null))
                .addProperty("training_bars", integer(null))
                .addProperty("samples", integer("Bars with features and a target"))
                .addProperty("fingerprint", string("SHA-256 of the training window's bars"))
                .addProperty("metrics", object("On the held-out last 20% of the samples: rmse, mae, zero_rmse, direction_accuracy "
                        + "(regressions), accuracy, majority_accuracy (classifications), train_samples, test_samples")
                        .additionalPropertiesSchema(number(null)))
                .addProperty("created_at", dateTime(null))));
        c.addSchema(MODEL_PAGE, page(MODEL, "A page of models, oldest first"));
    }

    private static void reports(Components c) {
        c.addSchema(REPORT_REQUEST, object("What a saved report is built from: a type; for backtest_summary and period_returns "
                        + "the backtest and optionally one of its completed runs (default: the latest completed), for "
                        + "index_performance one of the caller's indexes (its latest completed run); and optionally a period of "
                        + "whole UTC days inside the run's bars or values (default: all of them)")
                .addProperty("type", enumeration(null, ReportType.availableWires()))
                .addProperty("title", string("Default: the type's label, the backtest's or index's name and the period")
                        .maxLength(ReportService.MAX_TITLE))
                .addProperty("backtest_id", uuid("Required for backtest_summary and period_returns; refused for index_performance"))
                .addProperty("run_id", uuid("A completed run of the backtest; default its latest completed run"))
                .addProperty("index_id", uuid("Required for index_performance (INDEX_NOT_FOUND when not the caller's, "
                        + "INDEX_RUN_NOT_FOUND without a completed run); refused for the other types"))
                .addProperty("start_date", date("First day of the period, inside the run's bars"))
                .addProperty("end_date", date("Last day of the period (included), inside the run's bars"))
                .required(List.of("type")));
        c.addSchema(REPORT_SOURCE, required(object("The run the report was built from, as it was then")
                .addProperty("backtest_id", uuid(null))
                .addProperty("backtest_name", string(null))
                .addProperty("run_id", uuid(null))
                .addProperty("run_finished_at", nullable(dateTime(null)))
                .addProperty("symbol", symbol())
                .addProperty("timeframe", timeframe())
                .addProperty("strategy", strategyType())
                .addProperty("parameters", parameters("Every parameter the run used"))
                .addProperty("first_date", date("Day of the run's first bar"))
                .addProperty("last_date", date("Day of the run's last bar"))));
        c.addSchema(REPORT_SUMMARY, required(object("Figures over the period; returns in percent")
                .addProperty("bars", integer(null))
                .addProperty("first_time", dateTime(null))
                .addProperty("last_time", dateTime(null))
                .addProperty("start_equity", number(null))
                .addProperty("end_equity", number(null))
                .addProperty("return_pct", nullable(number("null when the period starts at zero equity or less")))
                .addProperty("max_drawdown_pct", number("Deepest fall below the period's own running peak, 0 or negative"))
                .addProperty("trades", integer("Trades closed in the period"))
                .addProperty("winning_trades", integer(null))
                .addProperty("win_rate_pct", nullable(number("null without trades")))));
        c.addSchema(REPORT_EQUITY, required(object("The equity over the period, at most " + ReportService.MAX_EQUITY_POINTS
                        + " evenly spaced points; empty for period_returns; every index value of the period for index_performance")
                .addProperty("time", array(int64(null)).description("Unix seconds UTC"))
                .addProperty("equity", array(number(null)))
                .addProperty("drawdown_pct", array(number(null)).description("Percent below the period's running peak, 0 or negative"))));
        c.addSchema(PERIOD_RETURN, required(object("One calendar month (2023-01) or year (2023) in UTC: compounded from its last "
                        + "equity point over the last point before it (the period's first point for the first)")
                .addProperty("period", string(null).example("2023-01"))
                .addProperty("start", date("First day with a bar"))
                .addProperty("end", date("Last day with a bar"))
                .addProperty("start_equity", number(null))
                .addProperty("end_equity", number(null))
                .addProperty("return_pct", nullable(number(null)))));
        c.addSchema(REPORT_BENCHMARK, required(object("The index against its benchmark over the period: rebased to the same start, "
                        + "returns in percent, annualised tracking error, information ratio, beta, correlation (null where undefined)")
                .addProperty("symbol", symbol())
                .addProperty("points", array(ref(BENCHMARK_POINT)))
                .addProperty("index_return_pct", nullable(number(null)))
                .addProperty("benchmark_return_pct", nullable(number(null)))
                .addProperty("excess_return_pct", nullable(number(null)))
                .addProperty("tracking_error_ann_pct", nullable(number(null)))
                .addProperty("information_ratio", nullable(number(null)))
                .addProperty("beta", nullable(number(null)))
                .addProperty("correlation", nullable(number(null)))));
        Schema index = required(object("What an index_performance report was built from and adds: the index and its run as they "
                        + "were then, and the risk metrics of the period's values (equity statistics, null where undefined; empty "
                        + "for one value); benchmark is absent or null without a benchmark")
                .addProperty("index_id", uuid(null))
                .addProperty("index_name", string(null))
                .addProperty("run_id", uuid(null))
                .addProperty("run_finished_at", nullable(dateTime(null)))
                .addProperty("universe", array(symbol()))
                .addProperty("weighting", string(null))
                .addProperty("base_currency", string(null))
                .addProperty("first_date", date("Day of the run's first value"))
                .addProperty("last_date", date("Day of the run's last value"))
                .addProperty("risk_metrics", object("Metric name → value").additionalPropertiesSchema(nullable(number(null)))));
        c.addSchema(REPORT_INDEX, index.addProperty("benchmark", ref(REPORT_BENCHMARK)));
        Schema content = required(object("What the report computed, version " + ReportService.CONTENT_VERSION
                        + " of the layout; source for the backtest types, index for index_performance (the other absent or null)")
                .addProperty("summary", ref(REPORT_SUMMARY))
                .addProperty("equity", ref(REPORT_EQUITY))
                .addProperty("trades", array(ref(RUN_TRADE)).description("Trades closed in the period (backtest_summary; empty otherwise)"))
                .addProperty("monthly", array(ref(PERIOD_RETURN)))
                .addProperty("yearly", array(ref(PERIOD_RETURN))));
        c.addSchema(REPORT_CONTENT, content.addProperty("source", ref(REPORT_SOURCE)).addProperty("index", ref(REPORT_INDEX)));
        // a $ref takes no nullable sibling in OpenAPI 3.0: content is left out of required instead (null in lists)
        Schema report = required(object("A saved report and what it was built from; content is null in lists")
                .addProperty("id", uuid(null))
                .addProperty("type", enumeration(null, Arrays.stream(ReportType.values()).map(ReportType::wire).toList()))
                .addProperty("title", string(null))
                .addProperty("backtest_id", nullable(uuid("null for index_performance")))
                .addProperty("run_id", uuid("The backtest run, or for index_performance the index run, it was built from"))
                .addProperty("index_id", nullable(uuid("The index of an index_performance report; null otherwise")))
                .addProperty("start_date", date(null))
                .addProperty("end_date", date(null))
                .addProperty("source_fingerprint", string("SHA-256 (hex) of the run's stored results (an index run's stored "
                        + "values) the report read"))
                .addProperty("content_version", integer(null))
                .addProperty("created_at", dateTime(null)));
        c.addSchema(REPORT, report.addProperty("content", ref(REPORT_CONTENT)));
        c.addSchema(REPORT_PAGE, page(REPORT, "A page of reports without their content, newest first"));
    }

    /** The engine's statistics, by their names in the order they are written ({@link Stats#NAMES}). */
    private static Schema runStats() {
        Schema stats = object("The engine's statistics, names and definitions of docs/engine.md; null where the engine's "
                + "value is not a number (NaN or infinite)");
        Set<String> integers = Set.of("trades", "periods_per_year");
        for (String name : Stats.NAMES) {
            Schema s = switch (name) {
                case "start" -> dateTime("Time of the first bar");
                case "end" -> dateTime("Time of the last bar");
                default -> integers.contains(name) ? integer(null) : nullable(number(null));
            };
            stats.addProperty(name, s);
        }
        return required(stats);
    }

    private static void trades(Components c) {
        String amount = "Greater than 0, at most 10 decimals";
        c.addSchema(TRADE_INPUT, object("A manual fill; it goes only to a backtest that is not queued or running")
                .addProperty("backtest_id", uuid(null))
                .addProperty("symbol", symbol().description("The backtest's symbol"))
                .addProperty("side", side())
                .addProperty("quantity", tradeAmount(amount, true))
                .addProperty("price", tradeAmount(amount, true))
                .addProperty("executed_at", dateTime("From 1970 to 2100"))
                .addProperty("commission", tradeAmount("An amount, 0 or more, at most 10 decimals; default: the backtest's "
                        + "commission rate × quantity × price", false))
                .required(List.of("backtest_id", "symbol", "side", "quantity", "price", "executed_at")));
        c.addSchema(TRADE, required(object("A recorded fill")
                .addProperty("id", uuid(null))
                .addProperty("backtest_id", uuid(null))
                .addProperty("symbol", symbol())
                .addProperty("side", side())
                .addProperty("quantity", number(null))
                .addProperty("price", number(null))
                .addProperty("commission", number("An amount in the quote currency"))
                .addProperty("executed_at", dateTime(null))
                .addProperty("created_at", dateTime(null))));
        c.addSchema(TRADE_PAGE, page(TRADE, "A page of trades"));
        c.addSchema(RECORDED_TRADE, required(object("The trade and its backtest as the same transaction left them")
                .addProperty("trade", ref(TRADE))
                .addProperty("backtest", ref(BACKTEST))));
    }

    private static void marketData(Components c) {
        c.addSchema(CANDLE, required(object("One candle")
                .addProperty("t", int64("Bucket start, unix seconds UTC"))
                .addProperty("o", number(null))
                .addProperty("h", number(null))
                .addProperty("l", number(null))
                .addProperty("c", number(null))
                .addProperty("v", number(null))));
        c.addSchema(CANDLES, object("Candles of one symbol: the columns t o h l c v (t: bucket start, unix seconds UTC) or, "
                        + "with format=rows, candles")
                .addProperty("symbol", string(null).example("BTC"))
                .addProperty("timeframe", timeframe())
                .addProperty("source_resolution", sourceResolution())
                .addProperty("start_date", date(null))
                .addProperty("end_date", date(null))
                .addProperty("count", integer(null))
                .addProperty("t", array(int64(null)))
                .addProperty("o", array(number(null)))
                .addProperty("h", array(number(null)))
                .addProperty("l", array(number(null)))
                .addProperty("c", array(number(null)))
                .addProperty("v", array(number(null)))
                .addProperty("candles", array(ref(CANDLE)).description("With format=rows, instead of the columns"))
                .required(List.of("symbol", "timeframe", "source_resolution", "start_date", "end_date", "count")));
        c.addSchema(CANDLE_BATCH, required(object("Candles of several symbols for one range and timeframe")
                .addProperty("timeframe", timeframe())
                .addProperty("source_resolution", sourceResolution())
                .addProperty("start_date", date(null))
                .addProperty("end_date", date(null))
                .addProperty("data", object("Symbol → its candles, in request order").additionalPropertiesSchema(ref(CANDLES)))));
        coverage(c);
    }

    private static void health(Components c) {
        c.addSchema(HEALTH_DETAILS, required(object("Status per dependency")
                .addProperty("status", enumeration(null, List.of("healthy", "unhealthy")))
                .addProperty("service", string(null))
                .addProperty("version", string(null))
                .addProperty("environment", string("The environment's name (APP_ENV): development on the embedded "
                        + "defaults, production otherwise unless set").example("production"))
                .addProperty("timestamp", dateTime(null))
                .addProperty("uptime_seconds", int64(null))
                .addProperty("dependencies", object("Dependency (database, object_store, duckdb) → its health")
                        .additionalPropertiesSchema(required(object(null)
                                .addProperty("status", enumeration(null, List.of("up", "down")))
                                .addProperty("latency_ms", number(null))
                                .addProperty("detail", nullable(string(null))))))
                .addProperty("auth", required(object("How requests are authenticated")
                        .addProperty("mode", enumeration("development: no token is checked, every request acts as the "
                                + "development user", List.of("jwt", "development")))
                        .addProperty("warning", nullable(string(null)))))));
        c.addSchema(READINESS, required(object(null)
                .addProperty("ready", bool(null))
                .addProperty("failing", array(string(null)).description("Dependencies that are down"))));
    }

    private static APIResponse problemResponse(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType(MEDIA_TYPE, OASFactory.createMediaType().schema(ref(SCHEMA))));
    }

    private static Schema page(String item, String description) {
        return required(object(description + "; pass next_cursor back as cursor, or add limit to offset, for the next page")
                .addProperty("items", array(ref(item)))
                .addProperty("total", int64("Items in all pages"))
                .addProperty("limit", integer(null).minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(PageRequest.MAX_LIMIT)))
                .addProperty("offset", integer(null))
                .addProperty("next_cursor", nullable(string("null on the last page"))));
    }

    private static Schema strategyType() {
        return enumeration("Strategy type", java.util.stream.Stream.concat(Strategies.keys().stream(),
                java.util.stream.Stream.of(MlModels.STRATEGY_KEY)).toList()).example("sma_cross");
    }

    private static Schema timeframe() {
        return enumeration(null, Arrays.stream(Timeframe.values()).map(Timeframe::code).toList()).example("1h");
    }

    private static Schema sourceResolution() {
        return enumeration("Layout of the raw files: yearly (1Y) or legacy daily (1m)",
                Arrays.stream(SourceResolution.values()).map(SourceResolution::code).toList());
    }

    private static Schema side() {
        return enumeration(null, List.of("buy", "sell"));
    }

    private static Schema symbol() {
        return string(null).pattern(Symbols.PATTERN.pattern()).example("BTC");
    }

    private static Schema tradeAmount(String description, boolean positive) {
        return number(description).minimum(BigDecimal.ZERO).exclusiveMinimum(positive).maximum(TradeService.MAX_AMOUNT);
    }

    private static Schema parameters(String description) {
        return object(description).additionalPropertiesBoolean(true);
    }

    private static Schema enumeration(String description, List<String> values) {
        return string(description).enumeration(new ArrayList<>(values));
    }

    /** Every property is always written (null where the schema says nullable). */
    private static Schema required(Schema s) {
        s.setRequired(new ArrayList<>(s.getProperties().keySet()));
        return s;
    }

    private static Schema object(String description) {
        return OASFactory.createSchema().type(SchemaType.OBJECT).description(description);
    }

    private static Schema array(Schema items) {
        return OASFactory.createSchema().type(SchemaType.ARRAY).items(items);
    }

    private static Schema ref(String name) {
        return OASFactory.createSchema().ref("#/components/schemas/" + name);
    }

    private static Schema nullable(Schema s) {
        return s.nullable(true);
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().type(SchemaType.STRING).description(description);
    }

    private static Schema uuid(String description) {
        return string(description).format("uuid");
    }

    private static Schema date(String description) {
        return string(description).format("date");
    }

    private static Schema dateTime(String description) {
        return string(description).format("date-time");
    }

    private static Schema integer(String description) {
        return OASFactory.createSchema().type(SchemaType.INTEGER).format("int32").description(description);
    }

    private static Schema int64(String description) {
        return OASFactory.createSchema().type(SchemaType.INTEGER).format("int64").description(description);
    }

    private static Schema number(String description) {
        return OASFactory.createSchema().type(SchemaType.NUMBER).description(description);
    }

    private static Schema bool(String description) {
        return OASFactory.createSchema().type(SchemaType.BOOLEAN).description(description);
    }
}
