package dev.backtest.sdk.ml;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A fitted model over standardised feature columns: the columns' means and standard deviations of the training rows,
 * and either least-squares coefficients (intercept first) or a Tribuo model. Java-serialisable as one object.
 */
record Fit(boolean classification, String[] names, double[] mean, double[] sd, double[] beta, Model<?> tribuo) implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final String UP = "up";
    private static final String DOWN = "down";
    // Tribuo logs every SGD training at INFO through java.util.logging; the SDK stays quiet at INFO, unless the user
    // chose a level for Tribuo. Held here because java.util.logging keeps loggers only weakly.
    private static final java.util.logging.Logger TRIBUO_LOG = quietTribuo();

    /** Fits {@code spec}'s model on rows {@code rows} of {@code cols} with targets {@code y}. */
    static Fit train(ModelSpec spec, String[] names, double[][] cols, double[] y, int[] rows) {
        int k = cols.length;
        double[] mean = new double[k];
        double[] sd = new double[k];
        for (int j = 0; j < k; j++) {
            double s = 0;
            for (int r : rows) {
                s += cols[j][r];
            }
            mean[j] = s / rows.length;
            double v = 0;
            for (int r : rows) {
                v += (cols[j][r] - mean[j]) * (cols[j][r] - mean[j]);
            }
            // a constant column (no volume, say) carries nothing: scale 1 keeps it at 0 instead of dividing by 0
            sd[j] = v > 0 ? Math.sqrt(v / rows.length) : 1;
        }
        Fit shape = new Fit(spec.kind().classification(), names, mean, sd, null, null);
        return switch (spec.kind()) {
            case AUTOREGRESSIVE -> new Fit(spec.kind().classification(), names, mean, sd, LeastSquares.solve(shape.matrix(cols, rows), y, rows), null);
            case LINEAR -> new Fit(spec.kind().classification(), names, mean, sd, null, trainRegression(new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1, 0.1),
                    spec.epochs(), Integer.MAX_VALUE, 1L), shape, cols, y, rows));
            case REGRESSION_TREE -> new Fit(spec.kind().classification(), names, mean, sd, null, trainRegression(new CARTRegressionTrainer(spec.maxDepth()), shape, cols, y, rows));
            case LOGISTIC -> new Fit(spec.kind().classification(), names, mean, sd, null, trainClassification(
                    new org.tribuo.classification.sgd.linear.LinearSGDTrainer(new LogMulticlass(), new AdaGrad(1.0, 0.1), spec.epochs(),
                            Integer.MAX_VALUE, 1L), shape, cols, y, rows));
            case CLASSIFICATION_TREE -> new Fit(spec.kind().classification(), names, mean, sd, null,
                    trainClassification(new CARTClassificationTrainer(spec.maxDepth()), shape, cols, y, rows));
        };
    }

    /** The standardised rows {@code rows}: {@code [row][column]}. */
    double[][] matrix(double[][] cols, int[] rows) {
        double[][] x = new double[rows.length][cols.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < cols.length; j++) {
                x[i][j] = (cols[j][rows[i]] - mean[j]) / sd[j];
            }
        }
        return x;
    }

    private static java.util.logging.Logger quietTribuo() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("org.tribuo");
        if (log.getLevel() == null) {
            log.setLevel(java.util.logging.Level.WARNING);
        }
        return log;
    }

    private static Model<Regressor> trainRegression(org.tribuo.Trainer<Regressor> trainer, Fit shape, double[][] cols, double[] y, int[] rows) {
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("bars", factory), factory);
        double[][] x = shape.matrix(cols, rows);
        for (int i = 0; i < rows.length; i++) {
            data.add(new ArrayExample<>(new Regressor("return", y[rows[i]]), shape.names, x[i]));
        }
        return trainer.train(data);
    }

    private static Model<Label> trainClassification(org.tribuo.Trainer<Label> trainer, Fit shape, double[][] cols, double[] y, int[] rows) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("bars", factory), factory);
        double[][] x = shape.matrix(cols, rows);
        for (int i = 0; i < rows.length; i++) {
            data.add(new ArrayExample<>(new Label(y[rows[i]] > 0 ? UP : DOWN), shape.names, x[i]));
        }
        return trainer.train(data);
    }

    /**
     * The score of each row: the predicted return for regressions; for classifications P(up) - P(down) (or +1 / -1 when
     * the model gives no probabilities).
     */
    @SuppressWarnings("unchecked")
    double[] predict(double[][] cols, int[] rows) {
        double[][] x = matrix(cols, rows);
        double[] out = new double[rows.length];
        if (beta != null) {
            for (int i = 0; i < rows.length; i++) {
                double v = beta[0];
                for (int j = 0; j < x[i].length; j++) {
                    v += beta[j + 1] * x[i][j];
                }
                out[i] = v;
            }
            return out;
        }
        if (!classification) {
            Model<Regressor> m = (Model<Regressor>) tribuo;
            List<Example<Regressor>> examples = new ArrayList<>(rows.length);
            for (double[] row : x) {
                examples.add(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, names, row));
            }
            List<Prediction<Regressor>> p = m.predict(examples);
            for (int i = 0; i < rows.length; i++) {
                out[i] = p.get(i).getOutput().getValues()[0];
            }
            return out;
        }
        Model<Label> m = (Model<Label>) tribuo;
        List<Example<Label>> examples = new ArrayList<>(rows.length);
        for (double[] row : x) {
            examples.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, row));
        }
        List<Prediction<Label>> p = m.predict(examples);
        for (int i = 0; i < rows.length; i++) {
            Prediction<Label> one = p.get(i);
            if (one.hasProbabilities()) {
                out[i] = score(one, UP) - score(one, DOWN);
            } else {
                out[i] = UP.equals(one.getOutput().getLabel()) ? 1 : -1;
            }
        }
        return out;
    }

    private static double score(Prediction<Label> p, String label) {
        Label l = p.getOutputScores().get(label);
        return l == null ? 0 : l.getScore();
    }
}
