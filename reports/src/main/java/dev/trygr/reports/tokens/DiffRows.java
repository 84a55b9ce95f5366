package dev.trygr.reports.tokens;

import dev.trygr.analyzer.tokens.AnomalyKind;
import dev.trygr.analyzer.tokens.ClientDiff;
import dev.trygr.analyzer.tokens.ClientSide;
import dev.trygr.analyzer.tokens.HumanTime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The side-by-side rows of one client in a diff, as text cells, shared by the text and HTML renderers. */
public final class DiffRows {

    /** One compared property: its name and its value in A and in B ({@code —} when absent). */
    public record Row(String name, String a, String b, boolean differs) {
    }

    /** What a restart should not change (token prefixes and times differ by nature): changes are flagged. */
    private static final Set<String> SHOULD_STAY = Set.of("hardware_id", "device_model", "Ring session_id",
            "GCM android id");

    private DiffRows() {
    }

    public static List<Row> of(ClientDiff d) {
        List<Row> rows = new ArrayList<>();
        row(rows, d, "hardware_id", s -> s.hardwareId() == null ? "none" : s.hardwareId());
        row(rows, d, "seen", s -> HumanTime.at(s.firstSeen()) + " – " + HumanTime.at(s.lastSeen()));
        row(rows, d, "refresh-token rotations", s -> String.valueOf(s.cadence().rotations()));
        row(rows, d, "median rotation interval",
                s -> s.cadence().medianMicros() == null ? "—" : HumanTime.span(s.cadence().medianMicros()));
        row(rows, d, "token chains", s -> String.valueOf(s.chains()));
        row(rows, d, "password logins", s -> String.valueOf(s.passwordLogins()));
        row(rows, d, "Ring session_id", s -> s.ringSessions().isEmpty() ? "—"
                : String.join(", ", s.ringSessions().stream().map(LineageText::shortSession).toList()));
        row(rows, d, "latest refresh token", s -> s.latestPrefix() == null ? "—" : s.latestPrefix());
        row(rows, d, "device_model", s -> s.deviceModels().isEmpty() ? "—" : String.join(", ", s.deviceModels()));
        row(rows, d, "FCM registrations", s -> String.valueOf(s.pushRegistrations()));
        row(rows, d, "GCM android id", s -> s.androidIds().isEmpty() ? "—" : String.join(", ", s.androidIds()));
        row(rows, d, "anomalies", DiffRows::anomalies);
        return rows;
    }

    static String anomalies(ClientSide s) {
        if (s.anomalies().isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (AnomalyKind k : AnomalyKind.values()) {
            Long n = s.anomalies().get(k);
            if (n != null) {
                parts.add(k.words() + " ×" + n);
            }
        }
        return String.join(", ", parts);
    }

    private static void row(List<Row> rows, ClientDiff d, String name, Function<ClientSide, String> cell) {
        String a = d.a() == null ? "—" : cell.apply(d.a());
        String b = d.b() == null ? "—" : cell.apply(d.b());
        rows.add(new Row(name, a, b, SHOULD_STAY.contains(name) && d.common() && !a.equals(b)));
    }
}
