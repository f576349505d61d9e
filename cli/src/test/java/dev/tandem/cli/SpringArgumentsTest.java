package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpringArgumentsTest {

    @Test
    void optionsWithADotInTheNameAreSpringsAndKeepTheirOrder() {
        SpringArguments split = SpringArguments.split(
                "dlt",
                "list",
                "--spring.kafka.bootstrap-servers=kafka:9092",
                "--tandem.retry.dead-letter-topic=my.dlt",
                "--logging.level.root=debug",
                "--management.server.port=0",
                "--server.port=0",
                "--spring.main.lazy-initialization",
                "--reason=UNDECODABLE");

        assertThat(split.own()).containsExactly("dlt", "list", "--reason=UNDECODABLE");
        assertThat(split.properties())
                .containsExactly(
                        "--spring.kafka.bootstrap-servers=kafka:9092",
                        "--tandem.retry.dead-letter-topic=my.dlt",
                        "--logging.level.root=debug",
                        "--management.server.port=0",
                        "--server.port=0",
                        "--spring.main.lazy-initialization");
    }

    @Test
    void onlyOptionsWithADotInTheirNameAreProperties() {
        assertThat(SpringArguments.isProperty("--spring.kafka.x=1")).isTrue();
        assertThat(SpringArguments.isProperty("--tandem.retry.topic=t")).isTrue();
        assertThat(SpringArguments.isProperty("--springfield=1")).isFalse();
        assertThat(SpringArguments.isProperty("--tandem")).isFalse();
        assertThat(SpringArguments.isProperty("spring.kafka.x=1")).isFalse();
        assertThat(SpringArguments.isProperty("--table=a.b")).isFalse();
    }
}
