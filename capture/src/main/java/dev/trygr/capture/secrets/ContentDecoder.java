package dev.trygr.capture.secrets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.brotli.dec.BrotliInputStream;

/**
 * Undoes the Content-Encodings this module knows (gzip, deflate, br) so a body can be scanned for secrets. Anything
 * else (an unknown coding, a stream cut short, corrupt data, output past {@link #MAX_DECODED}) yields null: the
 * caller decides.
 */
final class ContentDecoder {
    /** Bound on decoded output, so a compression bomb cannot exhaust the writer's memory. */
    static final int MAX_DECODED = 32 << 20;

    private ContentDecoder() {
    }

    /**
     * @param codings the codings in the order they were applied (as listed in the header), lower-case
     * @return the decoded bytes, or null when they cannot all be undone
     */
    static byte[] decode(byte[] data, List<String> codings) {
        byte[] current = data;
        for (int i = codings.size() - 1; i >= 0 && current != null; i--) {
            switch (codings.get(i)) {
                case "gzip":
                case "x-gzip":
                    current = gunzip(current);
                    break;
                case "deflate":
                    byte[] layer = current;
                    current = inflate(layer, false);
                    if (current == null) {
                        current = inflate(layer, true); // some servers send raw deflate without the zlib wrapper
                    }
                    break;
                case "br":
                    current = unbrotli(current);
                    break;
                default:
                    return null;
            }
        }
        return current;
    }

    private static byte[] gunzip(byte[] data) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return drain(in, data.length);
        } catch (IOException truncatedOrCorrupt) {
            return null; // EOFException for a cut stream, ZipException for garbage: both mean "cannot decode"
        }
    }

    /** Only called on whole bodies: the Brotli decoder cannot tell a cut stream from a complete one. */
    private static byte[] unbrotli(byte[] data) {
        try (InputStream in = new BrotliInputStream(new ByteArrayInputStream(data))) {
            return drain(in, data.length);
        } catch (IOException | RuntimeException corrupt) {
            return null;
        }
    }

    private static byte[] drain(InputStream in, int sizeHint) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(sizeHint * 4, MAX_DECODED));
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > MAX_DECODED) {
                return null;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] inflate(byte[] data, boolean raw) {
        Inflater inflater = new Inflater(raw);
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 4);
            byte[] buf = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null; // cut short
                }
                if (out.size() + n > MAX_DECODED) {
                    return null;
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException corrupt) {
            return null;
        } finally {
            inflater.end();
        }
    }
}
