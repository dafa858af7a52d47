package dev.backtest.sdk.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.sdk.json.BacktestJson;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The audit API's values: filters parsed from query parameters, actors, and their JSON. */
class AuditFilterTest {

    @SuppressWarnings("unchecked")
    private static List<FieldError> errors(ThrowingCallable call) {
        BacktestException e = catchThrowableOfType(BacktestException.class, call);
        assertThat(e).as("a VALIDATION_FAILED exception").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        return (List<FieldError>) e.details().get("errors");
    }

    @Test
    void parsesQueryParametersWithZonesAndOffsets() {
        AuditFilter f = AuditFilter.parse(" strategy ", "2024-05-01T00:00:00Z", "2024-05-01T04:00:00+02:00");
        assertThat(f.resourceType()).isEqualTo("strategy");
        assertThat(f.from()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(f.to()).isEqualTo(Instant.parse("2024-05-01T02:00:00Z"));
        assertThat(AuditFilter.parse(null, "", "  ")).isEqualTo(AuditFilter.all());
        assertThat(AuditFilter.parse("admin_route", null, null).resourceType()).isEqualTo("admin_route");
    }

    @Test
    void reportsEveryBadParameterAtOnce() {
        List<FieldError> errors = errors(() -> AuditFilter.parse("strategies", "yesterday", "2024-13-01T00:00:00Z"));
        assertThat(errors).extracting(FieldError::field).containsExactly("from", "to", "resource_type");
        assertThat(errors.get(2).message()).contains("'strategies'").contains(String.join(", ", AuditService.RESOURCE_TYPES));
        assertThat(errors.get(0).message()).contains("ISO-8601").contains("'yesterday'");
    }

    @Test
    void refusesATimeWithoutZoneAndAStartAfterTheEnd() {
        assertThat(errors(() -> AuditFilter.parse(null, "2024-05-01T00:00:00", null))).extracting(FieldError::field).containsExactly("from");
        List<FieldError> reversed = errors(() -> AuditFilter.parse(null, "2024-05-02T00:00:00Z", "2024-05-01T00:00:00Z"));
        assertThat(reversed).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("to");
            assertThat(e.message()).contains("2024-05-02T00:00:00Z");
        });
        assertThat(errors(() -> new AuditFilter("users", null, null))).extracting(FieldError::field).containsExactly("resource_type");
        assertThat(errors(() -> new AuditFilter(null, Instant.parse("2024-05-02T00:00:00Z"), Instant.parse("2024-05-01T00:00:00Z"))))
                .extracting(FieldError::field).containsExactly("to");
        // an empty range is allowed: it matches nothing
        Instant t = Instant.parse("2024-05-01T00:00:00Z");
        assertThat(new AuditFilter(null, t, t).from()).isEqualTo(t);
    }

    @Test
    void anActorNeedsAUserUnlessItIsTheMachineCredential() {
        UUID id = UUID.randomUUID();
        assertThat(Actor.user(id)).isEqualTo(new Actor(id, ActorKind.USER, null));
        assertThat(Actor.admin(id, "req-1")).isEqualTo(new Actor(id, ActorKind.ADMIN, "req-1"));
        assertThat(Actor.adminToken("req-2")).isEqualTo(new Actor(null, ActorKind.ADMIN_TOKEN, "req-2"));
        assertThat(Actor.user(id).withRequestId("  ").requestId()).isNull();
        assertThat(errors(() -> new Actor(null, ActorKind.USER, null))).extracting(FieldError::field).containsExactly("user_id");
        assertThat(errors(() -> new Actor(null, ActorKind.ADMIN, null))).extracting(FieldError::field).containsExactly("user_id");
        assertThat(errors(() -> new Actor(id, null, null))).extracting(FieldError::field).containsExactly("actor_kind");
    }

    @Test
    void aRequestIdLongerThanTheColumnIsRefusedNotCut() {
        UUID id = UUID.randomUUID();
        String longest = "r".repeat(Actor.MAX_REQUEST_ID);
        assertThat(Actor.admin(id, longest).requestId()).isEqualTo(longest);
        assertThat(errors(() -> Actor.admin(id, longest + "r"))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("request_id");
            assertThat(e.message()).contains("at most 100").contains("101");
        });
        assertThat(errors(() -> Actor.adminToken("req\n-forged"))).extracting(FieldError::field).containsExactly("request_id");
    }

    @Test
    void actorKindsHaveLowerSnakeCaseWireNames() {
        assertThat(ActorKind.USER.wire()).isEqualTo("user");
        assertThat(ActorKind.ADMIN_TOKEN.wire()).isEqualTo("admin_token");
        for (ActorKind k : ActorKind.values()) {
            assertThat(ActorKind.fromWire(k.wire())).isEqualTo(k);
        }
        assertThat(errors(() -> ActorKind.fromWire("ADMIN"))).extracting(FieldError::field).containsExactly("actor_kind");
    }

    @Test
    void anEventIsWrittenInSnakeCaseWithTheKindsWireNameAndReadBack() throws Exception {
        ObjectMapper json = BacktestJson.newMapper();
        AuditEvent e = new AuditEvent(UUID.randomUUID(), Instant.parse("2024-05-01T12:00:00.123456Z"), null, ActorKind.ADMIN_TOKEN,
                "admin.cache.clear", "cache", "candles", "req-9", List.of("a", "b_c"));
        JsonNode tree = json.readTree(json.writeValueAsString(e));
        assertThat(tree.path("actor_kind").asText()).isEqualTo("admin_token");
        assertThat(tree.path("time").asText()).isEqualTo("2024-05-01T12:00:00.123456Z");
        assertThat(tree.path("resource_type").asText()).isEqualTo("cache");
        assertThat(tree.path("request_id").asText()).isEqualTo("req-9");
        assertThat(tree.path("user_id").isNull()).isTrue();
        assertThat(tree.path("changed_fields")).hasSize(2);
        assertThat(json.readValue(json.writeValueAsString(e), AuditEvent.class)).isEqualTo(e);
        assertThat(new AuditEvent(e.id(), e.time(), null, ActorKind.USER, "x.y", "cache", null, null, null).changedFields()).isEmpty();
    }
}
