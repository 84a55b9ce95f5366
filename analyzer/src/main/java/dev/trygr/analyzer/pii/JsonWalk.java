package dev.trygr.analyzer.pii;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Streams the leaves of a JSON document with their paths ({@code $.a.b[0].c}), without building a tree. An array of
 * exactly two numbers is handed over as one leaf {@code "a,b"}, so a {@code [lat, lng]} pair stays together.
 */
final class JsonWalk {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build();

    /** Receives the leaves. */
    interface Leaves {
        /**
         * @param key       the name of the nearest enclosing field (for an array element, the array's); null at
         *                  the top level
         * @param container which object or array the leaf is directly in, unique within a flow
         */
        void leaf(String path, String key, String text, boolean number, int container);
    }

    private static final class Frame {
        final boolean array;
        final String path;
        final String key;
        final int container;
        String field;
        int index;
        final List<String> numbers = new ArrayList<>(2);
        boolean onlyNumbers = true;

        Frame(boolean array, String path, String key, int container) {
            this.array = array;
            this.path = path;
            this.key = key;
            this.container = container;
        }
    }

    private JsonWalk() {
    }

    /** Walks {@code json}; false when it is not JSON or breaks off (the leaves before the break were handed over). */
    static boolean walk(String json, String prefix, Leaves leaves, IntSupplier containers) {
        try (JsonParser p = FACTORY.createParser(json)) {
            return walk(p, prefix, leaves, containers);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static boolean walk(byte[] json, String prefix, Leaves leaves, IntSupplier containers) {
        try (JsonParser p = FACTORY.createParser(json)) {
            return walk(p, prefix, leaves, containers);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean walk(JsonParser p, String prefix, Leaves leaves, IntSupplier containers)
            throws IOException {
        Deque<Frame> stack = new ArrayDeque<>();
        int top = containers.getAsInt();
        JsonToken t = p.nextToken();
        if (t == null) {
            return false;
        }
        while (t != null) {
            Frame frame = stack.peek();
            switch (t) {
                case FIELD_NAME -> frame.field = p.currentName();
                case START_OBJECT, START_ARRAY -> {
                    if (frame != null) {
                        flushNumbers(frame, leaves);
                    }
                    String path = frame == null ? prefix + "$" : child(frame);
                    String key = frame == null ? null : keyOf(frame);
                    if (frame != null) {
                        frame.index++;
                    }
                    stack.push(new Frame(t == JsonToken.START_ARRAY, path, key, containers.getAsInt()));
                }
                case END_OBJECT -> stack.pop();
                case END_ARRAY -> {
                    if (frame.onlyNumbers && frame.numbers.size() == 2) {
                        leaves.leaf(frame.path, frame.key, frame.numbers.get(0) + "," + frame.numbers.get(1),
                                false, parentContainer(stack, top));
                        frame.numbers.clear();
                    } else {
                        flushNumbers(frame, leaves);
                    }
                    stack.pop();
                }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_STRING -> {
                    boolean number = t != JsonToken.VALUE_STRING;
                    String text = p.getText();
                    if (frame == null) {
                        leaves.leaf(prefix + "$", null, text, number, top);
                    } else if (frame.array && number && frame.onlyNumbers && frame.index < 2) {
                        frame.numbers.add(text);
                        frame.index++;
                    } else {
                        flushNumbers(frame, leaves);
                        leaves.leaf(child(frame), keyOf(frame), text, number, frame.container);
                        frame.index++;
                    }
                }
                default -> {   // true, false, null
                    if (frame != null) {
                        flushNumbers(frame, leaves);
                        frame.index++;
                    }
                }
            }
            t = p.nextToken();
        }
        return stack.isEmpty();
    }

    /** An array element that is not a number, or a third one: the numbers held back are plain leaves after all. */
    private static void flushNumbers(Frame frame, Leaves leaves) {
        if (!frame.array || !frame.onlyNumbers) {
            return;
        }
        frame.onlyNumbers = false;
        for (int i = 0; i < frame.numbers.size(); i++) {
            leaves.leaf(frame.path + "[" + i + "]", frame.key, frame.numbers.get(i), true, frame.container);
        }
        frame.numbers.clear();
    }

    private static int parentContainer(Deque<Frame> stack, int top) {
        Iterator<Frame> it = stack.iterator();
        it.next();
        return it.hasNext() ? it.next().container : top;
    }

    private static String child(Frame frame) {
        return frame.array ? frame.path + "[" + frame.index + "]" : frame.path + "." + frame.field;
    }

    private static String keyOf(Frame frame) {
        return frame.array ? frame.key : frame.field;
    }
}
