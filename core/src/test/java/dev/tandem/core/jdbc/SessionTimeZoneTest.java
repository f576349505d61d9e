package dev.tandem.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionTimeZoneTest {

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "utc", "+00:00", "-00:00", "Etc/UTC", "Etc/UCT", "UCT", "Universal", "Zulu", "Z"})
    void acceptsZonesThatAreUtcAllYear(String zone) {
        assertThat(SessionTimeZone.isUtc(zone)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "+02:00",
                "-05:00",
                "+00:30",
                "Europe/London",
                "Europe/Lisbon",
                "Africa/Casablanca",
                "WET",
                "CET",
                "",
                "nonsense"
            })
    void refusesZonesAwayFromUtcOrAtOffsetZeroOnlyPartOfTheYear(String zone) {
        assertThat(SessionTimeZone.isUtc(zone)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Etc/UTC"})
    void acceptsAUtcSystemZone(String zone) {
        assertThat(SessionTimeZone.isUtcSystemZone(zone)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GMT", "BST", "CET", "CEST", "EST"})
    void refusesASystemZoneAbbreviationThatIsNotUtcAllYear(String zone) {
        assertThat(SessionTimeZone.isUtcSystemZone(zone)).isFalse();
    }
}
