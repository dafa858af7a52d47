package dev.backtest.sdk.strategy.internal;

import dev.backtest.sdk.persistence.internal.SoftDeletableEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.util.Optional;
import java.util.UUID;

/**
 * A saved strategy, as stored in the {@code strategies} table: a built-in type with its parameters
 * (JSON), owned by one user, optionally public.
 *
 * <pre>{@code
 * StrategyView s = client.strategies().create(me, new StrategyInput("Fast cross", null, "sma_cross", Map.of("fast", 5), false));
 * StrategyDefinition row = database.inTransaction(em -> em.find(StrategyDefinition.class, s.id()));
 * Map<String, Object> parameters = StoredJson.parameters(row.getParametersJson());
 * }</pre>
 */
@Entity
@Table(name = "strategies")
public class StrategyDefinition extends SoftDeletableEntity {

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;

    @Column(name = "name", nullable = false, length = 100)
    private String name;

    @Column(name = "description", length = 2000)
    private String description;

    @Column(name = "type", nullable = false, length = 64)
    private String type;

    @Column(name = "parameters", nullable = false)
    private String parametersJson;

    @Column(name = "is_public", nullable = false)
    private boolean isPublic;

    protected StrategyDefinition() {
        // for JPA
    }

    public StrategyDefinition(UUID userId, String name, String type, String parametersJson) {
        this.userId = userId;
        this.name = name;
        this.type = type;
        this.parametersJson = parametersJson;
    }

    public UUID getUserId() { return userId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Optional<String> getDescription() { return Optional.ofNullable(description); }
    public void setDescription(String description) { this.description = description; }
    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public String getParametersJson() { return parametersJson; }
    public void setParametersJson(String parametersJson) { this.parametersJson = parametersJson; }
    public boolean isPublic() { return isPublic; }
    public void setPublic(boolean isPublic) { this.isPublic = isPublic; }
}
