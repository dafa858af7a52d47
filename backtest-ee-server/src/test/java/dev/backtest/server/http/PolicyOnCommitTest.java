package dev.backtest.server.http;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The security headers are set when a response commits, whichever way it commits, and again after a reset. */
class PolicyOnCommitTest {

    private static final String HSTS = "max-age=60; includeSubDomains";

    @Test
    void theFirstByteOfABodySetsThePolicyForItsType() throws IOException {
        RecordingResponse r = new RecordingResponse();
        r.contentType = "text/html";
        SecurityHeadersFilter.PolicyOnCommit p = new SecurityHeadersFilter.PolicyOnCommit(r.response(), HSTS);
        p.getOutputStream().write('x');
        assertThat(r.headers.get(SecurityHeadersFilter.HSTS)).containsExactly(HSTS);
        assertThat(r.headers.get("X-Content-Type-Options")).containsExactly("nosniff");
        assertThat(r.headers.get("Referrer-Policy")).containsExactly("no-referrer");
        assertThat(r.headers.get(SecurityHeadersFilter.CSP)).containsExactly(SecurityHeadersFilter.policyFor("text/html"));
    }

    @Test
    void aWriterAFlushAndARedirectCommitWithThePolicyToo() throws IOException {
        RecordingResponse writer = new RecordingResponse();
        writer.contentType = "application/json";
        new SecurityHeadersFilter.PolicyOnCommit(writer.response(), null).getWriter().write("{}");
        assertThat(writer.headers.get(SecurityHeadersFilter.CSP)).containsExactly(SecurityHeadersFilter.policyFor("application/json"));
        assertThat(writer.headers).as("HSTS off").doesNotContainKey(SecurityHeadersFilter.HSTS);

        RecordingResponse flushed = new RecordingResponse();
        new SecurityHeadersFilter.PolicyOnCommit(flushed.response(), HSTS).flushBuffer();
        assertThat(flushed.headers).containsKey(SecurityHeadersFilter.CSP);

        RecordingResponse moved = new RecordingResponse();
        new SecurityHeadersFilter.PolicyOnCommit(moved.response(), HSTS).sendRedirect("/docs/");
        assertThat(moved.headers).containsKey(SecurityHeadersFilter.CSP);
        assertThat(moved.redirect).isEqualTo("/docs/");
    }

    @Test
    void aPolicyTheResourceSetIsMergedNotReplaced() throws IOException {
        RecordingResponse r = new RecordingResponse();
        r.contentType = "text/html";
        r.headers.put(SecurityHeadersFilter.CSP, new java.util.ArrayList<>(java.util.List.of("default-src 'none'; style-src 'unsafe-inline'")));
        new SecurityHeadersFilter.PolicyOnCommit(r.response(), HSTS).getOutputStream().write('x');
        assertThat(r.headers.get(SecurityHeadersFilter.CSP)).containsExactly(SecurityHeadersFilter.merge("default-src 'none'; style-src 'unsafe-inline'"));
    }

    @Test
    void anErrorLeavesThePolicyToItsPageAndAResetSetsItAgain() throws IOException {
        RecordingResponse r = new RecordingResponse();
        SecurityHeadersFilter.PolicyOnCommit p = new SecurityHeadersFilter.PolicyOnCommit(r.response(), HSTS);
        p.sendError(404);
        p.sendError(500, "boom");
        assertThat(r.headers).as("the error page sets its own").doesNotContainKey(SecurityHeadersFilter.CSP);

        RecordingResponse again = new RecordingResponse();
        again.contentType = "text/csv";
        SecurityHeadersFilter.PolicyOnCommit q = new SecurityHeadersFilter.PolicyOnCommit(again.response(), HSTS);
        q.getOutputStream();
        q.reset();
        assertThat(again.headers).as("gone with the reset").isEmpty();
        q.getOutputStream().write('x');
        assertThat(again.headers).containsKeys(SecurityHeadersFilter.CSP, SecurityHeadersFilter.HSTS);
    }
}
