package dev.trygr.simulator;

/** The scripted client behaviours {@link ScenarioRunner} plays against a cloud, each with a hardware id of its own. */
public enum Scenario {
    /**
     * Saves every rotated token to its config and reuses its FCM credentials on restart: logs in with 2FA,
     * registers for FCM, receives and decrypts a ding, rotates; restarts, refreshes with the saved token,
     * re-checks-in with the stored credentials and decrypts a motion push.
     */
    GOOD("good"),
    /**
     * Keeps restarting with the token it was first given (like a CLI-generated token pasted into a config that is
     * never updated): the refresh works once, works once more within the grace, then gets 401 invalid_grant.
     */
    STALE_REUSE("stale"),
    /**
     * Saves its tokens but registers for FCM anew on every start (new keys, new FCM token, same checkin) and PATCHes
     * the new token: Ring keeps pushing to the first token, so pushes after a restart arrive undecryptable.
     */
    RE_REGISTERING("rereg");

    private final String shortName;

    Scenario(String shortName) {
        this.shortName = shortName;
    }

    public String shortName() {
        return shortName;
    }
}
