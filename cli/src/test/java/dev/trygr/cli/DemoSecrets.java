package dev.trygr.cli;

import dev.trygr.capture.fcm.PushCredentials;
import dev.trygr.capture.fcm.RingCredentials;
import dev.trygr.simulator.SimulatedHome;
import dev.trygr.simulator.TokenEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every raw secret of a demo run: the account password, every refresh token the simulated cloud issued or was
 * shown (its ledger), and what the clients keep in their config.json (refresh tokens, push keys and tokens).
 */
final class DemoSecrets {
    private DemoSecrets() {
    }

    static List<String> of(Path demoDir, DemoCommand.Outcome outcome) throws IOException {
        List<String> secrets = new ArrayList<>();
        secrets.add(SimulatedHome.sample().password());
        for (TokenEvent t : outcome.ledger()) {
            if (t.presented() != null) {
                secrets.add(t.presented());
            }
            if (t.issued() != null) {
                secrets.add(t.issued());
            }
        }
        for (String client : List.of("good", "stale", "rereg")) {
            RingCredentials creds = RingCredentials.read(demoDir.resolve("clients").resolve(client)
                    .resolve("config.json"));
            secrets.add(creds.refreshToken());
            creds.push().ifPresent(p -> push(p, secrets));
        }
        return secrets.stream().filter(s -> s != null && s.length() >= 8).distinct().toList();
    }

    private static void push(PushCredentials p, List<String> secrets) {
        p.keys().ifPresent(k -> {
            secrets.add(k.privateKey());
            secrets.add(k.authSecret());
        });
        p.gcm().ifPresent(g -> {
            secrets.add(g.token());
            secrets.add(g.securityToken());
        });
        p.fcm().ifPresent(f -> {
            secrets.add(f.token());
            f.installation().ifPresent(i -> {
                secrets.add(i.token());
                secrets.add(i.refreshToken());
            });
        });
    }
}
