package dev.backtest.server.api.v1;

import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.task.TaskEvent;
import dev.backtest.sdk.task.TaskFilter;
import dev.backtest.sdk.task.TaskService;
import dev.backtest.sdk.task.TaskView;
import dev.backtest.server.openapi.OpenApiNames;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Iterator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The task view: {@code /api/v1/tasks...}, everything that runs in the background (runs, sweeps, refreshes, imports)
 * with progress, errors and history. Users see their own tasks; administrators may list everyone's
 * ({@code all=true}) and read, cancel and follow any task by id. Thin: parse, call {@code client.tasks()} (cancels
 * acting as the caller, so they are audited), answer the SDK's records.
 */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tasks")
public class TasksResource extends UserResource {

    @GET
    @Operation(operationId = "listTasks", summary = "The current user's background tasks (runs, sweeps, refreshes, imports), newest first",
            description = "One list across the kinds, paged as one. Administrators add all=true for everyone's, the scheduler's "
                    + "refreshes included.")
    @APIResponse(responseCode = "200", description = "A page of tasks",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.TASK_PAGE)))
    @APIResponse(responseCode = "400", description = "Invalid kind, status, all, limit, offset or cursor (VALIDATION_FAILED)")
    @APIResponse(responseCode = "403", description = "all=true from a caller without the admin role (FORBIDDEN); the attempt is "
            + "recorded in the audit trail")
    public Page<TaskView> list(@Parameter(ref = OpenApiNames.TASK_KIND) @QueryParam("kind") String kind,
                               @Parameter(ref = OpenApiNames.TASK_STATUS) @QueryParam("status") String status,
                               @Parameter(description = "true: every user's tasks and the scheduler's (administrators only)",
                                       schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false")) @QueryParam("all") String all,
                               @Parameter(ref = OpenApiNames.LIMIT) @QueryParam("limit") String limit,
                               @Parameter(ref = OpenApiNames.OFFSET) @QueryParam("offset") String offset,
                               @Parameter(ref = OpenApiNames.CURSOR) @QueryParam("cursor") String cursor) {
        FieldErrors errors = new FieldErrors();
        TaskFilter filter = errors.collect(() -> TaskFilter.parse(kind, status));
        PageRequest page = errors.collect(() -> PageRequest.parse(limit, offset, cursor, null));
        Boolean everyone = errors.collect(() -> Ids.flag("all", all));
        errors.throwIfAny();
        if (!everyone) {
            return client.tasks().list(user(), filter, page);
        }
        requireAdmin("GET /api/v1/tasks?all=true", "all=true lists every user's tasks, for administrators; leave it out for your own");
        return client.tasks().listAll(filter, page);
    }

    @GET
    @Path("/{task_id}")
    @Operation(operationId = "getTask", summary = "One task: kind, status, progress, timings, error",
            description = "The caller's own task; an administrator may read any.")
    @APIResponse(responseCode = "200", description = "The task",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.TASK)))
    @APIResponse(responseCode = "404", ref = OpenApiNames.TASK_NOT_FOUND)
    public TaskView get(@Parameter(ref = OpenApiNames.TASK_ID) @PathParam("task_id") String id) {
        UUID task = Ids.parse(id, TaskService::notFound);
        return caller().admin() ? client.tasks().getAny(task) : client.tasks().get(user(), task);
    }

    @POST
    @Path("/{task_id}/cancel")
    @Operation(operationId = "cancelTask", summary = "Cancel a task; a finished one is left as it is",
            description = "A run or a sweep is cancelled as its own cancel route does (queued work at once, running work at its "
                    + "next check; recorded in the audit trail); a refresh or an import is asked to stop (cancel_requested) and "
                    + "stops after the symbol it is working on. The caller's own task; an administrator may cancel any.")
    @APIResponse(responseCode = "200", description = "The task after the request",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = OpenApiNames.TASK)))
    @APIResponse(responseCode = "404", ref = OpenApiNames.TASK_NOT_FOUND)
    public TaskView cancel(@Parameter(ref = OpenApiNames.TASK_ID) @PathParam("task_id") String id) {
        UUID task = Ids.parse(id, TaskService::notFound);
        return caller().admin() ? acting().tasks().cancelAny(task) : acting().tasks().cancel(user(), task);
    }

    /**
     * A task's changes as server-sent events: the task as it is, then an event whenever its status, progress or cancel
     * request changes ({@code progress}), ending with the event named after its final status. The database is polled,
     * so any instance can serve the stream.
     */
    @GET
    @Path("/{task_id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamTaskEvents", summary = "A task's progress as server-sent events",
            description = "A progress event with the task now and whenever its status, progress or cancel_requested changes, then "
                    + "one event named after the final status (completed, failed, cancelled) and the end of the stream; each "
                    + "event's data is the task as JSON (the TaskView schema). A finished task gives its one final event. A "
                    + "stream ends after 10 minutes at most: reconnect, or poll getTask.")
    @APIResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", ref = OpenApiNames.TASK_NOT_FOUND)
    public void events(@Parameter(ref = OpenApiNames.TASK_ID) @PathParam("task_id") String id, @Context SseEventSink sink, @Context Sse sse) {
        UUID task = Ids.parse(id, TaskService::notFound);
        // the task is read before this returns: not found is a problem response before the stream opens
        Stream<TaskEvent> events = caller().admin()
                ? client.tasks().eventsAny(task, RunEvents.POLL, RunEvents.DEADLINE)
                : client.tasks().events(user(), task, RunEvents.POLL, RunEvents.DEADLINE);
        try (sink; events) {
            Iterator<TaskEvent> changes = events.iterator();
            while (!sink.isClosed() && changes.hasNext()) {
                TaskEvent e = changes.next();
                sink.send(sse.newEventBuilder().name(e.name()).id(e.id()).mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(TaskView.class, e.task()).build()).toCompletableFuture().join();
            }
        }
    }
}
