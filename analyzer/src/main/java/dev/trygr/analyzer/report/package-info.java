/**
 * The privacy report's findings model: what a capture says, section by section (summary, destinations, personal
 * data, credentials, push channel, endpoints, security, DNS, activity), with every finding linked to its evidence
 * (flow ids, times, a redacted excerpt, the field path). Pure data, built by {@link ReportBuilder} in a few
 * streaming passes over the capture: memory stays bounded by the limits in {@link ReportLimits}, whatever the
 * capture's size. Rendering lives in {@code dev.trygr.reports.report}.
 *
 * <p>Secrets never reach this model: the capture stores markers ({@code REDACTED:<kind>:<12 hex>}) and
 * fingerprints, and flows of sessions recorded with {@code --store-secrets} are redacted with the capture's key
 * before anything is read from them.
 */
package dev.trygr.analyzer.report;
