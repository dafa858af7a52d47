package dev.backtest.server.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Real signed Supabase-like tokens for tests: an HS256 secret and an ES256 key published in a JWKS file. */
public final class Tokens {

    public static final String SECRET = "test-secret-for-hs256-of-at-least-32-characters";
    public static final String SUPABASE_URL = "http://supabase.test";
    public static final String ISSUER = SUPABASE_URL + "/auth/v1";

    private final ECKey ecKey;
    private final RSAKey rsaKey;

    public Tokens() {
        try {
            ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
            rsaKey = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the public EC key as a JWKS file (the RSA key is deliberately not published). */
    public Path writeJwks(Path dir) {
        try {
            Path file = dir.resolve("jwks.json");
            Files.writeString(file, new JWKSet(ecKey.toPublicJWK()).toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Valid claims for {@code user}: aud authenticated, the issuer, an hour to live. */
    public static JWTClaimsSet.Builder claims(UUID user) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(user.toString()).audience("authenticated").issuer(ISSUER)
                .claim("email", user + "@example.com").claim("role", "authenticated")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))));
    }

    public String hs256(UUID user) {
        return hs256(user, b -> b);
    }

    public String hs256(UUID user, UnaryOperator<JWTClaimsSet.Builder> change) {
        return hmac(SECRET, JWSAlgorithm.HS256, change.apply(claims(user)).build());
    }

    /** An HMAC token with any secret and algorithm (HS256, HS384, HS512). */
    public static String hmac(String secret, JWSAlgorithm alg, JWTClaimsSet claims) {
        try {
            return sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), alg, claims, null);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String es256(UUID user) {
        try {
            return sign(new ECDSASigner(ecKey), JWSAlgorithm.ES256, claims(user).build(), ecKey.getKeyID());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String rs256(UUID user) {
        try {
            return sign(new RSASSASigner(rsaKey), JWSAlgorithm.RS256, claims(user).build(), rsaKey.getKeyID());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String algNone(UUID user) {
        return new PlainJWT(claims(user).build()).serialize();
    }

    private static String sign(JWSSigner signer, JWSAlgorithm alg, JWTClaimsSet claims, String kid) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
