package dev.trygr.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A homebridge-style {@code config.json}: {@code {"platforms":[{"platform":"Ring","refreshToken":"<encoded>"}]}}.
 * Updating the token keeps every other key, as homebridge-ring's replace-old-with-new does; the file is written
 * to a temporary sibling and moved into place.
 */
final class HomebridgeConfig {
    private HomebridgeConfig() {
    }

    static Optional<String> readRefreshToken(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode root = SimJson.parse(Files.readAllBytes(file));
        for (JsonNode platform : root.path("platforms")) {
            if ("Ring".equals(platform.path("platform").asText())) {
                String token = platform.path("refreshToken").asText("");
                return token.isEmpty() ? Optional.empty() : Optional.of(token);
            }
        }
        return Optional.empty();
    }

    static void writeRefreshToken(Path file, String encoded) throws IOException {
        ObjectNode root = Files.exists(file) && SimJson.parse(Files.readAllBytes(file)) instanceof ObjectNode o
                ? o : SimJson.object();
        JsonNode platformsNode = root.path("platforms");
        ArrayNode platforms = platformsNode instanceof ArrayNode a ? a : root.putArray("platforms");
        ObjectNode ring = null;
        for (JsonNode platform : platforms) {
            if (platform instanceof ObjectNode p && "Ring".equals(p.path("platform").asText())) {
                ring = p;
                break;
            }
        }
        if (ring == null) {
            ring = platforms.addObject();
            ring.put("platform", "Ring");
        }
        ring.put("refreshToken", encoded);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, ".config", ".json");
        Files.write(temp, SimJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
