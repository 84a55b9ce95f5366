package dev.trygr.proxy.dns;

/** A DNS message trygr cannot use; the message says why, for the capture's {@code error} column. */
final class MalformedDnsException extends Exception {
    MalformedDnsException(String reason) {
        super(reason, null, false, false);   // no stack trace: garbage packets are expected and cheap to drop
    }
}
