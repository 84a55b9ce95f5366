package dev.trygr.analyzer.pii;

/**
 * Something one detector found in one segment, before findings are merged per flow.
 *
 * @param start     where the value starts in the segment's text (0 with {@code end} the length for a whole field)
 * @param fieldPath usually the segment's; a coordinate pair found in two sibling fields names both
 * @param decimals  for locations, the decimals sent; else null
 * @param note      shown after the excerpt (e.g. {@code locally administered}); null for none
 */
record Hit(String dataType, String method, String form, double confidence, Segment segment, int start, int end,
           String fieldPath, Integer decimals, String note) {

    static final String KNOWN = "known_value";
    static final String KEY = "key_name";
    static final String PATTERN = "pattern";

    static Hit of(String dataType, String method, String form, double confidence, Segment segment, int start,
                  int end) {
        return new Hit(dataType, method, form, confidence, segment, start, end, segment.fieldPath(), null, null);
    }

    Hit withNote(String value) {
        return new Hit(dataType, method, form, confidence, segment, start, end, fieldPath, decimals, value);
    }

    /** Most trusted first: higher confidence, then known value over key name over pattern. */
    boolean beats(Hit other) {
        if (confidence != other.confidence) {
            return confidence > other.confidence;
        }
        return rank(method) < rank(other.method);
    }

    private static int rank(String method) {
        return switch (method) {
            case KNOWN -> 0;
            case KEY -> 1;
            default -> 2;
        };
    }
}
