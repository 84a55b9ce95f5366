/**
 * A fake Ring cloud on loopback and scripted clients that behave like ring-client-api with push-receiver, for
 * {@code trygr demo} and for end-to-end tests.
 *
 * <p>{@link dev.trygr.simulator.SimulatedCloud} serves OAuth (two-factor login, refresh-token rotation with a
 * grace ledger), clients_api with fake personal data ({@link dev.trygr.simulator.SimulatedHome}), Google's FCM
 * registration endpoints and an MCS server that delivers aesgcm-encrypted Ring pushes. {@link
 * dev.trygr.simulator.ScenarioRunner} plays the {@link dev.trygr.simulator.Scenario}s along a {@link
 * dev.trygr.simulator.Route}, straight to the cloud or through trygr, and returns {@link
 * dev.trygr.simulator.ScenarioResult}s. Progress arrives as {@link dev.trygr.simulator.SimEvent}s; nothing is printed.
 *
 * <p>Everything is blocking JDK I/O (one thread per connection), TLS from JSSE with a BouncyCastle-made CA; the
 * protobuf and MCS decoding, and the Web Push encryption and decryption, are capture's {@code dev.trygr.capture.fcm}.
 */
package dev.trygr.simulator;
