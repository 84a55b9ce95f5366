/**
 * HAR 1.2 (HTTP Archive) in and out of a capture, streamed both ways.
 *
 * <p>{@link dev.trygr.capture.har.HarWriter} writes the flows of a capture as a HAR file, one flow at a time,
 * with WebSocket messages as {@code _webSocketMessages} (the shape Chrome DevTools and mitmproxy write) and
 * {@code _trygr} extension fields. {@link dev.trygr.capture.har.HarImport} reads a HAR file (from a browser,
 * mitmproxy, HTTP Toolkit or trygr) into a new session of a capture: every entry becomes a
 * {@link dev.trygr.capture.CaptureEvent.FlowCompleted} submitted to a {@link dev.trygr.capture.CaptureWriter} in
 * time order, so secrets are redacted and the Ring/FCM recognizers run exactly as for live traffic.
 */
package dev.trygr.capture.har;
