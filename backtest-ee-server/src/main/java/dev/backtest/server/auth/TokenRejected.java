package dev.backtest.server.auth;

/**
 * Why a request could not be authenticated: a stable {@code reason} code (sent to the client in
 * the 401 problem) and a message that never contains the token itself.
 */
public final class TokenRejected extends Exception {

    private static final long serialVersionUID = 1L;

    /** The reason codes, stable for clients. */
    public enum Reason {
        TOKEN_MISSING, TOKEN_MALFORMED, TOKEN_ALG_NONE, TOKEN_UNSUPPORTED_ALGORITHM, TOKEN_BAD_SIGNATURE, TOKEN_KEYS_UNAVAILABLE,
        TOKEN_EXPIRED, TOKEN_NOT_YET_VALID, TOKEN_WRONG_AUDIENCE, TOKEN_WRONG_ISSUER, TOKEN_INVALID_SUBJECT
    }

    private final Reason reason;

    public TokenRejected(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
