package dev.backtest.sdk.ml;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.Arrays;
import java.util.Locale;

/**
 * The kinds of model {@link MlModels} trains: regressions predict the return over the horizon, classifications its
 * sign. {@code autoregressive} is plain least squares; the others are Tribuo trainers.
 *
 * <pre>{@code
 * ModelKind k = ModelKind.parse("regression_tree");
 * boolean sign = k.classification();   // false: it predicts the return itself
 * }</pre>
 */
public enum ModelKind {
    /** Ordinary least squares of the next return on the features (with {@code returns} only: an AR(p) model). */
    AUTOREGRESSIVE("autoregressive", false),
    /** Tribuo's linear regression trained by stochastic gradient descent (squared loss, AdaGrad). */
    LINEAR("linear", false),
    /** Tribuo's CART regression tree. */
    REGRESSION_TREE("regression_tree", false),
    /** Tribuo's logistic regression of the return's sign. */
    LOGISTIC("logistic", true),
    /** Tribuo's CART classification tree of the return's sign. */
    CLASSIFICATION_TREE("classification_tree", true);

    private final String wire;
    private final boolean classification;

    ModelKind(String wire, boolean classification) {
        this.wire = wire;
        this.classification = classification;
    }

    /** The name in requests, metadata and the command line. */
    public String wire() {
        return wire;
    }

    /** Whether the model predicts the sign of the return (else the return). */
    public boolean classification() {
        return classification;
    }

    /**
     * The kind named {@code name} (its wire name, case-insensitive).
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} naming the accepted kinds
     */
    public static ModelKind parse(String name) {
        for (ModelKind k : values()) {
            if (k.wire.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "kind must be one of " + names() + "; got '" + name + "'")
                .with("field", "kind");
    }

    /** The wire names, comma-separated. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(ModelKind::wire).toList());
    }
}
