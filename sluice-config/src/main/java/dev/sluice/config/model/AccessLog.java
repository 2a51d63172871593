package dev.sluice.config.model;

/**
 * One JSON line per request, written off the event loops.
 *
 * @param path "stdout" or a file path; null when disabled
 */
public record AccessLog(boolean enabled, String path) {
    public static final AccessLog DISABLED = new AccessLog(false, null);

    public boolean toStdout() {
        return "stdout".equals(path);
    }
}
