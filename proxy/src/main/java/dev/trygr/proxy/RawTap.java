package dev.trygr.proxy;

import io.netty.buffer.ByteBuf;

/**
 * Keeps the first and the last {@code limit} bytes of one direction of a raw stream, by absolute index and without
 * retaining buffers. The tail is a ring that grows only as bytes arrive, so a short stream costs little.
 */
final class RawTap {
    private final BodyTap head;
    private final int limit;
    private byte[] ring = new byte[0];
    /** Next write position in {@code ring} once it is full; until then, the fill level. */
    private int position;
    private boolean full;

    RawTap(long limit) {
        this.limit = (int) Math.min(Math.max(limit, 0), Integer.MAX_VALUE - 16);
        this.head = new BodyTap(limit, false);
    }

    void tap(ByteBuf buf) {
        head.tap(buf);
        int readable = buf.readableBytes();
        if (limit == 0 || readable == 0) {
            return;
        }
        int from = buf.readerIndex();
        if (readable >= limit) { // only the last `limit` bytes of this buffer matter
            ensureCapacity(limit);
            buf.getBytes(from + readable - limit, ring, 0, limit);
            position = 0;
            full = true;
            return;
        }
        if (!full) {
            if (position + readable <= limit) {
                ensureCapacity(position + readable);
                buf.getBytes(from, ring, position, readable);
                position += readable;
                if (position == limit) {
                    position = 0;
                    full = true;
                }
                return;
            }
            ensureCapacity(limit);
            full = true;
            // fall through: the ring is now exactly `limit` long, with `position` bytes valid from 0
            int first = limit - position;
            buf.getBytes(from, ring, position, first);
            buf.getBytes(from + first, ring, 0, readable - first);
            position = readable - first;
            return;
        }
        int first = Math.min(readable, limit - position);
        buf.getBytes(from, ring, position, first);
        if (first < readable) {
            buf.getBytes(from + first, ring, 0, readable - first);
        }
        position = (position + readable) % limit;
    }

    long length() {
        return head.length();
    }

    byte[] head() {
        return head.snapshot().stored();
    }

    byte[] tail() {
        if (!full) {
            return java.util.Arrays.copyOf(ring, position);
        }
        byte[] out = new byte[limit];
        System.arraycopy(ring, position, out, 0, limit - position);
        System.arraycopy(ring, 0, out, limit - position, position);
        return out;
    }

    private void ensureCapacity(int needed) {
        if (ring.length < needed) {
            int grown = Math.max(needed, Math.min(limit, ring.length * 2 + 256));
            ring = java.util.Arrays.copyOf(ring, full ? limit : grown);
        }
    }
}
