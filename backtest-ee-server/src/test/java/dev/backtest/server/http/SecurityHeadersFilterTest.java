package dev.backtest.server.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityHeadersFilterTest {

    @Test
    void htmlPagesMayLoadFromThisServerOnlyAndAreNeverFramed() {
        String policy = SecurityHeadersFilter.policyFor("text/html;charset=UTF-8");
        assertThat(policy).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                .doesNotContain("unsafe-eval").doesNotContain("script-src 'self' 'unsafe-inline'").doesNotContain("http");
    }

    @Test
    void everythingElseMayLoadNothing() {
        assertThat(SecurityHeadersFilter.policyFor("application/json")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
        assertThat(SecurityHeadersFilter.policyFor(null)).isEqualTo(SecurityHeadersFilter.OTHER_POLICY);
        assertThat(SecurityHeadersFilter.policyFor("text/csv")).isEqualTo(SecurityHeadersFilter.OTHER_POLICY);
    }

    @Test
    void aPolicyOfTheResourceIsKeptAndMadeUnframeable() {
        assertThat(SecurityHeadersFilter.merge("default-src 'none'; style-src 'unsafe-inline'"))
                .isEqualTo("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        assertThat(SecurityHeadersFilter.merge("default-src 'none'; frame-ancestors 'self'")).isEqualTo("default-src 'none'; frame-ancestors 'self'");
    }
}
