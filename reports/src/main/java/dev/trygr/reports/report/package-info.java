/**
 * Renders the privacy report ({@code dev.trygr.analyzer.report.Report}) three ways: one self-contained HTML file
 * ({@link ReportHtml}: Pebble templates under {@code report/} on the shared {@code base.peb}, inline CSS and SVG
 * charts, no script, no external request, print-friendly), JSON ({@link ReportJson}, documented in
 * docs/report-schema.md) and terminal text ({@link ReportText}).
 */
package dev.trygr.reports.report;
