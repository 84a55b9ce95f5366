package dev.trygr.cli;

import dev.trygr.capture.CaptureReader;
import dev.trygr.capture.PushMessageRow;
import dev.trygr.capture.fcm.AppData;
import dev.trygr.capture.fcm.CredentialsFormatException;
import dev.trygr.capture.fcm.RingCredentials;
import dev.trygr.capture.fcm.WebPushDecryption;
import dev.trygr.capture.fcm.WebPushDecryptor;
import dev.trygr.capture.fcm.WebPushKeys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The captured push messages, decrypted with one client's Web Push keys. */
final class CapturedPushes {

    /** One push message and what became of decrypting it. */
    record Result(PushMessageRow push, WebPushDecryption decryption) {
    }

    private CapturedPushes() {
    }

    /**
     * Reads credentials given as a file (a homebridge config.json, or a file holding the token) or as the token
     * text itself.
     */
    static RingCredentials credentials(String fileOrToken) {
        try {
            Path path = Path.of(fileOrToken);
            if (fileOrToken.length() < 4096 && Files.isRegularFile(path)) {
                return RingCredentials.read(path);
            }
        } catch (java.nio.file.InvalidPathException e) {
            // not a path: a token
        } catch (IOException e) {
            throw new UserError(ExitCode.FAILURE, "cannot read " + fileOrToken + ": " + e.getMessage());
        }
        try {
            return RingCredentials.parse(fileOrToken.strip());
        } catch (CredentialsFormatException e) {
            throw new UserError(ExitCode.USAGE, "--credentials: " + e.getMessage()
                    + " (give ring-client-api's refresh token, or a homebridge config.json that holds one)");
        }
    }

    static WebPushKeys keys(RingCredentials credentials) {
        return credentials.webPushKeys().orElseThrow(() -> new UserError(ExitCode.USAGE,
                "these credentials hold no push keys (the token's pnc.keys): the client had not registered for "
                        + "push notifications when the token was saved"));
    }

    static List<Result> decrypt(CaptureReader reader, WebPushKeys keys, Long session) {
        List<Result> out = new ArrayList<>();
        reader.forEachPushMessage(session, push -> {
            List<AppData> appData = push.appData().stream().map(h -> new AppData(h.name(), h.value())).toList();
            out.add(new Result(push, WebPushDecryptor.decrypt(keys, appData, push.rawData())));
        });
        return out;
    }

    /** Why a push did not decrypt, in words. */
    static String why(WebPushDecryption.Failed failed) {
        return switch (failed.failure()) {
            case AUTH_TAG_MISMATCH -> "encrypted for other keys (another registration) or altered";
            case MISSING_CRYPTO_KEY, MISSING_DH, MISSING_ENCRYPTION, MISSING_SALT, MISSING_RAW_DATA ->
                    "not a Web Push message (" + failed.detail() + ")";
            default -> failed.failure().name().toLowerCase(java.util.Locale.ROOT) + ": " + failed.detail();
        };
    }
}
