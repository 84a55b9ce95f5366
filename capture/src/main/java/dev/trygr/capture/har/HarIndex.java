package dev.trygr.capture.har;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The first pass over a HAR file: where each entry starts (byte offset) and when ({@code startedDateTime}), read with
 * a streaming parser that skips every other value unread, so it costs a few bytes per entry whatever the file's size.
 * The import then reads the entries one by one in time order (browsers do not always write them in that order; the
 * recognizers need it).
 *
 * <p>A file that is not JSON, not a HAR, or not UTF-8 is refused ({@link HarException}). A file that breaks off or
 * turns invalid part way through {@code log.entries} keeps the entries before the break: {@link #stopped()} says
 * where and why.
 */
final class HarIndex {
    /** {@link #startedMicros} of an entry without a usable {@code startedDateTime}. */
    static final long NO_TIME = Long.MIN_VALUE;
    /** {@link #offset} of an item of {@code log.entries} that is not an object. */
    static final long NOT_AN_OBJECT = -1;

    private long[] offsets = new long[1024];
    private long[] starts = new long[1024];
    private int count;
    private String creator;
    private String stopped;

    private HarIndex() {
    }

    /** @param file a HAR file; the name is used in messages */
    static HarIndex read(Path file) {
        HarIndex index = new HarIndex();
        boolean inEntries = false;
        try (InputStream in = Files.newInputStream(file); JsonParser p = HarJson.FACTORY.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new HarException(file + " is empty, not a HAR file");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new HarException(file + " is not a HAR file: it holds a JSON " + kind(first)
                        + ", not an object with a \"log\"");
            }
            boolean sawLog = false;
            boolean sawEntries = false;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!name.equals("log")) {
                    p.skipChildren();
                    continue;
                }
                sawLog = true;
                if (value != JsonToken.START_OBJECT) {
                    throw new HarException(file + " is not a HAR file: \"log\" is a JSON " + kind(value)
                            + ", not an object");
                }
                for (JsonToken u = p.nextToken(); u == JsonToken.FIELD_NAME; u = p.nextToken()) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if (field.equals("entries") && v == JsonToken.START_ARRAY) {
                        sawEntries = true;
                        inEntries = true;
                        index.entries(p, file);
                        inEntries = false;
                    } else if (field.equals("creator") && v == JsonToken.START_OBJECT) {
                        index.creator = creator(p);
                    } else {
                        p.skipChildren();
                    }
                }
            }
            if (!sawLog) {
                throw new HarException(file + " is JSON but not a HAR file: it has no \"log\" object");
            }
            if (!sawEntries) {
                throw new HarException(file + " is not a HAR file: \"log\" has no \"entries\" array");
            }
        } catch (NoSuchFileException e) {
            throw new HarException("no HAR file at " + file);
        } catch (IOException e) {
            String why = HarJson.describe(e);
            if (!inEntries && index.count == 0) {
                throw new HarException(file + " is not valid JSON (" + why + ")", e);
            }
            if (inEntries) {
                index.stopped = "log.entries[" + index.count + "] and everything after it could not be read: invalid"
                        + " JSON (" + why + ")";
            } else {
                index.stopped = "the file is invalid after log.entries (" + why + "); every entry was read";
            }
        }
        return index;
    }

    private void entries(JsonParser p, Path file) throws IOException {
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
                throw new IOException("the file ends inside log.entries");
            }
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                add(NOT_AN_OBJECT, NO_TIME);
                continue;
            }
            long offset = p.currentTokenLocation().getByteOffset();
            if (offset < 0) {
                throw new HarException(file + " is not UTF-8; HAR files are UTF-8 (HAR 1.2, \"Encoding\")");
            }
            long started = NO_TIME;
            for (JsonToken u = p.nextToken(); u == JsonToken.FIELD_NAME; u = p.nextToken()) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("startedDateTime")) {
                    Long at = HarTime.parse(HarJson.text(p));
                    started = at == null ? NO_TIME : at;
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new IOException("an entry ends early");
            }
            add(offset, started); // only once the whole entry has been read
        }
    }

    private void add(long offset, long started) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            starts = Arrays.copyOf(starts, count * 2);
        }
        offsets[count] = offset;
        starts[count] = started;
        count++;
    }

    private static String creator(JsonParser p) throws IOException {
        String[] nv = {null, null};
        HarFields.fields(p, name -> {
            switch (name) {
                case "name" -> nv[0] = HarJson.text(p);
                case "version" -> nv[1] = HarJson.text(p);
                default -> p.skipChildren();
            }
        });
        if (nv[0] == null) {
            return null;
        }
        String c = nv[1] == null ? nv[0] : nv[0] + " " + nv[1];
        return c.length() <= 80 ? c : c.substring(0, 80);
    }

    private static String kind(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "array";
            case START_OBJECT -> "object";
            case VALUE_STRING -> "string";
            case VALUE_NULL -> "null";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            default -> "number";
        };
    }

    /** Entries read whole. */
    int count() {
        return count;
    }

    long offset(int i) {
        return offsets[i];
    }

    long startedMicros(int i) {
        return starts[i];
    }

    /** {@code log.creator} as "name version", or null. */
    String creator() {
        return creator;
    }

    /** Why the file could not be read to its end, or null when it could. */
    String stopped() {
        return stopped;
    }

    /** Entry indexes by start time, ties in file order; entries without a time first (they are skipped). */
    int[] timeOrder() {
        boolean sorted = true;
        for (int i = 1; i < count && sorted; i++) {
            sorted = starts[i - 1] <= starts[i];
        }
        int[] order = new int[count];
        if (sorted) {
            Arrays.setAll(order, i -> i);
            return order;
        }
        long[] keys = new long[count];
        Integer[] boxed = new Integer[count];
        for (int i = 0; i < count; i++) {
            boxed[i] = i;
            keys[i] = starts[i];
        }
        Arrays.sort(boxed, (a, b) -> keys[a] != keys[b] ? Long.compare(keys[a], keys[b]) : Integer.compare(a, b));
        for (int i = 0; i < count; i++) {
            order[i] = boxed[i];
        }
        return order;
    }
}
