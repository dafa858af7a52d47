package dev.backtest.server.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.backtest.error.FieldError;
import dev.backtest.server.http.JsonProvider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A request body that is not valid JSON, has an unknown or repeated field, nests too deep or has a
 * value of the wrong type: 400 naming the field. Messages speak JSON (a number, a list, an object),
 * never the server's Java types or the parser's settings.
 */
@Provider
public class JsonInputExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate (?:field|Object property) '(.{1,100})'");

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
            LoggerFactory.getLogger(JsonInputExceptionMapper.class)
                    .error("JSON mapping defect on {}", request == null ? "?" : request.getRequestURI(), e);
            return Problems.builder(500, "INTERNAL", "internal error; quote the request id when reporting it", request, Map.of()).build();
        }
        FieldError error = error(e);
        return Problems.builder(400, "VALIDATION_FAILED", "invalid request: " + error.field() + " " + error.message(), request,
                Map.of("errors", List.of(error))).build();
    }

    static FieldError error(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            return new FieldError(path(u), "is not a known field; accepted: " + known);
        }
        if (e instanceof InvalidFormatException f) {
            return new FieldError(path(f), "has an invalid value '" + shorten(String.valueOf(f.getValue())) + "'; expected "
                    + expected(f.getTargetType()));
        }
        // A parser error inside a field arrives wrapped in a mapping error that knows the field's path.
        String at = e instanceof JsonMappingException m ? path(m) : "body";
        JsonProcessingException parse = e;
        while (parse instanceof JsonMappingException && parse.getCause() instanceof JsonProcessingException cause) {
            parse = cause;
        }
        if (parse instanceof StreamReadException || parse instanceof StreamConstraintsException) {
            return parseError(at, parse);
        }
        if (e instanceof MismatchedInputException m) {
            return new FieldError(at, at.equals("body") ? "must be a JSON object" : "has the wrong type; expected "
                    + expected(m.getTargetType()));
        }
        return new FieldError(at, "has an invalid value");
    }

    /** The document itself is broken, too deep, or has a number out of range, at {@code at} (a field path or body). */
    private static FieldError parseError(String at, JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            String m = String.valueOf(e.getOriginalMessage());
            return new FieldError(at, m.contains("nesting depth")
                    ? "nests arrays and objects deeper than " + JsonProvider.MAX_NESTING_DEPTH + " levels"
                    : "has a number, a string or a name longer than this server accepts");
        }
        if (e instanceof InputCoercionException c) {
            return new FieldError(at, "is out of range; expected " + expected(c.getTargetType()));
        }
        if (e instanceof JsonEOFException) {
            return new FieldError("body", "is not a valid JSON document: it ends before the document is complete");
        }
        String original = String.valueOf(e.getOriginalMessage());
        Matcher duplicate = DUPLICATE.matcher(original);
        if (duplicate.find()) {
            return new FieldError(at.equals("body") ? duplicate.group(1) : at + "." + duplicate.group(1), "is given more than once");
        }
        if (original.startsWith("Non-standard token")) {
            return new FieldError("body", "is not a valid JSON document: NaN and Infinity are not JSON numbers");
        }
        // Jackson's own wording, unless it names its settings or classes (quoted in backticks)
        int tick = original.indexOf('`');
        return new FieldError("body", "is not a valid JSON document" + (tick >= 0 ? "" : ": " + shorten(original.lines().findFirst()
                .orElse(""))));
    }

    /** What a value of this type looks like in JSON. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == BigDecimal.class || type == BigInteger.class || Number.class.isAssignableFrom(type)
                || type == int.class || type == long.class || type == double.class || type == float.class || type == short.class) {
            return type == BigDecimal.class || type == Double.class || type == double.class || type == Float.class || type == float.class
                    ? "a number" : "an integer";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == LocalDate.class) {
            return "an ISO date such as 2024-01-31";
        }
        if (type == OffsetDateTime.class || type == Instant.class) {
            return "an ISO date-time such as 2024-01-31T12:00:00Z";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(shorten(r.getFieldName()));
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
