package dev.backtest.sdk.persistence;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.config.DatabaseUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTest {

    @Test
    void convertsLibpqUrlToJdbcWithDecodedCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app%40corp:p%3Ass@db.example.com:6543/backtest?sslmode=require");
        assertThat(url.kind()).isEqualTo(DatabaseKind.POSTGRESQL);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/backtest?sslmode=require&stringtype=unspecified");
        assertThat(url.user()).contains("app@corp");
        assertThat(url.password()).contains("p:ss");
    }

    @Test
    void defaultsLibpqPortTo5432AndAcceptsPostgresScheme() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://u@localhost/db");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/db?stringtype=unspecified");
        assertThat(url.user()).contains("u");
        assertThat(url.password()).isEmpty();
    }

    @Test
    void keepsJdbcPostgresUrlAndAddsStringType() {
        assertThat(DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:5432/test").jdbcUrl())
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?stringtype=unspecified");
        assertThat(DatabaseUrl.parse("jdbc:postgresql://h/db?stringtype=varchar").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h/db?stringtype=varchar");
    }

    @Test
    void addsPostgresModeToH2Urls() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:h2:mem:x");
        assertThat(url.kind()).isEqualTo(DatabaseKind.H2);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:h2:mem:x;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        assertThat(DatabaseUrl.parse("jdbc:h2:mem:y;MODE=PostgreSQL").jdbcUrl()).containsOnlyOnce("MODE=");
    }

    @Test
    void embeddedDefaultIsAnH2FileUnderTheDataDir() {
        DatabaseUrl url = DatabaseUrl.embeddedH2(Path.of("/tmp/data"));
        assertThat(url.jdbcUrl()).startsWith("jdbc:h2:file:/tmp/data/db/backtest;MODE=PostgreSQL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "mysql://u@h/db", "jdbc:mysql://h/db", "postgresql://", "postgresql://host", "postgresql://host/",
            "postgresql:///db", "jdbc:postgresql://host/a/b", "jdbc:h2:", "postgresql://h:notaport/db", "not a url"})
    void rejectsMalformedUrlsNamingTheKeyAndAcceptedForms(String raw) {
        assertThatThrownBy(() -> DatabaseUrl.parse(raw))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
                    assertThat(e.getMessage()).startsWith("DATABASE_URL:").contains(DatabaseUrl.ACCEPTED_FORMS);
                    assertThat(e.details()).containsEntry("key", "DATABASE_URL");
                });
    }

    @Test
    void neverPrintsThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:hunter2@h/a/b"))
                .hasMessageNotContaining("hunter2").hasMessageContaining("***");
        assertThat(DatabaseUrl.parse("postgresql://u:hunter2@h/db").toString()).doesNotContain("hunter2");
    }
}
