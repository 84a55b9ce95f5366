package dev.trygr.simulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a scenario client did over all its starts.
 *
 * @param configFile the homebridge-style config the client read (and, if it persists, wrote)
 */
public record ScenarioResult(Scenario scenario, String hardwareId, Path configFile, List<StartRecord> starts) {

    public ScenarioResult {
        starts = List.copyOf(starts);
    }

    public List<TokenUse> tokenUses() {
        List<TokenUse> all = new ArrayList<>();
        starts.forEach(s -> all.addAll(s.tokenUses()));
        return all;
    }

    public List<ReceivedPush> pushes() {
        List<ReceivedPush> all = new ArrayList<>();
        starts.forEach(s -> all.addAll(s.pushes()));
        return all;
    }

    /** The distinct FCM tokens the client used, in order. */
    public List<String> fcmTokens() {
        return starts.stream().map(StartRecord::fcmToken).flatMap(Optional::stream).distinct().toList();
    }

    public StartRecord start(int number) {
        return starts.get(number - 1);
    }
}
