package dev.trygr.simulator;

/** Makes the cloud send a push to a client; {@code SimulatedCloud::push} in-process. */
@FunctionalInterface
public interface PushTrigger {
    void push(String hardwareId, PushKind kind);
}
