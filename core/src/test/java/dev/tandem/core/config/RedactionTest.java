package dev.tandem.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "password",
                "ssl.key.password",
                "ssl.keystore.password",
                "ssl.truststore.password",
                "ssl.keystore.key",
                "sasl.jaas.config",
                "sasl.oauthbearer.client.credentials.client.secret",
                "basic.auth.user.info",
                "sslpassword",
                "access-token",
                "apiKey"
            })
    void secretNamesAreRecognised(String name) {
        assertThat(Redaction.isSecret(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"url", "username", "key.serializer", "keyColumns", "compression.type", "ssl.keystore.location"})
    void ordinaryNamesAreShown(String name) {
        assertThat(Redaction.isSecret(name)).isFalse();
    }

    @Test
    void urlKeepsEverythingButItsSecrets() {
        assertThat(Redaction.url("jdbc:mysql://db:3306/shop?user=tandem&password=s3cret&connectionTimeZone=UTC"))
                .isEqualTo("jdbc:mysql://db:3306/shop?user=tandem&password=******&connectionTimeZone=UTC");
        assertThat(Redaction.url("jdbc:postgresql://pg/shop?sslpassword=s3cret"))
                .isEqualTo("jdbc:postgresql://pg/shop?sslpassword=******");
        assertThat(Redaction.url("jdbc:mysql://tandem:s3cret@db:3306/shop"))
                .isEqualTo("jdbc:mysql://tandem:******@db:3306/shop");
        assertThat(Redaction.url("jdbc:postgresql://pg:5432/shop")).isEqualTo("jdbc:postgresql://pg:5432/shop");
    }

    @Test
    void clientPropertiesAreMaskedByKey() {
        assertThat(Redaction.properties(Map.of("sasl.jaas.config", "x password=\"s\";", "acks", "all")))
                .containsEntry("sasl.jaas.config", Redaction.MASK)
                .containsEntry("acks", "all");
    }

    @Test
    void recordsRenderLikeRecordsWithTheirSecretsMasked() {
        record Login(String username, String password, Map<String, String> client) {}

        assertThat(Redaction.toString(new Login("ana", "s3cret", Map.of("ssl.key.password", "k", "acks", "all"))))
                .isEqualTo("Login[username=ana, password=******, client={acks=all, ssl.key.password=******}]");
        assertThat(Redaction.toString(new Login("ana", null, Map.of())))
                .isEqualTo("Login[username=ana, password=null, client={}]");
    }
}
