package dev.trygr.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Listing and filtering flows. */
class CaptureReaderTest {
    private static final List<String> HOSTS = List.of("api.ring.com", "oauth.ring.com", "ring.com", "xring.com",
            "API.RING.COM", "fcm.googleapis.com", "a_b.example", "axb.example", "100%.example", "1000.example");

    @ParameterizedTest(name = "{0} matches {1}")
    @CsvSource(delimiter = '|', value = {
            "*.ring.com            | api.ring.com,oauth.ring.com,API.RING.COM",
            "?ring.com             | xring.com",
            "ring.com              | ring.com",
            "RING.COM              | ring.com",
            "*ring.com             | api.ring.com,oauth.ring.com,ring.com,xring.com,API.RING.COM",
            "a_b.*                 | a_b.example",
            "100%.example          | 100%.example",
            "fcm.*.com             | fcm.googleapis.com",
            "nothing.example       | ''",
    })
    void hostGlobs(String glob, String expected, @TempDir Path dir) {
        Path file = dir.resolve("capture.db");
        try (Capture capture = Capture.open(file)) {
            long session = capture.startSession(TestEvents.session(false));
            try (CaptureWriter writer = capture.writer(session, WriterOptions.defaults())) {
                for (int i = 0; i < HOSTS.size(); i++) {
                    writer.submit(TestEvents.get(i, HOSTS.get(i)));
                }
            }
        }
        try (CaptureReader reader = CaptureReader.open(file)) {
            List<String> hosts = reader.flows(FlowQuery.ALL.withHost(glob)).stream().map(FlowSummary::host)
                    .collect(Collectors.toList());
            assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(",")), hosts);
        }
    }

    @Test
    void pagingAndLimitAndStreaming(@TempDir Path dir) {
        Path file = dir.resolve("capture.db");
        long first;
        long second;
        try (Capture capture = Capture.open(file)) {
            first = capture.startSession(TestEvents.session(false));
            second = capture.startSession(TestEvents.session(false));
            try (CaptureWriter a = capture.writer(first, WriterOptions.defaults());
                 CaptureWriter b = capture.writer(second, WriterOptions.defaults())) {
                for (int i = 0; i < 25; i++) {
                    a.submit(TestEvents.get(i, "a" + i + ".ring.com"));
                    b.submit(TestEvents.get(i, "b" + i + ".ring.com"));
                }
            }
        }
        try (CaptureReader reader = CaptureReader.open(file)) {
            assertEquals(50, reader.flows(FlowQuery.ALL).size());
            List<FlowSummary> page = reader.flows(FlowQuery.ALL.withSession(first).withLimit(10));
            assertEquals(10, page.size());
            List<FlowSummary> all = new ArrayList<>(page);
            while (page.size() == 10) {
                page = reader.flows(FlowQuery.ALL.withSession(first).withLimit(10)
                        .withAfterId(page.get(page.size() - 1).id()));
                all.addAll(page);
            }
            assertEquals(25, all.size());
            assertEquals(all.stream().map(FlowSummary::id).sorted().collect(Collectors.toList()),
                    all.stream().map(FlowSummary::id).collect(Collectors.toList()), "id order");
            int[] streamed = {0};
            reader.forEachFlow(FlowQuery.ALL.withSession(second).withHost("b1*"), f -> streamed[0]++);
            assertEquals(11, streamed[0], "b1 and b10..b19");
        }
    }
}
