package dev.tandem.dualwrite.kafka;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A retry-topic record kept on local disk while Kafka is unreachable: key, value and headers. */
record SpooledRecord(byte[] key, byte[] value, Map<String, byte[]> headers) {

    SpooledRecord {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    byte[] toBytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(value.length + key.length + 256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            writeBytes(out, key);
            writeBytes(out, value);
            out.writeInt(headers.size());
            for (Map.Entry<String, byte[]> header : headers.entrySet()) {
                writeBytes(out, header.getKey().getBytes(StandardCharsets.UTF_8));
                writeBytes(out, header.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    static SpooledRecord fromBytes(DataInputStream in) throws IOException {
        byte[] key = readBytes(in);
        byte[] value = readBytes(in);
        int count = in.readInt();
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            headers.put(new String(readBytes(in), StandardCharsets.UTF_8), readBytes(in));
        }
        return new SpooledRecord(key, value, headers);
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("Negative length " + length);
        }
        return in.readNBytes(length);
    }
}
