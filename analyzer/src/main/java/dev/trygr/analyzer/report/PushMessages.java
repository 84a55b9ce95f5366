package dev.trygr.analyzer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trygr.capture.PushMessageRow;
import dev.trygr.capture.secrets.Redactor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Push messages as they stream by: counted per time bucket and per event, redeliveries spotted by
 * {@code persistent_id}, the first few listed, and decrypted payloads flattened into field paths. Ring's payload
 * values are JSON inside JSON strings ({@code data.data = "{\"device\":…}"}); those are opened too, as
 * ring-client-api does. Values of fields named like secrets are never shown.
 */
final class PushMessages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_FIELDS_PER_MESSAGE = 40;
    private static final int MAX_DEPTH = 8;
    private static final int MAX_PLAINTEXT = 64 * 1024;
    private static final int MAX_SEEN_IDS = 200_000;
    private static final int MAX_CATEGORIES = 50;
    static final String HIDDEN = "(hidden: secret)";

    private final ReportLimits limits;
    private final TimeAxis axis;
    private final long[] perBucket;
    private final Set<String> seenIds = new HashSet<>();
    private final Map<String, Long> categories = new LinkedHashMap<>();
    private final Map<String, long[]> fieldCounts = new LinkedHashMap<>();
    private final Map<String, String> fieldExamples = new LinkedHashMap<>();
    private final List<PushChannel.Message> listed = new ArrayList<>();
    private long messages;
    private long decrypted;
    private long redelivered;

    PushMessages(ReportLimits limits, TimeAxis axis) {
        this.limits = limits;
        this.axis = axis;
        this.perBucket = new long[axis.buckets()];
    }

    /** Counts one message; {@code client} is who received it, when known. */
    void message(PushMessageRow m, String client) {
        messages++;
        int i = axis.index(m.at());
        if (i >= 0) {
            perBucket[i]++;
        }
        if (m.persistentId() != null) {
            if (seenIds.contains(m.persistentId())) {
                redelivered++;
            } else if (seenIds.size() < MAX_SEEN_IDS) {
                seenIds.add(m.persistentId());
            }
        }
        List<PushChannel.Field> fields = new ArrayList<>();
        String event = null;
        if (m.decrypted() != null) {
            decrypted++;
            fields = flatten(m.decrypted());
            for (PushChannel.Field f : fields) {
                if (f.path().equals("data.android_config.category")) {
                    event = f.value();
                }
                String general = Excerpts.generalPath(f.path());
                long[] n = fieldCounts.get(general);
                if (n == null && fieldCounts.size() < limits.payloadFields()) {
                    n = new long[1];
                    fieldCounts.put(general, n);
                    fieldExamples.put(general, f.value());
                }
                if (n != null) {
                    n[0]++;
                }
            }
        }
        String category = event != null ? event : m.decrypted() != null ? "(decrypted, no category)" : "(encrypted)";
        if (categories.containsKey(category) || categories.size() < MAX_CATEGORIES) {
            categories.merge(category, 1L, Long::sum);
        }
        if (listed.size() < limits.pushMessages()) {
            List<PushChannel.Field> shown = fields.size() > MAX_FIELDS_PER_MESSAGE
                    ? fields.subList(0, MAX_FIELDS_PER_MESSAGE) : fields;
            listed.add(new PushChannel.Message(m.id(), m.at(), m.persistentId(), m.sender(), m.category(), client,
                    m.decrypted() != null, event, shown));
        }
    }

    /** The plaintext's fields in document order ({@code data.device.name = Front Door}). */
    static List<PushChannel.Field> flatten(String plaintext) {
        List<PushChannel.Field> out = new ArrayList<>();
        if (plaintext.length() > MAX_PLAINTEXT) {
            plaintext = plaintext.substring(0, MAX_PLAINTEXT);
        }
        try {
            walk("", JSON.readTree(plaintext), out, 0);
        } catch (Exception e) {
            out.add(new PushChannel.Field("(payload)", "not JSON: " + Excerpts.cut(plaintext)));
        }
        return out;
    }

    private static void walk(String path, JsonNode node, List<PushChannel.Field> out, int depth) {
        if (out.size() >= 400) {
            return;
        }
        if (node.isObject() && depth < MAX_DEPTH) {
            node.fields().forEachRemaining(e -> {
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (secretName(e.getKey())) {
                    out.add(new PushChannel.Field(child, HIDDEN));
                } else {
                    walk(child, e.getValue(), out, depth + 1);
                }
            });
        } else if (node.isArray() && depth < MAX_DEPTH) {
            for (int i = 0; i < node.size(); i++) {
                walk(path + "[" + i + "]", node.get(i), out, depth + 1);
            }
        } else if (node.isTextual() && looksLikeJson(node.asText()) && depth < MAX_DEPTH) {
            try {
                walk(path, JSON.readTree(node.asText()), out, depth + 1);
            } catch (Exception e) {
                out.add(new PushChannel.Field(path, Excerpts.cut(node.asText())));
            }
        } else {
            String value = node.isNull() ? "null" : node.isValueNode() ? node.asText() : node.toString();
            out.add(new PushChannel.Field(path, Redactor.isMarker(value) ? value : Excerpts.cut(value)));
        }
    }

    private static boolean looksLikeJson(String s) {
        String t = s.strip();
        return t.length() > 1 && (t.startsWith("{") && t.endsWith("}") || t.startsWith("[") && t.endsWith("]"));
    }

    /** Field names whose values are secrets: the recorder's list, and anything named token, secret or password. */
    static boolean secretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Redactor.SECRET_FIELDS.contains(n) || n.contains("token") || n.contains("secret")
                || n.contains("password") || n.equals("authorization") || n.contains("private");
    }

    PushChannel section(List<PushChannel.Client> clients, PushChannel.Mcs mcs) {
        List<Long> overTime = new ArrayList<>(perBucket.length);
        for (long n : perBucket) {
            overTime.add(n);
        }
        List<NameCount> cats = new ArrayList<>();
        categories.forEach((k, v) -> cats.add(new NameCount(k, v)));
        cats.sort((a, b) -> Long.compare(b.count(), a.count()));
        List<PushChannel.PayloadField> fields = new ArrayList<>();
        fieldCounts.forEach((k, v) -> fields.add(new PushChannel.PayloadField(k, v[0], fieldExamples.get(k))));
        return new PushChannel(clients, mcs, messages, decrypted, redelivered, overTime, cats, listed, fields);
    }

    long messages() {
        return messages;
    }
}
