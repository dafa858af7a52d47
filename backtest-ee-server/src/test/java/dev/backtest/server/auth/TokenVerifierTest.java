package dev.backtest.server.auth;

import com.nimbusds.jose.JWSAlgorithm;
import dev.backtest.server.auth.TokenRejected.Reason;
import dev.backtest.server.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The token checks one by one, with real signatures: every failure has its own reason. */
class TokenVerifierTest {

    private final Tokens tokens = new Tokens();
    private final UUID user = UUID.randomUUID();

    private TokenVerifier hsOnly() {
        return new TokenVerifier(Optional.of(Tokens.SECRET), Optional.empty(), Optional.of(Tokens.ISSUER), Clock.systemUTC());
    }

    private static Reason rejected(TokenVerifier v, String header) {
        TokenRejected e = catchThrowableOfType(TokenRejected.class, () -> v.verify(header));
        assertThat(e).as("rejected").isNotNull();
        assertThat(e.getMessage()).doesNotContain(header == null || header.length() < 20 ? "\u0000" : header.substring(7));
        return e.reason();
    }

    @Test
    void acceptsAValidHs256TokenAndExposesItsClaims() throws Exception {
        VerifiedToken t = hsOnly().verify("Bearer " + tokens.hs256(user));
        assertThat(t.userId()).isEqualTo(user);
        assertThat(t.getSubject()).isEqualTo(user.toString());
        assertThat(t.getName()).isEqualTo(user.toString());
        assertThat((String) t.getClaim("email")).isEqualTo(user + "@example.com");
        assertThat(t.getAudience()).containsExactly("authenticated");
        assertThat(t.getIssuer()).isEqualTo(Tokens.ISSUER);
        assertThat(t.getExpirationTime()).isGreaterThan(Instant.now().getEpochSecond());
        assertThat(t.getRawToken()).startsWith("eyJ");
        assertThat(t.toString()).doesNotContain(t.getRawToken());
    }

    @Test
    void rejectsEachBrokenTokenWithItsReason() {
        TokenVerifier v = hsOnly();
        assertThat(rejected(v, null)).isEqualTo(Reason.TOKEN_MISSING);
        assertThat(rejected(v, "Basic abc")).isEqualTo(Reason.TOKEN_MALFORMED);
        assertThat(rejected(v, "Bearer not.a.jwt")).isEqualTo(Reason.TOKEN_MALFORMED);
        assertThat(rejected(v, "Bearer " + Tokens.algNone(user))).isEqualTo(Reason.TOKEN_ALG_NONE);
        assertThat(rejected(v, "Bearer " + tokens.hs256(user, b -> b.expirationTime(Date.from(Instant.now().minusSeconds(120))))))
                .isEqualTo(Reason.TOKEN_EXPIRED);
        assertThat(rejected(v, "Bearer " + tokens.hs256(user, b -> b.notBeforeTime(Date.from(Instant.now().plusSeconds(600))))))
                .isEqualTo(Reason.TOKEN_NOT_YET_VALID);
        assertThat(rejected(v, "Bearer " + tokens.hs256(user, b -> b.audience("anon")))).isEqualTo(Reason.TOKEN_WRONG_AUDIENCE);
        assertThat(rejected(v, "Bearer " + tokens.hs256(user, b -> b.issuer("https://evil.test/auth/v1"))))
                .isEqualTo(Reason.TOKEN_WRONG_ISSUER);
        assertThat(rejected(v, "Bearer " + tokens.hs256(user, b -> b.subject("not-a-uuid")))).isEqualTo(Reason.TOKEN_INVALID_SUBJECT);
        assertThat(rejected(v, "Bearer " + tokens.hs256(user, b -> b.expirationTime(null)))).isEqualTo(Reason.TOKEN_MALFORMED);
        assertThat(rejected(v, "Bearer " + Tokens.hmac("another-secret-of-at-least-32-characters!!", JWSAlgorithm.HS256,
                Tokens.claims(user).build()))).isEqualTo(Reason.TOKEN_BAD_SIGNATURE);
        assertThat(rejected(v, "Bearer " + Tokens.hmac(Tokens.SECRET + Tokens.SECRET, JWSAlgorithm.HS512, Tokens.claims(user).build())))
                .isEqualTo(Reason.TOKEN_UNSUPPORTED_ALGORITHM);
        // RS256 without a JWKS configured
        assertThat(rejected(v, "Bearer " + tokens.rs256(user))).isEqualTo(Reason.TOKEN_UNSUPPORTED_ALGORITHM);
    }

