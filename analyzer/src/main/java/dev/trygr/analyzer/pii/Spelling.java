package dev.trygr.analyzer.pii;

/**
 * One way a known value may be written in a request.
 *
 * @param identifier the index of the {@link Identifier}
 * @param text       lower case
 * @param form       {@code plain}, {@code url_encoded}, {@code base64}, {@code md5}, {@code sha1}, {@code sha256}
 * @param bounded    counts only between non-alphanumeric characters (everything but base64 fragments, which sit
 *                   inside longer base64 text)
 * @param anywhere   may be found inside longer text; when false only a whole field equal to it counts
 * @param confidence how sure a match is
 */
record Spelling(int identifier, String text, String form, boolean bounded, boolean anywhere, double confidence) {
}
