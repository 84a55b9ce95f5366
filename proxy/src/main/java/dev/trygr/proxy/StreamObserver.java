package dev.trygr.proxy;

import io.netty.buffer.ByteBuf;

/**
 * Watches the bytes of a relayed stream go by (a WebSocket after its upgrade, a raw stream such as MCS) to turn
 * them into recorded facts. Called on the connection's event loop, in order per direction. The observer reads
 * {@code buf} by absolute index only: it never retains, releases or moves the reader index of what it is shown.
 */
interface StreamObserver {

    void observe(ByteBuf buf, boolean fromClient);

    /** The relay ended (either side closed); flush anything half-seen. */
    default void closed() {
    }
}
