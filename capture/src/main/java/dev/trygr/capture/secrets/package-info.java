/**
 * Secrets handling: {@link dev.trygr.capture.secrets.Redactor} replaces secrets in headers, queries and bodies
 * with fingerprint markers, at write time and at display time.
 */
package dev.trygr.capture.secrets;
