package dev.trygr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The demo's report.html in a real browser: headless Chromium (Debian's, /usr/bin/chromium; CI installs it), driven
 * over the Chrome DevTools protocol with the JDK's WebSocket. Fails on any console error (a Content-Security-Policy
 * violation is one) or uncaught exception, and on any network request the page makes; checks every section is
 * there; keeps a full-page screenshot at {@code <module target>/chromium/report.png}.
 */
class ChromiumReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SECTIONS = List.of("summary", "destinations", "personal_data", "credentials",
            "push", "endpoints", "security", "dns", "activity");

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theDemoReportRendersCleanlyOffline(@TempDir Path dir) throws Exception {
        Path chromium = chromium();
        DemoCommand.run(dir, new PrintWriter(Writer.nullWriter()));
        Path html = dir.resolve("report.html");
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "--remote-allow-origins=*", "--window-size=1280,900", "about:blank")
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        try (Devtools page = Devtools.connect(pageSocket(profile, browser))) {
            page.call("Runtime.enable", Map.of());
            page.call("Log.enable", Map.of());
            page.call("Network.enable", Map.of());
            page.call("Page.enable", Map.of());
            page.call("Page.navigate", Map.of("url", html.toUri().toString()));
            page.await("Page.loadEventFired", Duration.ofSeconds(30));
            // One more round trip instead of a pause: DevTools delivers a page's events in order, so every console
            // message logged while it loaded has arrived once this answer has.
            page.evaluate("document.readyState");
            screenshot(page, html);
            List<String> errors = page.errors();
            assertTrue(errors.isEmpty(), "console errors: " + errors);
            List<String> requests = page.requests().stream()
                    .filter(u -> !u.startsWith("file:") && !u.startsWith("data:") && !u.startsWith("about:"))
                    .toList();
            assertTrue(requests.isEmpty(), "the report made network requests: " + requests);
            JsonNode sections = page.evaluate(
                    "JSON.stringify([...document.querySelectorAll('section.report')].map(s => s.id))");
            assertEquals(SECTIONS, List.of(JSON.readValue(sections.asText(), String[].class)));
            assertEquals(0, page.evaluate("document.scripts.length").asInt(), "the report has no script");
            assertTrue(page.evaluate("document.querySelectorAll('svg').length").asInt() >= 3, "SVG charts drawn");
            assertTrue(page.evaluate("document.querySelector('#credentials svg circle') !== null").asBoolean(),
                    "the token timeline has marks");
            assertTrue(page.requests().contains(html.toUri().toString()), "the page itself was loaded: "
                    + page.requests());
        } finally {
            browser.descendants().forEach(ProcessHandle::destroy);
            browser.destroy();
            if (!browser.waitFor(10, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
            }
        }
    }

    /** Debian's chromium, or a clear failure: the browser test must not pass by being skipped. */
    static Path chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        fail("chromium is not installed (/usr/bin/chromium): the report's browser test needs it. Install Debian's "
                + "package: 'apt-get install chromium' (.ci/run does this in CI).");
        return null;
    }

    /** The DevTools WebSocket of the browser's first page, once Chromium has written DevToolsActivePort. */
    private static URI pageSocket(Path profile, Process browser) throws Exception {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (!browser.isAlive()) {
                fail("chromium exited with " + browser.exitValue() + " before opening its DevTools port");
            }
            if (System.nanoTime() > deadline) {
                fail("chromium did not open its DevTools port within 30 s");
            }
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
        HttpClient http = HttpClient.newHttpClient();
        for (int attempt = 0; attempt < 50; attempt++) {
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(list.body())) {
                if ("page".equals(target.path("type").asText())) {
                    return URI.create(target.path("webSocketDebuggerUrl").asText());
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("chromium shows no page target");
    }

    /** A full-page PNG, kept under the module's build folder with a copy of the page. */
    private static void screenshot(Devtools page, Path html) throws Exception {
        JsonNode metrics = page.call("Page.getLayoutMetrics", Map.of());
        JsonNode size = metrics.has("cssContentSize") ? metrics.path("cssContentSize") : metrics.path("contentSize");
        int height = (int) Math.min(30_000, Math.ceil(size.path("height").asDouble()));
        JsonNode shot = page.call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", 1280, "height", height, "scale", 1)));
        Path out = Files.createDirectories(targetDir().resolve("chromium"));
        Files.write(out.resolve("report.png"), Base64.getDecoder().decode(shot.path("data").asText()));
        Files.copy(html, out.resolve("report.html"), StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(out.resolve("report.png")) > 50_000, "a real screenshot");
    }

    /** {@code cli/<build folder>}: the parent of the test classes (honours -Dtrygr.out). */
    private static Path targetDir() throws Exception {
        Path classes = Path.of(ChromiumReportTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return classes.getParent();
    }

    /** A minimal Chrome DevTools protocol client over one WebSocket: calls, events, errors and requests seen. */
    static final class Devtools implements WebSocket.Listener, AutoCloseable {
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<JsonNode>> awaited = new ConcurrentHashMap<>();
        private final List<String> errors = new CopyOnWriteArrayList<>();
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Devtools connect(URI uri) {
            Devtools d = new Devtools();
            d.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, d).join();
            return d;
        }

        JsonNode call(String method, Map<String, ?> params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> result = new CompletableFuture<>();
            pending.put(id, result);
            ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
            message.set("params", JSON.valueToTree(params));
            socket.sendText(JSON.writeValueAsString(message), true).join();
            JsonNode reply = result.get(30, TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new AssertionError(method + " failed: " + reply.path("error"));
            }
            return reply.path("result");
        }

        JsonNode evaluate(String expression) throws Exception {
            JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
            if (r.has("exceptionDetails")) {
                throw new AssertionError(expression + " threw: " + r.path("exceptionDetails"));
            }
            return r.path("result").path("value");
        }

        void await(String event, Duration timeout) throws Exception {
            awaited.computeIfAbsent(event, e -> new CompletableFuture<>()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        List<String> errors() {
            return new ArrayList<>(errors);
        }

        List<String> requests() {
            return new ArrayList<>(requests);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    handle(JSON.readTree(text));
                } catch (IOException e) {
                    errors.add("unreadable DevTools message: " + e);
                }
            }
            ws.request(1);
            return null;
        }

        private void handle(JsonNode m) {
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(m.path("id").asInt());
                if (f != null) {
                    f.complete(m);
                }
                return;
            }
            String method = m.path("method").asText();
            JsonNode p = m.path("params");
            switch (method) {
                case "Runtime.consoleAPICalled" -> {
                    String type = p.path("type").asText();
                    if (type.equals("error") || type.equals("assert") || type.equals("warning")) {
                        errors.add("console." + type + ": " + p.path("args"));
                    }
                }
                case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails"));
                case "Log.entryAdded" -> {
                    String level = p.path("entry").path("level").asText();
                    if (level.equals("error") || level.equals("warning")) {
                        errors.add("log " + level + ": " + p.path("entry").path("text").asText() + " "
                                + p.path("entry").path("url").asText());
                    }
                }
                case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
                case "Network.loadingFailed" -> errors.add("loading failed: " + p.path("errorText").asText());
                default -> { }
            }
            awaited.computeIfAbsent(method, e -> new CompletableFuture<>()).complete(p);
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
    }
}
