package dev.backtest.server.api.v1;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.Page;
import dev.backtest.sdk.PageRequest;
import dev.backtest.sdk.backtest.BacktestInput;
import dev.backtest.sdk.backtest.BacktestService;
import dev.backtest.sdk.backtest.BacktestView;
import dev.backtest.sdk.backtest.OptimizeRequest;
import dev.backtest.sdk.backtest.OptimizeResult;
import dev.backtest.sdk.backtest.RunResults;
import dev.backtest.sdk.backtest.RunService;
import dev.backtest.sdk.backtest.RunView;
import dev.backtest.server.auth.CurrentUser;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * Backtests of the current user, and their runs: {@code POST /{id}/run} queues one (202),
 * {@code GET /{id}/run} shows the latest, {@code POST /{id}/cancel} stops it, {@code GET /{id}/results}
 * gives the latest completed run's results, {@code GET /{id}/events} streams progress (SSE) and
 * {@code POST /{id}/optimize} sweeps parameters synchronously.
 */
@Path("/api/v1/backtests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BacktestsResource {

    @Inject
    BacktestClient client;

    @Context
    SecurityContext security;

    @Context
    UriInfo uri;

    @POST
    public Response create(BacktestInput input) {
        BacktestView s = client.backtests().create(CurrentUser.id(security), input);
        return Response.created(uri.getAbsolutePathBuilder().path(s.id().toString()).build()).entity(s).build();
    }

    @GET
    public Page<BacktestView> list(@QueryParam("limit") String limit, @QueryParam("offset") String offset,
                                   @QueryParam("cursor") String cursor, @QueryParam("sort") String sort) {
        return client.backtests().list(CurrentUser.id(security), PageRequest.parse(limit, offset, cursor, sort));
    }

    @GET
    @Path("/{backtest_id}")
    public BacktestView get(@PathParam("backtest_id") String id) {
        return client.backtests().get(CurrentUser.id(security), Ids.parse(id, BacktestService::notFound));
    }

    @PUT
    @Path("/{backtest_id}")
    public BacktestView update(@PathParam("backtest_id") String id, BacktestInput input) {
        return client.backtests().update(CurrentUser.id(security), Ids.parse(id, BacktestService::notFound), input);
    }

    @DELETE
    @Path("/{backtest_id}")
    public Response delete(@PathParam("backtest_id") String id) {
        client.backtests().delete(CurrentUser.id(security), Ids.parse(id, BacktestService::notFound));
        return Response.noContent().build();
    }

    @POST
    @Path("/{backtest_id}/run")
    public Response run(@PathParam("backtest_id") String id) {
        RunView run = client.runs().start(CurrentUser.id(security), Ids.parse(id, BacktestService::notFound));
        return Response.accepted(run).location(uri.getAbsolutePath()).build();
    }

    @GET
    @Path("/{backtest_id}/run")
    public RunView latestRun(@PathParam("backtest_id") String id) {
        return client.runs().get(CurrentUser.id(security), Ids.parse(id, BacktestService::notFound));
    }

    @POST
    @Path("/{backtest_id}/cancel")
    public RunView cancel(@PathParam("backtest_id") String id) {
        return client.runs().cancel(CurrentUser.id(security), Ids.parse(id, BacktestService::notFound));
    }

    @GET
    @Path("/{backtest_id}/results")
    public RunResults results(@PathParam("backtest_id") String id, @QueryParam("points") String points,
                              @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return client.runs().results(CurrentUser.id(security), Ids.parse(id, BacktestService::notFound), points(points),
                PageRequest.parse(limit, offset, null, null));
    }

    /** The latest completed run as one self-contained HTML page (inline SVG charts, no external resources). */
    @GET
    @Path("/{backtest_id}/report")
    @Produces(MediaType.TEXT_HTML)
    public Response report(@PathParam("backtest_id") String id) {
        String html = client.runs().report(CurrentUser.id(security), Ids.parse(id, BacktestService::notFound));
        return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:").build();
    }

    @POST
    @Path("/{backtest_id}/optimize")
    public OptimizeResult optimize(@PathParam("backtest_id") String id, OptimizeRequest request) {
        return client.runs().optimize(CurrentUser.id(security), Ids.parse(id, BacktestService::notFound), request);
    }

    /**
     * Progress of the latest run as server-sent events: a {@code progress} event whenever status or progress
     * changes, then one event named after the final status ({@code completed}, {@code failed}, {@code cancelled})
     * and the end of the stream. The database is polled, so any instance can serve the stream.
     */
    @GET
    @Path("/{backtest_id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("backtest_id") String id, @Context SseEventSink sink, @Context Sse sse) {
        java.util.UUID user = CurrentUser.id(security);
        java.util.UUID backtest = Ids.parse(id, BacktestService::notFound);
        RunView first = client.runs().get(user, backtest); // not found: a problem response before the stream opens
        try (sink) {
            RunEvents.stream(first, () -> client.runs().get(user, backtest), sink, sse);
        }
    }

    private static int points(String raw) {
        if (raw == null) {
            return 500;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw dev.backtest.sdk.FieldErrors.single("points", "must be an integer from 2 to " + RunService.MAX_POINTS + "; got '"
                    + (raw.length() > 20 ? raw.substring(0, 20) + "..." : raw) + "'");
        }
    }
}