    @Test
    void tamperedPayloadFailsTheSignature() {
        String[] parts = tokens.hs256(user).split("\\.");
        String other = tokens.hs256(UUID.randomUUID()).split("\\.")[1];
        assertThat(rejected(hsOnly(), "Bearer " + parts[0] + "." + other + "." + parts[2])).isEqualTo(Reason.TOKEN_BAD_SIGNATURE);
    }

    @Test
    void verifiesEs256FromALocalJwksFileAndRejectsUnknownKeys(@TempDir Path dir) throws Exception {
        TokenVerifier v = new TokenVerifier(Optional.empty(), Optional.of(tokens.writeJwks(dir).toString()), Optional.empty(),
                Clock.systemUTC());
        assertThat(v.verify("Bearer " + tokens.es256(user)).userId()).isEqualTo(user);
        assertThat(rejected(v, "Bearer " + tokens.rs256(user))).isEqualTo(Reason.TOKEN_BAD_SIGNATURE);
        assertThat(rejected(v, "Bearer " + tokens.hs256(user))).isEqualTo(Reason.TOKEN_UNSUPPORTED_ALGORITHM);
    }

    @Test
    void toleratesSmallClockSkewOnly() throws Exception {
        String token = tokens.hs256(user, b -> b.expirationTime(Date.from(Instant.now().plusSeconds(10))));
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(10).plus(TokenVerifier.CLOCK_SKEW).minusSeconds(5));
        TokenVerifier skewed = new TokenVerifier(Optional.of(Tokens.SECRET), Optional.empty(), Optional.empty(), later);
        assertThat(skewed.verify("Bearer " + token).userId()).isEqualTo(user);
        Clock tooLate = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(10).plus(TokenVerifier.CLOCK_SKEW).plusSeconds(5));
        assertThat(rejected(new TokenVerifier(Optional.of(Tokens.SECRET), Optional.empty(), Optional.empty(), tooLate), "Bearer " + token))
                .isEqualTo(Reason.TOKEN_EXPIRED);
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        Instant now = Instant.now();

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aRememberedTokenStillExpiresAndIsVerifiedAgainLater() throws Exception {
        MovableClock clock = new MovableClock();
        TokenVerifier v = new TokenVerifier(Optional.of(Tokens.SECRET), Optional.empty(), Optional.of(Tokens.ISSUER), clock);
        String token = tokens.hs256(user, b -> b.expirationTime(Date.from(clock.now.plusSeconds(600))));
        VerifiedToken first = v.verify("Bearer " + token);
        assertThat(v.verify("Bearer " + token)).as("remembered").isSameAs(first);
        clock.now = clock.now.plus(TokenVerifier.REVERIFY_AFTER).plusSeconds(1);
        VerifiedToken again = v.verify("Bearer " + token);
        assertThat(again).as("verified afresh after REVERIFY_AFTER").isNotSameAs(first);
        assertThat(again.userId()).isEqualTo(user);
        clock.now = clock.now.plusSeconds(600);
        assertThat(rejected(v, "Bearer " + token)).as("expired while remembered").isEqualTo(Reason.TOKEN_EXPIRED);
        assertThat(rejected(v, "Bearer " + token)).isEqualTo(Reason.TOKEN_EXPIRED);
    }

    @Test
    void aRememberedTokenIsOnlyItsExactText() {
        TokenVerifier v = hsOnly();
        String token = tokens.hs256(user);
        assertThat(catchThrowableOfType(TokenRejected.class, () -> v.verify("Bearer " + token))).isNull();
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertThat(rejected(v, "Bearer " + forged)).isEqualTo(Reason.TOKEN_BAD_SIGNATURE);
    }
}
