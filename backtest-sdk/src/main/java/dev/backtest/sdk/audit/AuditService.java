package dev.backtest.sdk.audit;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The append-only audit trail. The services write it themselves, one event per write in the write's own transaction
 * (see {@link #ACTIONS}); this service reads it, records the events that belong to no stored change (an admin cache
 * clear, a refused admin route) and purges old events. Thread-safe; get it from
 * {@link dev.backtest.sdk.BacktestClient#audit()}.
 *
 * <p>Lists are newest first by default ({@code -created_at}); {@code created_at} lists oldest first. Both order by the
 * event's time (ties by id); {@code name} is refused. The time range is half-open, {@code [from, to)}.
 *
 * <pre>{@code
 * Page<AuditEvent> mine = client.audit().list(me, AuditFilter.parse("backtest", "2024-05-01T00:00:00Z", null),
 *         PageRequest.first(50));
 * Page<AuditEvent> everyone = client.audit().listAll(AuditFilter.all(), PageRequest.first(200));   // admins only
 * client.audit().record(Actor.adminToken(requestId), "admin.cache.clear", "cache", "candles", List.of());
 * }</pre>
 */
public interface AuditService {

    /**
     * The resource types of events, in the {@code resource_type} column: the stored resources ({@code strategy},
     * {@code backtest}, {@code trade}, {@code run}, {@code optimization}) and, for standalone events, {@code cache}
     * and {@code admin_route}.
     */
    List<String> RESOURCE_TYPES = List.of("strategy", "backtest", "trade", "run", "optimization", "cache", "admin_route",
            "market_data", "task", "asset", "index", "report");

    /**
     * The actions the SDK records, one event per successful call: {@code strategy.create}, {@code strategy.update},
     * {@code strategy.delete}, {@code backtest.create}, {@code backtest.update}, {@code backtest.delete},
     * {@code trade.create}, {@code run.start}, {@code run.cancel}, {@code optimization.start},
     * {@code optimization.cancel}, {@code report.create}, {@code report.delete}; plus the standalone {@code admin.cache.clear}, {@code admin.refresh} (a refresh
     * started by an administrator; the resource is its task), {@code admin.market_data.import} (a file uploaded for a
     * symbol) and {@code admin.forbidden} (a refused admin route). Reads, and in-process sweeps ({@code optimize}, which store nothing) are not recorded.
     * {@link #record} accepts other names of the same form.
     */
    List<String> ACTIONS = List.of("strategy.create", "strategy.update", "strategy.delete", "backtest.create", "backtest.update",
            "backtest.delete", "trade.create", "run.start", "run.cancel", "optimization.start", "optimization.cancel",
            "report.create", "report.delete", "admin.cache.clear", "admin.refresh", "admin.market_data.import", "admin.forbidden");

    /** Longest action name, in characters. */
    int MAX_ACTION = 64;
    /** Longest resource id, in characters. */
    int MAX_RESOURCE_ID = 64;
    /** Longest list of changed field names, joined by commas, in characters. */
    int MAX_CHANGED_FIELDS = 2000;

    /**
     * The events of one user (those whose {@link AuditEvent#userId()} is {@code userId}: their own changes and the
     * changes an administrator made to their resources), filtered, one page.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} (field {@code sort}) for a sort other than
     *         {@code -created_at} or {@code created_at}
     */
    Page<AuditEvent> list(UUID userId, AuditFilter filter, PageRequest page);

    /**
     * Every event, filtered, one page: for administrators (the caller checks the role).
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} (field {@code sort}) as {@link #list}
     */
    Page<AuditEvent> listAll(AuditFilter filter, PageRequest page);

    /**
     * Records an event that belongs to no stored change, in a transaction of its own: an administrator clearing a cache
     * ({@code admin.cache.clear} on {@code cache}), a request refused on an admin route ({@code admin.forbidden} on
     * {@code admin_route}, with the route as resource id). The event's user is the actor's ({@code null} for
     * {@link ActorKind#ADMIN_TOKEN}). Pass names only: never a token, a secret, a value or a request body.
     *
     * @param action        lower-case words separated by dots, such as {@code admin.cache.clear}, at most
     *                      {@value #MAX_ACTION} characters
     * @param resourceType  one of {@link #RESOURCE_TYPES}
     * @param resourceId    at most {@value #MAX_RESOURCE_ID} characters without control characters, or null
     * @param changedFields snake_case field names (null: none), at most {@value #MAX_CHANGED_FIELDS} characters joined
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming each bad argument
     */
    void record(Actor actor, String action, String resourceType, String resourceId, List<String> changedFields);

    /**
     * Deletes the events older than {@code cutoff} (strictly before it): the retention purge, the only deletion the
     * trail allows. The client runs it at start and once a day with {@code now - AUDIT_RETENTION_DAYS}.
     *
     * @return how many events were deleted
     */
    int purgeOlderThan(Instant cutoff);

    /** How many events this client has written (committed) since it started, by the services and {@link #record}: for a metric. */
    long eventsWritten();

    /**
     * Committed events of one action since the client started ({@code trade.create}: trades recorded), for metrics.
     *
     * <pre>{@code
     * long trades = client.audit().eventsWritten("trade.create");
     * }</pre>
     */
    long eventsWritten(String action);
}
