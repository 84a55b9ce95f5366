/**
 * What a capture is, and the SQLite store that holds it.
 *
 * <p>The proxy hands {@link dev.trygr.capture.CaptureEvent}s to a {@link dev.trygr.capture.CaptureSink}; the
 * store's sink is {@link dev.trygr.capture.CaptureWriter}, obtained from {@link dev.trygr.capture.Capture}, which
 * owns the file, its schema migrations and its sessions. {@link dev.trygr.capture.CaptureReader} answers
 * read-only queries with records. The columns are documented in {@code docs/schema.md}; secrets are handled by
 * {@link dev.trygr.capture.secrets.Redactor}.
 */
package dev.trygr.capture;
