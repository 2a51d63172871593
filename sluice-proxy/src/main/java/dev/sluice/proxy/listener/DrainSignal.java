package dev.sluice.proxy.listener;

/** User event fired on every downstream connection when Sluice starts draining. */
public final class DrainSignal {
    public static final DrainSignal INSTANCE = new DrainSignal();

    private DrainSignal() {}
}
