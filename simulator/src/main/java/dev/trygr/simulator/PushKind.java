package dev.trygr.simulator;

/** The Ring pushes the simulated cloud can send, with their v2 {@code android_config.category}. */
public enum PushKind {
    /** Someone pressed the doorbell: sent for the home's doorbell. */
    DING("com.ring.pn.live-event.ding", "ding"),
    /** Motion detected: sent for the home's stickup cam. */
    MOTION("com.ring.pn.live-event.motion", "motion");

    private final String category;
    private final String subtype;

    PushKind(String category, String subtype) {
        this.category = category;
        this.subtype = subtype;
    }

    public String category() {
        return category;
    }

    public String subtype() {
        return subtype;
    }
}
