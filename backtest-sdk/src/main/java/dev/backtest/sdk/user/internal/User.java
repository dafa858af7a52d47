package dev.backtest.sdk.user.internal;

import dev.backtest.sdk.persistence.internal.SoftDeletableEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.util.Optional;
import java.util.UUID;

/**
 * A user, as stored in the {@code users} table: keyed by the subject ({@code sub}) of their token and
 * created on first sight.
 *
 * <pre>{@code
 * client.users().ensure(me, "ada@example.com");                        // creates the row on first sight
 * User row = database.inTransaction(em -> em.find(User.class, me));
 * String role = row.getRole();                                         // "authenticated"
 * }</pre>
 */
@Entity
@Table(name = "users")
public class User extends SoftDeletableEntity {

    @Column(name = "email", length = 320)
    private String email;

    @Column(name = "role", nullable = false, length = 64)
    private String role;

    protected User() {
        // for JPA
    }

    public User(UUID id, String email, String role) {
        super(id);
        this.email = email;
        this.role = role == null ? "authenticated" : role;
    }

    public Optional<String> getEmail() {
        return Optional.ofNullable(email);
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }
}
