package dev.sluice.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes: a plain number of bytes ({@code 65536}) or a number with a unit. Binary units
 * ({@code KiB}, {@code MiB}, {@code GiB}, {@code TiB}) are powers of 1024; decimal units
 * ({@code KB}, {@code MB}, {@code GB}, {@code TB}) are powers of 1000, as their SI names say.
 * Units are case-insensitive; {@code B} means bytes.
 */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([A-Za-z]*)");
    private static final String UNITS = "B, KB, MB, GB, TB, KiB, MiB, GiB, TiB";

    private Sizes() {}

    /**
     * Parses a size in bytes.
     *
     * @throws IllegalArgumentException with a message fit for an operator
     */
    public static long parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty size (expected e.g. 65536, 64KiB, 1MiB)");
        }
        String s = text.strip();
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "invalid size '" + s + "' (expected a whole number of bytes with an optional unit, e.g. 65536, 64KiB, 10MB)");
        }
        long multiplier = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "kb" -> 1000L;
            case "mb" -> 1000L * 1000;
            case "gb" -> 1000L * 1000 * 1000;
            case "tb" -> 1000L * 1000 * 1000 * 1000;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "tib" -> 1L << 40;
            default -> throw new IllegalArgumentException(
                    "unknown size unit '" + m.group(2) + "' in '" + s + "' (units: " + UNITS + ")");
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("size '" + s + "' is too large");
        }
    }

    /** Formats a size in the largest binary unit that represents it exactly, e.g. {@code 64KiB}. */
    public static String format(long bytes) {
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return Long.toString(bytes);
    }
}
