package dev.flywheel.cli.demo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's synthetic card payments and their fraud labels, from a seeded generator: the same seed gives the same
 * sequence. Fraud follows the payment's own features (larger amounts and riskier merchant categories are fraud more
 * often), so a model trained on them learns something real. The drifted regime shifts the amounts up and the
 * category mix towards online, electronics and travel; the fraud rule stays the same (a covariate shift).
 */
public final class DemoTraffic {

    /** Merchant categories, as the bundled spec's contract allows them. */
    public static final List<String> CATEGORIES = List.of("grocery", "restaurant", "fuel", "online", "electronics",
            "travel");
    /** Countries, as the bundled spec's contract allows them. */
    public static final List<String> COUNTRIES = List.of("US", "DE", "FR", "GB");

    private static final double[] NORMAL_MIX = {0.35, 0.25, 0.15, 0.15, 0.05, 0.05};
    private static final double[] DRIFTED_MIX = {0.10, 0.10, 0.05, 0.25, 0.30, 0.20};
    private static final double[] CATEGORY_RISK = {0.0, 0.2, 0.0, 1.2, 2.0, 1.6};
    private static final double[] COUNTRY_MIX = {0.55, 0.2, 0.15, 0.1};
    private static final double[] COUNTRY_RISK = {0.0, 0.1, 0.1, 0.4};
    /** Log-normal amounts: mean of the log (about 30 and 100 in money) and its spread. */
    private static final double NORMAL_LOG_MEAN = 3.4;
    private static final double DRIFTED_LOG_MEAN = 4.6;
    private static final double NORMAL_LOG_SD = 0.6;
    private static final double DRIFTED_LOG_SD = 0.8;
    /** Logistic fraud rule: about 7 % fraud in the normal regime, 40 % in the drifted one. */
    private static final double FRAUD_INTERCEPT = -3.5;
    private static final double FRAUD_PER_LOG_AMOUNT = 1.5;

    private final SplittableRandom random;
    private final int cards;
    private long sequence;

    /**
     * @param seed the seed; the same seed gives the same payments
     * @param cards how many distinct cards pay
     */
    public DemoTraffic(long seed, int cards) {
        if (cards < 1) {
            throw new IllegalArgumentException("cards must be >= 1, was " + cards);
        }
        this.random = new SplittableRandom(seed);
        this.cards = cards;
    }

    /**
     * One payment and whether it is fraud.
     *
     * @param txnId the payment id
     * @param cardId the entity key
     * @param amount the amount, always positive
     * @param category one of {@link #CATEGORIES}
     * @param country one of {@link #COUNTRIES}
     * @param fraud the label
     */
    public record Payment(String txnId, String cardId, double amount, String category, String country,
                          boolean fraud) {
    }

    /**
     * The next payment.
     *
     * @param drifted whether to draw from the drifted regime
     * @return the payment with its label
     */
    public Payment next(boolean drifted) {
        long n = sequence++;
        String card = "card-" + random.nextInt(cards);
        int category = pick(drifted ? DRIFTED_MIX : NORMAL_MIX);
        int country = pick(COUNTRY_MIX);
        double logAmount = drifted ? DRIFTED_LOG_MEAN + DRIFTED_LOG_SD * gaussian()
                : NORMAL_LOG_MEAN + NORMAL_LOG_SD * gaussian();
        double amount = Math.min(Math.round(Math.exp(logAmount) * 100) / 100.0 + 0.01, 99_999);
        double z = FRAUD_INTERCEPT + FRAUD_PER_LOG_AMOUNT * (Math.log(amount) - NORMAL_LOG_MEAN)
                + CATEGORY_RISK[category] + COUNTRY_RISK[country];
        boolean fraud = random.nextDouble() < 1 / (1 + Math.exp(-z));
        return new Payment("txn-" + n, card, amount, CATEGORIES.get(category), COUNTRIES.get(country), fraud);
    }

    private int pick(double[] shares) {
        double u = random.nextDouble();
        double sum = 0;
        for (int i = 0; i < shares.length - 1; i++) {
            sum += shares[i];
            if (u < sum) {
                return i;
            }
        }
        return shares.length - 1;
    }

    /** A standard normal value (Box-Muller; SplittableRandom has no nextGaussian on Java 17). */
    private double gaussian() {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
