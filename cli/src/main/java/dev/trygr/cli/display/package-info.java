/**
 * Turning recorded data into text for terminals and logs: bodies decoded ({@link
 * dev.trygr.capture.BodyDecoding}) and rendered ({@link dev.trygr.cli.display.BodyRenderer}), tables
 * ({@link dev.trygr.cli.display.TextTable}), sizes and durations. Everything here returns strings; the
 * commands decide where they go.
 */
package dev.trygr.cli.display;
