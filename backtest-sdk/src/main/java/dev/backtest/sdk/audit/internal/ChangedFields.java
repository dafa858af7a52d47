package dev.backtest.sdk.audit.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The field names an audit event lists, never their values: on create the input fields that were given (not null),
 * on update the fields whose stored value changed. Names are the snake_case names of the JSON inputs, in the order
 * they are added.
 *
 * <pre>{@code
 * List<String> given = new ChangedFields().given("name", in.name()).given("description", in.description()).list();
 * List<String> changed = new ChangedFields().compare("name", before.name(), s.getName())
 *         .compare("commission", before.commission(), b.getCommission()).list();   // BigDecimal: by value, 0.10 = 0.1
 * }</pre>
 */
public final class ChangedFields {

    private final List<String> names = new ArrayList<>();

    /** Adds {@code name} when {@code value} was given. */
    public ChangedFields given(String name, Object value) {
        if (value != null) {
            names.add(name);
        }
        return this;
    }

    /** Adds {@code name} when the stored value changed; numbers compare by value, whatever their scale. */
    public ChangedFields compare(String name, Object before, Object after) {
        boolean same = before instanceof BigDecimal a && after instanceof BigDecimal b ? a.compareTo(b) == 0 : Objects.equals(before, after);
        if (!same) {
            names.add(name);
        }
        return this;
    }

    public List<String> list() {
        return List.copyOf(names);
    }
}
