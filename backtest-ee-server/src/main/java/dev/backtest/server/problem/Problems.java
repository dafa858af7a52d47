package dev.backtest.server.problem;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.server.http.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The one place where error codes become HTTP statuses and problem documents. */
public final class Problems {

    private Problems() {
    }

    /** The HTTP status of an SDK error kind. */
    public static int status(ErrorCode.Kind kind) {
        return switch (kind) {
            case INVALID_INPUT -> 400;
            case NOT_FOUND -> 404;
            case FORBIDDEN -> 403;
            case CONFLICT -> 409;
            case UNPROCESSABLE -> 422;
            case UPSTREAM_FAILURE -> 502;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }

    public static Response of(BacktestException e, HttpServletRequest request) {
        Map<String, Object> extensions = new LinkedHashMap<>(e.details());
        Response.ResponseBuilder r = builder(status(e.code().kind()), e.code().name(), e.getMessage(), request, extensions);
        if (e.retryable()) {
            r.header("Retry-After", "5");
        }
        return r.build();
    }

    /** A problem response for a code that is not an SDK error (for example {@code NOT_FOUND} for an unknown path). */
    public static Response.ResponseBuilder builder(int status, String code, String detail, HttpServletRequest request,
                                                  Map<String, Object> extensions) {
        Problem p = problem(status, code, detail, RequestIds.of(request), request == null ? null : request.getRequestURI(), extensions);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(p);
    }

    /** The problem document itself, for answers written outside JAX-RS. */
    public static Problem problem(int status, String code, String detail, String requestId, String path, Map<String, Object> extensions) {
        return new Problem("/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-'), title(status), status, detail, code,
                requestId, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), path, extensions);
    }

    /** The code of an HTTP error that is not an SDK error (JAX-RS's own, or the servlet container's). */
    public static String code(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 414 -> "URI_TOO_LONG";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> status >= 500 ? "INTERNAL" : "HTTP_" + status;
        };
    }

    private static String title(int status) {
        Response.Status s = Response.Status.fromStatusCode(status);
        return s != null ? s.getReasonPhrase() : switch (status) {
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            default -> "Error";
        };
    }
}
