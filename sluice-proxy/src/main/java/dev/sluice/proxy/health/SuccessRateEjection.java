package dev.sluice.proxy.health;

import java.util.ArrayList;
import java.util.List;

/**
 * The success-rate outlier rule: a host whose success rate in the last interval is below the
 * cluster's mean minus {@code factor} standard deviations is an outlier. Only hosts with enough
 * requests are judged, and only when enough such hosts exist for the statistics to mean
 * something; both bounds are applied by the caller.
 */
public final class SuccessRateEjection {
    private SuccessRateEjection() {}

    public static double mean(double[] rates) {
        double sum = 0;
        for (double r : rates) {
            sum += r;
        }
        return rates.length == 0 ? 0 : sum / rates.length;
    }

    /** Population standard deviation: the hosts judged are the whole population, not a sample. */
    public static double stdev(double[] rates) {
        if (rates.length == 0) {
            return 0;
        }
        double mean = mean(rates);
        double sq = 0;
        for (double r : rates) {
            sq += (r - mean) * (r - mean);
        }
        return Math.sqrt(sq / rates.length);
    }

    /** Below this success rate a host is an outlier. */
    public static double threshold(double[] rates, double stdevFactor) {
        return mean(rates) - stdevFactor * stdev(rates);
    }

    /** Indexes of the rates below the threshold; empty when the factor is 0 (rule off). */
    public static List<Integer> outliers(double[] rates, double stdevFactor) {
        List<Integer> out = new ArrayList<>();
        if (stdevFactor <= 0 || rates.length == 0) {
            return out;
        }
        double t = threshold(rates, stdevFactor);
        for (int i = 0; i < rates.length; i++) {
            if (rates[i] < t) {
                out.add(i);
            }
        }
        return out;
    }
}
