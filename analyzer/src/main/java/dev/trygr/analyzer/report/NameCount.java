package dev.trygr.analyzer.report;

/** A name with how often it occurred (a TLS version, a status class, a loss kind, …). */
public record NameCount(String name, long count) {
}
