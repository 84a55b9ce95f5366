package dev.trygr.proxy.ws;

/**
 * One WebSocket message read off the wire: a data message with its fragments joined, or a control frame.
 *
 * @param opcode     the first frame's opcode: 1 text, 2 binary, 8 close, 9 ping, 10 pong
 * @param length     the payload length on the wire, all frames together (compressed, when {@code compressed})
 * @param compressed the message was compressed with permessage-deflate (RSV1 on its first frame)
 * @param payload    the payload as the application sees it (unmasked, inflated), at most the limit
 * @param truncated  {@code payload} is not the whole payload: over the limit, not inflatable, or cut short
 */
public record ParsedMessage(int opcode, long length, boolean compressed, byte[] payload, boolean truncated) {

    public static final int CONTINUATION = 0;
    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CLOSE = 8;
    public static final int PING = 9;
    public static final int PONG = 10;

    public boolean control() {
        return opcode >= CLOSE;
    }
}
