package dev.trygr.analyzer.pii;

import dev.trygr.capture.WsMessageRow;

import java.util.function.Consumer;

/**
 * The messages of one WebSocket flow, handed over one at a time as they are read from the capture: a long-lived
 * socket may carry many, and the scan keeps none of them.
 */
@FunctionalInterface
interface WsMessages {
    WsMessages NONE = action -> { };

    void forEach(Consumer<WsMessageRow> action);
}
