package dev.backtest.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.backtest.server.auth.TokenRejected.Reason;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies Supabase access tokens with Nimbus JOSE+JWT: HS256 with the project's JWT secret and,
 * when a JWKS (URL or local file) is configured, RS256/ES256 with its keys. Checks the signature,
 * {@code exp} (required), {@code nbf}, {@code aud = authenticated}, {@code iss} when an issuer is
 * configured, and a UUID {@code sub}. Each failure has its own {@link Reason}. Thread-safe.
 */
public final class TokenVerifier {

    public static final String AUDIENCE = "authenticated";
    /** Tolerated clock difference between Supabase and this server. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final Optional<MACVerifier> hmac;
    private final Optional<JWSVerificationKeySelector<SecurityContext>> keys;
    private final Optional<String> issuer;
    private final Clock clock;
    /**
     * Tokens that verified recently, by their exact text: a client sends the same token with every request for
     * an hour, and parsing and checking it again cost more than the rest of a cached candle request. A token is
     * verified in full again after {@link #REVERIFY_AFTER}; its exp and nbf are checked on every use.
     */
    private final ConcurrentHashMap<String, Verified> recent = new ConcurrentHashMap<>();
    static final Duration REVERIFY_AFTER = Duration.ofMinutes(5);
    private static final int MAX_RECENT = 10_000;

    private record Verified(VerifiedToken token, Instant at) {
    }

    /**
     * @param secret   the HS256 secret (at least 32 bytes), if any
     * @param jwks     an http(s) URL or a file path of a JWKS, if any
     * @param issuer   the required {@code iss}, if any (Supabase: {@code <SUPABASE_URL>/auth/v1})
     */
    public TokenVerifier(Optional<String> secret, Optional<String> jwks, Optional<String> issuer, Clock clock) {
        try {
            this.hmac = secret.isPresent() ? Optional.of(new MACVerifier(secret.get().getBytes(StandardCharsets.UTF_8))) : Optional.empty();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("SUPABASE_JWT_SECRET is not usable for HS256: " + e.getMessage(), e);
        }
        this.keys = jwks.map(TokenVerifier::source).map(s -> new JWSVerificationKeySelector<>(ASYMMETRIC, s));
        this.issuer = issuer;
        this.clock = clock;
    }

    private static JWKSource<SecurityContext> source(String location) {
        try {
            if (location.startsWith("http://") || location.startsWith("https://")) {
                return JWKSourceBuilder.create(URI.create(location).toURL()).retrying(true).build();
            }
            return new ImmutableJWKSet<>(JWKSet.load(new File(location)));
        } catch (IOException | ParseException e) {
            throw new IllegalArgumentException("SUPABASE_JWKS_URL: cannot read the JWKS at " + location + ": " + e.getMessage(), e);
        }
    }

