package dev.trygr.capture.har;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.util.function.Consumer;

/**
 * Streams an entry's {@code _webSocketMessages} ({@code {type: "send"|"receive", time: epoch seconds, opcode, data}},
 * binary data base64, as Chrome DevTools and mitmproxy write them) from where {@link HarEntryParser} found the
 * array, one message at a time.
 */
final class HarWsReader {
    private final FileChannel file;
    private final int maxBody;

    HarWsReader(FileChannel file, int maxBody) {
        this.file = file;
        this.maxBody = maxBody;
    }

    /** Each message of the array at {@code offset}, in order; what had to be left out goes to {@code problem}. */
    void forEach(long offset, Consumer<HarEntry.WsMessage> action, Consumer<String> problem) throws IOException {
        try (JsonParser p = HarFields.parserAt(file, offset)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return;
            }
            int i = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken(), i++) {
                if (t != JsonToken.START_OBJECT) {
                    problem.accept("_webSocketMessages[" + i + "] is not an object; left out");
                    p.skipChildren();
                    continue;
                }
                HarEntry.WsMessage m = message(p, "_webSocketMessages[" + i + "]", problem);
                if (m != null) {
                    action.accept(m);
                }
            }
        }
    }

    private HarEntry.WsMessage message(JsonParser p, String where, Consumer<String> problem) throws IOException {
        String[] text = {null, null}; // type, _trygr.encoding
        BigDecimal[] time = {null};
        int[] opcode = {-1};
        long[] length = {-1};
        boolean[] flags = {false, false}; // _trygr.compressed, _trygr.truncated
        HarText data = new HarText(maxBody);
        boolean[] hasData = {false};
        HarFields.fields(p, name -> {
            switch (name) {
                case "type" -> text[0] = HarJson.text(p);
                case "time" -> time[0] = HarFields.decimal(p);
                case "opcode" -> opcode[0] = (int) HarJson.number(p, -1);
                case "data" -> hasData[0] = HarFields.readText(p, data);
                case "_trygr" -> {
                    if (p.currentToken() == JsonToken.START_OBJECT) {
                        HarFields.fields(p, n -> {
                            switch (n) {
                                case "encoding" -> text[1] = HarJson.text(p);
                                case "length" -> length[0] = (long) HarJson.number(p, -1);
                                case "compressed" -> flags[0] = p.currentToken() == JsonToken.VALUE_TRUE;
                                case "truncated" -> flags[1] = p.currentToken() == JsonToken.VALUE_TRUE;
                                default -> p.skipChildren();
                            }
                        });
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        });
        boolean fromClient = "send".equalsIgnoreCase(text[0]);
        if (!fromClient && !"receive".equalsIgnoreCase(text[0])) {
            problem.accept(where + " has no type \"send\" or \"receive\"; left out");
            return null;
        }
        int op = opcode[0] < 0 ? 1 : opcode[0];
        HarText.Bytes bytes;
        if (!hasData[0]) {
            bytes = new HarText.Bytes(new byte[0], 0);
        } else if (op == 1 && !"base64".equalsIgnoreCase(text[1])) {
            bytes = data.utf8();
        } else {
            bytes = data.base64();
            if (bytes == null) {
                problem.accept(where + ": opcode " + op + " data is not base64; kept as text");
                bytes = data.utf8();
            }
        }
        Long at = HarTime.epochSecondsToMicros(time[0]);
        // a trygr export notes the wire length, compression and a cut it could not show in data
        long wireLength = length[0] >= 0 ? length[0] : bytes.length();
        return new HarEntry.WsMessage(at, fromClient, op, bytes.kept(), wireLength, flags[0],
                bytes.truncated() || flags[1]);
    }
}
