package dev.backtest.server.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.backtest.sdk.FieldError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A request body that is not valid JSON, has an unknown field or a value of the wrong type: 400 naming the field. */
@Provider
public class JsonInputExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(JsonProcessingException e) {
        return of(e, request);
    }

    static Response of(JsonProcessingException e, HttpServletRequest request) {
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidDefinitionException
                || e instanceof com.fasterxml.jackson.core.JsonGenerationException) {
            // our types cannot be (de)serialised: a bug on this side, never the client's mistake
            java.util.logging.Logger.getLogger(JsonInputExceptionMapper.class.getName())
                    .log(java.util.logging.Level.SEVERE, "JSON mapping defect on " + (request == null ? "?" : request.getRequestURI()), e);
            return Problems.builder(500, "INTERNAL", "internal error; quote the request id when reporting it", request, Map.of()).build();
        }
        FieldError error;
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            error = new FieldError(path(u), "is not a known field; accepted: " + known);
        } else if (e instanceof InvalidFormatException f) {
            error = new FieldError(path(f), "has an invalid value '" + f.getValue() + "' for " + f.getTargetType().getSimpleName()
                    + " (dates are ISO-8601 such as 2024-01-31, times such as 2024-01-31T12:00:00Z)");
        } else if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            error = new FieldError(path(m), "has the wrong type; expected " + (m.getTargetType() == null ? "another type"
                    : m.getTargetType().getSimpleName()));
        } else if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            error = new FieldError(path(m), "is not valid: " + m.getOriginalMessage());
        } else {
            error = new FieldError("body", "is not a valid JSON document: " + e.getOriginalMessage());
        }
        return Problems.builder(400, "VALIDATION_FAILED", "invalid request: " + error.field() + " " + error.message(), request,
                Map.of("errors", List.of(error))).build();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }
}
