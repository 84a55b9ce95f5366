/**
 * Renders token lifecycles: the lineage of one capture as a text tree and JSON, and the diff of two captures as
 * text, JSON and a self-contained HTML page ({@code tokens/diff.peb}, extending the shared {@code base.peb}). The
 * HTML body is also a fragment ({@code tokens/diff-section.peb}) that the full report can include.
 *
 * <p>Tokens appear only as 12-hex fingerprint prefixes, never raw.
 */
package dev.trygr.reports.tokens;
