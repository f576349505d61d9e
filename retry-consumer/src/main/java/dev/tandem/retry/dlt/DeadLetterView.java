package dev.tandem.retry.dlt;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;

/**
 * One dead letter as shown to an operator: where it is, why, and its payload as text (the JSON
 * envelope) or, when the payload is not UTF-8, as {@code base64:…}.
 */
public record DeadLetterView(
        String position,
        Instant deadLetteredAt,
        String reason,
        String table,
        String rowKey,
        Map<String, String> headers,
        String key,
        String payload) {

    public static DeadLetterView of(DeadLetterEntry entry, String topic) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : entry.headers()) {
            headers.put(header.key(), header.value() == null ? null : text(header.value()));
        }
        return new DeadLetterView(
                entry.position(topic),
                entry.deadLetteredAt(),
                entry.reason(),
                entry.table(),
                entry.rowKey(),
                headers,
                entry.key() == null ? null : text(entry.key()),
                entry.value() == null ? null : text(entry.value()));
    }

    private static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return "base64:" + Base64.getEncoder().encodeToString(bytes);
        }
    }
}
