package dev.sluice.proxy.health;

import java.util.Locale;

/** Why outlier detection ejected a host; the label of sluice_outlier_ejections_total. */
public enum EjectionReason {
    CONSECUTIVE_5XX,
    CONSECUTIVE_GATEWAY_FAILURE,
    SUCCESS_RATE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
