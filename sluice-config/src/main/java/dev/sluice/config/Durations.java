package dev.sluice.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 250ms}, {@code 5s}, {@code 1m}, {@code 2h}, or a
 * sum such as {@code 1m30s}.
 *
 * <p>A bare number is rejected on purpose: {@code idle_timeout: 60} could mean seconds or
 * milliseconds depending on which proxy the operator came from, and guessing wrong is a
 * thousandfold error.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h))+");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");

    private Durations() {}

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException with a message fit for an operator, when the text is not
     *     a duration
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration (expected e.g. 250ms, 5s, 1m, 2h)");
        }
        String s = text.strip();
        if (BARE_NUMBER.matcher(s).matches()) {
            throw new IllegalArgumentException(
                    "duration " + s + " has no unit; write e.g. " + s + "s or " + s + "ms (units: ms, s, m, h)");
        }
        if (!WHOLE.matcher(s).matches()) {
            throw new IllegalArgumentException(
                    "invalid duration '" + s + "' (expected a whole number with a unit, e.g. 250ms, 5s, 1m, 2h, 1m30s)");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(s);
        try {
            while (m.find()) {
                long amount = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> throw new AssertionError(m.group(2));
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("duration '" + s + "' is too large");
        }
        return total;
    }

    /**
     * Formats a duration in the largest unit that represents it exactly, e.g. {@code 90s},
     * {@code 5m}, {@code 250ms}; the inverse of {@link #parse} for whole milliseconds.
     */
    public static String format(Duration d) {
        if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
