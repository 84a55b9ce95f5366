package dev.trygr.capture.fcm;

/** Input that is not a Ring token, encoded token or homebridge config. The message never contains a secret. */
public final class CredentialsFormatException extends RuntimeException {
    public CredentialsFormatException(String message) {
        super(message);
    }
}
