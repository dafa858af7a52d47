package dev.backtest.sdk.index.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.backtest.sdk.index.IndexView;
import dev.backtest.sdk.persistence.internal.SoftDeletableEntity;
import dev.backtest.sdk.persistence.internal.StoredJson;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An index definition as stored in {@code index_definitions}, owned by one user; its fields are replaced together
 * from a validated {@link IndexSnapshot}.
 *
 * <pre>{@code
 * IndexDefinition d = new IndexDefinition(me, "Majors", null, snapshot);
 * em.persist(d);
 * IndexSnapshot s = d.snapshot();
 * }</pre>
 */
@Entity
@Table(name = "index_definitions")
public class IndexDefinition extends SoftDeletableEntity {

    private static final TypeReference<List<String>> SYMBOLS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Double>> WEIGHTS = new TypeReference<>() { };

    @Column(name = "user_id", nullable = false, updatable = false)
    private UUID userId;
    @Column(name = "name", nullable = false, length = 100)
    private String name;
    @Column(name = "description", length = 2000)
    private String description;
    @Column(name = "universe", nullable = false)
    private String universeJson;
    @Column(name = "weighting", nullable = false, length = 32)
    private String weighting;
    @Column(name = "weights")
    private String weightsJson;
    @Column(name = "lookback")
    private Integer lookback;
    @Column(name = "max_weight")
    private BigDecimal maxWeight;
    @Column(name = "schedule", nullable = false, length = 32)
    private String schedule;
    @Column(name = "threshold")
    private BigDecimal threshold;
    @Column(name = "benchmark", length = 20)
    private String benchmark;
    @Column(name = "base_value", nullable = false)
    private BigDecimal baseValue;
    @Column(name = "base_currency", nullable = false, length = 12)
    private String baseCurrency;
    @Column(name = "start_date", nullable = false)
    private LocalDate startDate;
    @Column(name = "commission", nullable = false)
    private BigDecimal commission;

    protected IndexDefinition() {
        // for JPA
    }

    public IndexDefinition(UUID userId, String name, String description, IndexSnapshot definition) {
        this.userId = userId;
        this.name = name;
        this.description = description;
        define(definition);
    }

    public UUID getUserId() { return userId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }

    /** Replaces every field of the definition (values as validated: the stored scales hold them exactly). */
    public final void define(IndexSnapshot s) {
        universeJson = StoredJson.write(s.universe());
        weighting = s.weighting();
        weightsJson = s.weights() == null ? null : StoredJson.write(s.weights());
        lookback = s.lookback();
        maxWeight = decimal(s.maxWeight());
        schedule = s.schedule();
        threshold = decimal(s.threshold());
        benchmark = s.benchmark();
        baseValue = BigDecimal.valueOf(s.baseValue());
        baseCurrency = s.baseCurrency();
        startDate = s.startDate();
        commission = BigDecimal.valueOf(s.commission());
    }

    public IndexSnapshot snapshot() {
        return new IndexSnapshot(StoredJson.read(universeJson, SYMBOLS), weighting,
                weightsJson == null ? null : StoredJson.read(weightsJson, WEIGHTS), lookback, number(maxWeight), schedule,
                number(threshold), benchmark, baseValue.doubleValue(), baseCurrency, startDate, commission.doubleValue());
    }

    public IndexView view() {
        IndexSnapshot s = snapshot();
        return new IndexView(getId(), userId, name, description, s.universe(), s.weighting(), s.weights(), s.lookback(), s.maxWeight(),
                s.schedule(), s.threshold(), s.benchmark(), s.baseValue(), s.baseCurrency(), s.startDate(), s.commission(), getVersion(),
                getCreatedAt(), getUpdatedAt());
    }

    private static BigDecimal decimal(Double v) {
        return v == null ? null : BigDecimal.valueOf(v);
    }

    private static Double number(BigDecimal v) {
        return v == null ? null : v.doubleValue();
    }
}
