/**
 * Renders the analyzer's findings: self-contained HTML (inline CSS and SVG, no external request, readable without
 * JavaScript) through auto-escaping Pebble templates, JSON, and terminal text.
 */
package dev.trygr.reports;
