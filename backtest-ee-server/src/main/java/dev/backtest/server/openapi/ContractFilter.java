package dev.backtest.server.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.server.auth.AuthenticationFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Makes the generated document say what the server really does: property names in snake_case (the
 * server's Jackson naming strategy, which the annotation scanner does not know), typed defaults and
 * JSON examples (annotations can only give strings), the 401 and 429 answers of every protected
 * operation (by the authentication filter's own rule), the version of this build, and paths and
 * components in a stable order. (The order in which Payara writes the members of its own model
 * objects, such as the operations of a path, can change between starts; the drift test compares
 * documents, not text.) Registered with {@code mp.openapi.filter}.
 */
public class ContractFilter implements OASFilter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STRING_FORMATS = Set.of("date", "date-time", "uuid", "uri");

    @Override
    public Schema filterSchema(Schema schema) {
        dropUnsetConstraints(schema);
        // the scanner types Instant, OffsetDateTime and UUID as objects; @Schema(format = ...) on the field says which string
        if (schema.getType() == Schema.SchemaType.OBJECT && schema.getFormat() != null && STRING_FORMATS.contains(schema.getFormat())) {
            schema.setType(Schema.SchemaType.STRING);
        }
        schema.setDefaultValue(typed(schema, schema.getDefaultValue()));
        schema.setExample(typed(schema, schema.getExample()));
        Map<String, Schema> properties = schema.getProperties();
        if (properties != null && !properties.isEmpty()) {
            Map<String, Schema> renamed = new LinkedHashMap<>();
            properties.forEach((name, value) -> renamed.put(snakeCase(name), value));
            schema.setProperties(renamed);
        }
        List<String> required = schema.getRequired();
        if (required != null && !required.isEmpty()) {
            List<String> renamed = new ArrayList<>();
            required.forEach(name -> renamed.add(snakeCase(name)));
            schema.setRequired(renamed);
        }
        return schema;
    }

    /** A {@code @Parameter} annotation on a path parameter makes Payara write {@code required: false}, which OpenAPI forbids. */
    @Override
    public Parameter filterParameter(Parameter parameter) {
        if (parameter.getIn() == Parameter.In.PATH) {
            parameter.setRequired(true);
        }
        return parameter;
    }

    /** Payara writes a header's unset flags as {@code false} and its style as {@code simple}, the OpenAPI defaults. */
    @Override
    public Header filterHeader(Header header) {
        if (Boolean.FALSE.equals(header.getRequired())) {
            header.setRequired(null);
        }
        if (Boolean.FALSE.equals(header.getDeprecated())) {
            header.setDeprecated(null);
        }
        if (Boolean.FALSE.equals(header.getAllowEmptyValue())) {
            header.setAllowEmptyValue(null);
        }
        if (header.getStyle() == Header.Style.SIMPLE) {
            header.setStyle(null);
        }
        return header;
    }

    /** An {@code @ExampleObject} value is a string; a JSON body's example is written as the JSON it holds. */
    @Override
    public RequestBody filterRequestBody(RequestBody body) {
        if (body.getContent() != null && body.getContent().getMediaTypes() != null) {
            body.getContent().getMediaTypes().forEach((type, media) -> {
                if (type.contains("json") && media.getExamples() != null) {
                    media.getExamples().values().forEach(example -> {
                        if (example.getValue() instanceof String text) {
                            example.setValue(parseJson(text));
                        }
                    });
                }
            });
        }
        return body;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        dropPayaraEndpoints(openAPI);
        if (openAPI.getTags() != null) {
            // a class-level @Tag adds the tag to the document again
            Map<String, Tag> unique = new LinkedHashMap<>();
            openAPI.getTags().forEach(t -> unique.putIfAbsent(t.getName(), t));
            openAPI.setTags(new ArrayList<>(unique.values()));
        }
        if (openAPI.getInfo() != null) {
            openAPI.getInfo().setVersion(projectVersion());
        }
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            var sorted = new TreeMap<>(openAPI.getPaths().getPathItems());
            openAPI.getPaths().setPathItems(sorted);
            tagUntagged(sorted);
            sorted.values().forEach(item -> item.getOperations().values().forEach(ContractFilter::problemBodies));
            // the bearer token per operation, by the authentication filter's own rule (an empty
            // requirement list on public operations would not be written by Payara)
            sorted.forEach((path, item) -> {
                if (!AuthenticationFilter.isPublic(path)) {
                    item.getOperations().values().forEach(ContractFilter::protect);
                }
            });
        }
        if (openAPI.getComponents() != null) {
            if (openAPI.getComponents().getSchemas() != null) {
                openAPI.getComponents().setSchemas(new TreeMap<>(openAPI.getComponents().getSchemas()));
            }
            if (openAPI.getComponents().getResponses() != null) {
                openAPI.getComponents().setResponses(new TreeMap<>(openAPI.getComponents().getResponses()));
            }
        }
    }

    /**
     * Every error answer of an operation is a problem document: the resources state only its status and
     * description, and the body is declared here once.
     */
    private static void problemBodies(Operation op) {
        if (op.getResponses() == null || op.getResponses().getAPIResponses() == null) {
            return;
        }
        op.getResponses().getAPIResponses().forEach((status, response) -> {
            boolean error = status.length() == 3 && (status.startsWith("4") || status.startsWith("5"));
            if (error && response.getRef() == null && (response.getContent() == null || response.getContent().getMediaTypes() == null
                    || response.getContent().getMediaTypes().isEmpty())) {
                response.setContent(OASFactory.createContent().addMediaType(OpenApiNames.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref("#/components/schemas/" + OpenApiNames.SCHEMA))));
            }
        });
    }

    /**
     * The bearer token requirement and the two answers the authentication filter gives before any
     * resource runs: 401 (missing or invalid token) and 429 (rate limit).
     */
    private static void protect(Operation op) {
        op.setSecurity(new ArrayList<>(List.of(OASFactory.createSecurityRequirement().addScheme("bearer"))));
        APIResponses responses = op.getResponses();
        if (!responses.hasAPIResponse("401")) {
            responses.addAPIResponse("401", OASFactory.createAPIResponse().ref("#/components/responses/" + OpenApiNames.UNAUTHORIZED));
        }
        if (!responses.hasAPIResponse("429")) {
            responses.addAPIResponse("429", OASFactory.createAPIResponse().ref("#/components/responses/" + OpenApiNames.TOO_MANY_REQUESTS));
        }
    }

    /** Defaults and examples of numeric and boolean schemas as numbers and booleans (annotations can only give strings). */
    private static Object typed(Schema schema, Object value) {
        if (!(value instanceof String text) || schema.getType() == null) {
            return value;
        }
        try {
            return switch (schema.getType()) {
                case INTEGER -> Long.valueOf(text);
                case NUMBER -> new BigDecimal(text);
                case BOOLEAN -> text.equals("true") || text.equals("false") ? Boolean.valueOf(text) : text;
                default -> text;
            };
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the default or example '" + text + "' is not a " + schema.getType(), e);
        }
    }

    private static Object parseJson(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an example of a JSON body is not JSON: " + text, e);
        }
    }

    /**
     * Payara adds a top-level {@code endpoints} member (its own, not OpenAPI's: validators and
     * client generators reject it). It is set before the filters run; an empty map is not written (null breaks its clone).
     */
    private static void dropPayaraEndpoints(OpenAPI openAPI) {
        try {
            openAPI.getClass().getMethod("setEndpoints", Map.class).invoke(openAPI, new TreeMap<String, Set<String>>());
        } catch (NoSuchMethodException e) {
            // another implementation: nothing to drop
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot drop Payara's endpoints member", e);
        }
    }

    /**
     * Payara copies the defaults of an inline {@code @Schema} annotation into the model as if they
     * were set ({@code minItems: 2147483647}, {@code maxProperties: 0}, {@code nullable: false}...).
     * Those values are either the OpenAPI defaults or nonsense; removing them changes no meaning.
     */
    private static void dropUnsetConstraints(Schema s) {
        if (s.getMultipleOf() != null && s.getMultipleOf().signum() == 0) {
            s.setMultipleOf(null);
        }
        if (Boolean.FALSE.equals(s.getExclusiveMaximum())) {
            s.setExclusiveMaximum(null);
        }
        if (Boolean.FALSE.equals(s.getExclusiveMinimum())) {
            s.setExclusiveMinimum(null);
        }
        if (s.getMaxLength() != null && s.getMaxLength() == Integer.MAX_VALUE) {
            s.setMaxLength(null);
        }
        if (s.getMinLength() != null && s.getMinLength() == 0) {
            s.setMinLength(null);
        }
        if (s.getMaxItems() != null && s.getMaxItems() == Integer.MIN_VALUE) {
            s.setMaxItems(null);
        }
        if (s.getMinItems() != null && s.getMinItems() == Integer.MAX_VALUE) {
            s.setMinItems(null);
        }
        if (Boolean.FALSE.equals(s.getUniqueItems())) {
            s.setUniqueItems(null);
        }
        if (s.getMaxProperties() != null && s.getMaxProperties() == 0) {
            s.setMaxProperties(null);
        }
        if (s.getMinProperties() != null && s.getMinProperties() == 0) {
            s.setMinProperties(null);
        }
        if (Boolean.FALSE.equals(s.getNullable())) {
            s.setNullable(null);
        }
        if (Boolean.FALSE.equals(s.getReadOnly())) {
            s.setReadOnly(null);
        }
        if (Boolean.FALSE.equals(s.getWriteOnly())) {
            s.setWriteOnly(null);
        }
        if (Boolean.FALSE.equals(s.getDeprecated())) {
            s.setDeprecated(null);
        }
    }

    /**
     * Operations without annotations get the tag of their path ({@code /api/v1/backtests/...}:
     * {@code backtests}) and, where the method name is already taken, an operation id made unique
     * with it, so generated clients group them and have no clashing names.
     */
    private static void tagUntagged(Map<String, PathItem> paths) {
        Set<String> ids = new HashSet<>();
        List<Operation> untagged = new ArrayList<>();
        List<String> segments = new ArrayList<>();
        paths.forEach((path, item) -> item.getOperations().forEach((method, op) -> {
            if (op.getTags() == null || op.getTags().isEmpty()) {
                untagged.add(op);
                segments.add(tagOf(path));
            } else if (op.getOperationId() != null) {
                ids.add(op.getOperationId());
            }
        }));
        for (int i = 0; i < untagged.size(); i++) {
            Operation op = untagged.get(i);
            String tag = segments.get(i);
            op.setTags(new ArrayList<>(List.of(tag)));
            String id = op.getOperationId();
            if (id != null && !ids.add(id)) {
                String unique = id + Character.toUpperCase(tag.charAt(0)) + tag.substring(1);
                op.setOperationId(unique);
                ids.add(unique);
            }
        }
    }

    private static String tagOf(String path) {
        String rest = path.startsWith("/api/v1/") ? path.substring("/api/v1/".length()) : path.substring(1);
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        return first.isEmpty() ? "service" : first;
    }

    /** Jackson's {@code SNAKE_CASE}: {@code startDate} becomes {@code start_date}, {@code isPublic} {@code is_public}. */
    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        boolean previousUpper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (!previousUpper && out.length() > 0 && out.charAt(out.length() - 1) != '_') {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
                previousUpper = true;
            } else {
                out.append(c);
                previousUpper = false;
            }
        }
        return out.toString();
    }

    private static String projectVersion() {
        Properties p = new Properties();
        try (InputStream in = ContractFilter.class.getResourceAsStream("/backtest-server.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }
}
