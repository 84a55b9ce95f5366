/**
 * Pure decoders for the push side of Ring traffic, JDK only: a minimal protobuf reader
 * ({@link dev.trygr.capture.fcm.ProtoReader}), the Android checkin bodies ({@link dev.trygr.capture.fcm.Checkin}),
 * the MCS stream to {@code mtalk.google.com:5228} ({@link dev.trygr.capture.fcm.McsDecoder}), Web Push
 * {@code aesgcm} decryption and encryption ({@link dev.trygr.capture.fcm.WebPushDecryptor},
 * {@link dev.trygr.capture.fcm.WebPushEncryptor}), and ring-client-api credentials
 * ({@link dev.trygr.capture.fcm.RingCredentials}). No class here prints a secret from {@code toString}.
 */
package dev.trygr.capture.fcm;
