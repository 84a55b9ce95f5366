package dev.trygr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trygr.capture.Capture;
import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.FcmEventRow;
import dev.trygr.capture.PushMessageRow;
import dev.trygr.capture.fcm.RingCredentials;
import dev.trygr.capture.fcm.WebPushDecryption;
import dev.trygr.capture.fcm.WebPushKeys;
import dev.trygr.cli.display.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "fcm", mixinStandardHelpOptions = true,
        description = "Push notifications: the FCM registrations and push messages in a capture.",
        subcommands = {FcmCommand.ListEvents.class, FcmCommand.Decrypt.class})
final class FcmCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--capture", paramLabel = "FILE", defaultValue = "capture.db",
            scope = picocli.CommandLine.ScopeType.INHERIT, description = "The capture to read. Default: ./capture.db.")
    Path capture;

    @Option(names = "--session", paramLabel = "N", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Only this proxy session.")
    Long session;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "FCM registrations, push-channel events and push messages, oldest first.")
    static final class ListEvents implements Callable<Integer> {
        @ParentCommand
        FcmCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (CaptureReader reader = Captures.reader(parent.capture)) {
                List<FcmEventRow> events = reader.fcmEvents(parent.session);
                TextTable table = TextTable.withHeader("TIME", "EVENT", "CLIENT", "ANDROID ID", "FCM TOKEN", "NOTE");
                for (FcmEventRow e : events) {
                    table.row(Captures.time(e.at()), e.kind(), e.hardwareId() != null ? e.hardwareId()
                                    : orEmpty(e.clientAddress()), orEmpty(e.androidId()), prefix(e.fcmToken()),
                            e.message() != null ? e.message() : orEmpty(e.outcome()));
                }
                out.println(events.size() + " FCM event(s)");
                if (!events.isEmpty()) {
                    out.print(table.render());
                }
                List<PushMessageRow> pushes = reader.pushMessages(parent.session);
                out.println(pushes.size() + " push message(s)");
                if (!pushes.isEmpty()) {
                    TextTable p = TextTable.withHeader("ID", "TIME", "PERSISTENT ID", "FROM", "BYTES", "DECRYPTED");
                    for (PushMessageRow m : pushes) {
                        p.row(Long.toString(m.id()), Captures.time(m.at()), orEmpty(m.persistentId()),
                                orEmpty(m.sender()), Integer.toString(m.rawData().length),
                                m.decrypted() == null ? "no (trygr fcm decrypt --credentials …)" : "yes");
                    }
                    out.print(p.render());
                }
            }
            out.flush();
            return ExitCode.OK.code;
        }

        private static String orEmpty(String s) {
            return s == null ? "" : s;
        }

        private static String prefix(String fingerprint) {
            return fingerprint == null ? "" : fingerprint.substring(0, Math.min(12, fingerprint.length()));
        }
    }

    @Command(name = "decrypt", mixinStandardHelpOptions = true,
            description = {"Decrypt the captured push messages with a client's own Web Push keys and print them as "
                    + "JSON, one line each.",
                "The keys live only in the client's stored credentials (ring-client-api's token, pnc.keys); they "
                        + "never cross the network."})
    static final class Decrypt implements Callable<Integer> {
        @ParentCommand
        FcmCommand parent;
        @Spec
        CommandSpec spec;

        @Option(names = "--credentials", required = true, paramLabel = "TOKEN_OR_CONFIG",
                description = "ring-client-api's refresh token (base64 {rt, hid, pnc}), or a file holding it, such "
                        + "as homebridge's config.json.")
        String credentials;

        @Option(names = "--store", description = "Also save the decrypted payloads into the capture.")
        boolean store;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            RingCredentials creds = CapturedPushes.credentials(credentials);
            WebPushKeys keys = CapturedPushes.keys(creds);
            List<CapturedPushes.Result> results;
            try (CaptureReader reader = Captures.reader(parent.capture)) {
                results = CapturedPushes.decrypt(reader, keys, parent.session);
            }
            int decrypted = 0;
            for (CapturedPushes.Result r : results) {
                if (r.decryption() instanceof WebPushDecryption.Decrypted d) {
                    decrypted++;
                    out.println(JSON.writeValueAsString(line(r.push(), d.plaintext())));
                }
            }
            if (store && decrypted > 0) {
                try (Capture capture = Captures.writable(parent.capture)) {
                    for (CapturedPushes.Result r : results) {
                        if (r.decryption() instanceof WebPushDecryption.Decrypted d) {
                            capture.storeDecrypted(r.push().id(), d.plaintext());
                        }
                    }
                }
            }
            err.println(decrypted + " of " + results.size() + " push message(s) decrypted with the keys of "
                    + creds.hardwareId().map(h -> "hardware_id " + h).orElse("these credentials")
                    + (store && decrypted > 0 ? "; stored in " + parent.capture : ""));
            results.stream().filter(r -> r.decryption() instanceof WebPushDecryption.Failed)
                    .map(r -> (WebPushDecryption.Failed) r.decryption())
                    .map(CapturedPushes::why).distinct()
                    .forEach(why -> err.println("  not decrypted: " + why));
            out.flush();
            err.flush();
            return ExitCode.OK.code;
        }

        private static ObjectNode line(PushMessageRow push, String plaintext) {
            ObjectNode node = JSON.createObjectNode();
            node.put("id", push.id());
            node.put("at", Captures.time(push.at()));
            node.put("persistent_id", push.persistentId());
            node.put("from", push.sender());
            try {
                JsonNode payload = JSON.readTree(plaintext);
                node.set("payload", payload);
            } catch (IOException e) {
                node.put("payload", plaintext);
            }
            return node;
        }
    }
}
