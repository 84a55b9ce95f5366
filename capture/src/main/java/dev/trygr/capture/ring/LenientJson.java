package dev.trygr.capture.ring;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * Reads JSON that may be cut short or broken: keeps every value that was read whole before the first error, so
 * a token response cut off after its {@code access_token} still yields that token. A number that ends where the
 * input ends is dropped when the value is incomplete (it may itself be cut: {@code 36} of {@code 3600}); a string
 * or literal cut short never reads whole. Never throws.
 */
final class LenientJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * @param root     what was read (an object, array or scalar), or null when the bytes do not start JSON
     * @param complete true when the whole value was read without error
     */
    record Parsed(JsonNode root, boolean complete) {
        static final Parsed NONE = new Parsed(null, false);

        /** The root when it is an object, else null. */
        ObjectNode object() {
            return root instanceof ObjectNode o ? o : null;
        }
    }

    /** Where the last value went, so a number cut at the end can be taken back. */
    private static final class Last {
        JsonNode root;
        ObjectNode object;
        String field;
        ArrayNode array;
        /** The last value was a number that ended at the end of the input. */
        boolean number;
    }

    private LenientJson() {
    }

    static Parsed parse(byte[] data) {
        if (data == null || data.length == 0) {
            return Parsed.NONE;
        }
        Last last = new Last();
        try (JsonParser p = FACTORY.createParser(data)) {
            JsonToken first;
            try {
                first = p.nextToken();
            } catch (IOException | RuntimeException e) {
                return Parsed.NONE;
            }
            if (first == null) {
                return Parsed.NONE;
            }
            try {
                JsonNode root = read(p, first, last, null, null, null, data.length);
                return new Parsed(root, true);
            } catch (IOException | RuntimeException e) {
                if (last.number) {
                    takeBack(last);
                }
                return last.root == null ? Parsed.NONE : new Parsed(last.root, false);
            }
        } catch (IOException | RuntimeException e) {
            return Parsed.NONE; // closing the parser failed: nothing more to read anyway
        }
    }

    private static JsonNode read(JsonParser p, JsonToken t, Last last, ObjectNode parent, String field,
                                 ArrayNode array, int inputLength) throws IOException {
        JsonNode node;
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                attach(o, last, parent, field, array, false);
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_OBJECT) {
                    if (next != JsonToken.FIELD_NAME) {
                        throw new IOException("expected a field name, got " + next);
                    }
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (value == null) {
                        throw new IOException("input ends after field " + name);
                    }
                    read(p, value, last, o, name, null, inputLength);
                }
                last.number = false;
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                attach(a, last, parent, field, array, false);
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (next == null) {
                        throw new IOException("input ends inside an array");
                    }
                    read(p, next, last, null, null, a, inputLength);
                }
                last.number = false;
                return a;
            }
            case VALUE_STRING:
                node = NODES.textNode(p.getText());
                break;
            case VALUE_NUMBER_INT:
                node = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? NODES.numberNode(p.getBigIntegerValue())
                        : NODES.numberNode(p.getLongValue());
                break;
            case VALUE_NUMBER_FLOAT:
                node = NODES.numberNode(p.getDoubleValue());
                break;
            case VALUE_TRUE:
                node = NODES.booleanNode(true);
                break;
            case VALUE_FALSE:
                node = NODES.booleanNode(false);
                break;
            case VALUE_NULL:
                node = NODES.nullNode();
                break;
            default:
                throw new IOException("unexpected " + t);
        }
        attach(node, last, parent, field, array,
                node.isNumber() && p.currentLocation().getByteOffset() >= inputLength);
        return node;
    }

    private static void attach(JsonNode node, Last last, ObjectNode parent, String field, ArrayNode array,
                               boolean number) {
        if (parent != null) {
            parent.set(field, node);
        } else if (array != null) {
            array.add(node);
        } else {
            last.root = node;
        }
        last.object = parent;
        last.field = field;
        last.array = array;
        last.number = number;
    }

    private static void takeBack(Last last) {
        if (last.object != null) {
            last.object.remove(last.field);
        } else if (last.array != null && last.array.size() > 0) {
            last.array.remove(last.array.size() - 1);
        } else {
            last.root = null;
        }
    }
}