    /** Verifies the value of an {@code Authorization} header. */
    public VerifiedToken verify(String authorization) throws TokenRejected {
        if (authorization == null || authorization.isBlank()) {
            throw new TokenRejected(Reason.TOKEN_MISSING, "no bearer token: send Authorization: Bearer <access token>");
        }
        String[] parts = authorization.strip().split("\\s+");
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            throw new TokenRejected(Reason.TOKEN_MALFORMED, "the Authorization header must be 'Bearer <access token>'");
        }
        String raw = parts[1];
        Verified known = recent.get(raw);
        if (known != null) {
            Instant now = clock.instant();
            if (now.isBefore(known.at().plus(REVERIFY_AFTER))) {
                try {
                    checkTimes(known.token().claims(), now);
                    return known.token();
                } catch (TokenRejected e) {
                    recent.remove(raw);
                    throw e;
                }
            }
            recent.remove(raw);
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(raw);
        } catch (ParseException e) {
            throw new TokenRejected(Reason.TOKEN_MALFORMED, "the bearer token is not a JWT");
        }
        if (jwt instanceof PlainJWT) {
            throw new TokenRejected(Reason.TOKEN_ALG_NONE, "unsigned tokens (alg none) are not accepted");
        }
        if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
            throw new TokenRejected(Reason.TOKEN_UNSUPPORTED_ALGORITHM, "encrypted tokens are not accepted");
        }
        verifySignature(signed);
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRejected(Reason.TOKEN_MALFORMED, "the token's claims are not a JSON object");
        }
        VerifiedToken token = new VerifiedToken(raw, claims, checkClaims(claims));
        if (recent.size() >= MAX_RECENT) {
            recent.clear();
        }
        recent.put(raw, new Verified(token, clock.instant()));
        return token;
    }

    private void verifySignature(SignedJWT jwt) throws TokenRejected {
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm alg = header.getAlgorithm();
        JWSVerifier verifier;
        if (JWSAlgorithm.HS256.equals(alg) && hmac.isPresent()) {
            verifier = hmac.get();
        } else if (ASYMMETRIC.contains(alg) && keys.isPresent()) {
            List<Key> candidates;
            try {
                candidates = keys.get().selectJWSKeys(header, null);
            } catch (KeySourceException e) {
                throw new TokenRejected(Reason.TOKEN_KEYS_UNAVAILABLE, "the signing keys (JWKS) cannot be loaded right now");
            }
            for (Key key : candidates) {
                try {
                    if (jwt.verify(new DefaultJWSVerifierFactory().createJWSVerifier(header, key))) {
                        return;
                    }
                } catch (JOSEException e) {
                    // try the next key
                }
            }
            throw new TokenRejected(Reason.TOKEN_BAD_SIGNATURE, "the token's signature does not verify with any known key");
        } else {
            throw new TokenRejected(Reason.TOKEN_UNSUPPORTED_ALGORITHM, "algorithm " + alg + " is not accepted; accepted: "
                    + (hmac.isPresent() ? "HS256" : "") + (hmac.isPresent() && keys.isPresent() ? ", " : "")
                    + (keys.isPresent() ? "RS256, ES256" : ""));
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new TokenRejected(Reason.TOKEN_BAD_SIGNATURE, "the token's signature is not valid");
            }
        } catch (JOSEException e) {
            throw new TokenRejected(Reason.TOKEN_BAD_SIGNATURE, "the token's signature cannot be verified");
        }
    }

    private UUID checkClaims(JWTClaimsSet claims) throws TokenRejected {
        checkTimes(claims, clock.instant());
        List<String> aud = claims.getAudience();

        if (aud == null || !aud.contains(AUDIENCE)) {
            throw new TokenRejected(Reason.TOKEN_WRONG_AUDIENCE, "the token's audience must include '" + AUDIENCE + "'");
        }
        if (issuer.isPresent() && !issuer.get().equals(claims.getIssuer())) {
            throw new TokenRejected(Reason.TOKEN_WRONG_ISSUER, "the token's issuer must be " + issuer.get());
        }
        String sub = claims.getSubject();
        try {
            UUID id = sub == null ? null : UUID.fromString(sub);
            if (id == null || !id.toString().equalsIgnoreCase(sub)) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw new TokenRejected(Reason.TOKEN_INVALID_SUBJECT, "the token's sub claim must be a user id (UUID)");
        }
    }

    /** {@code exp} (required) and {@code nbf}, with {@link #CLOCK_SKEW} of tolerance. */
    private static void checkTimes(JWTClaimsSet claims, Instant now) throws TokenRejected {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new TokenRejected(Reason.TOKEN_MALFORMED, "the token has no exp claim");
        }
        if (now.isAfter(exp.toInstant().plus(CLOCK_SKEW))) {
            throw new TokenRejected(Reason.TOKEN_EXPIRED, "the token expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(CLOCK_SKEW).isBefore(nbf.toInstant())) {
            throw new TokenRejected(Reason.TOKEN_NOT_YET_VALID, "the token is not valid before " + nbf.toInstant());
        }
    }
}
