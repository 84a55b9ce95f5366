/**
 * Reads a capture and builds findings (pure models, no rendering): destinations and organisations, personal data,
 * endpoints, token lifecycles and their diff across captures, FCM, TLS. Streams over SQL through the capture's
 * reader, so memory stays bounded whatever the capture's size.
 */
package dev.trygr.analyzer;
