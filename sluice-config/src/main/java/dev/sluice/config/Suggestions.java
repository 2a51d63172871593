package dev.sluice.config;

import java.util.Collection;

/** "Did you mean" for misspelt field and cluster names. */
final class Suggestions {
    private Suggestions() {}

    /** The candidate closest to {@code given} within a small edit distance, or null. */
    static String closest(String given, Collection<String> candidates) {
        if (given == null || given.length() > 64) {
            return null;
        }
        int allowed = given.length() <= 4 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (c == null || Math.abs(c.length() - given.length()) > allowed) {
                continue;
            }
            int d = distance(given.toLowerCase(), c.toLowerCase());
            if (d <= allowed && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** {@code "; did you mean 'x'?"}, or empty when nothing is close. */
    static String hint(String given, Collection<String> candidates) {
        String c = closest(given, candidates);
        return c == null ? "" : "; did you mean '" + c + "'?";
    }

    /** Edit distance where swapping two neighbours counts as one edit ("bleu" to "blue"). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
