package dev.tandem.reconcile.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreDescriptionTest {

    @Test
    void engineAndVersionAsTheServerGivesThem() {
        assertThat(StoreDescription.engine("MySQL", "10.11.6-MariaDB-0+deb12u1"))
                .isEqualTo("MariaDB 10.11.6");
        assertThat(StoreDescription.engine("MySQL", "5.5.5-10.11.6-MariaDB")).isEqualTo("MariaDB 10.11.6");
        assertThat(StoreDescription.engine("MariaDB", "11.4.5-MariaDB")).isEqualTo("MariaDB 11.4.5");
        assertThat(StoreDescription.engine("PostgreSQL", "15.4 (Debian 15.4-2)"))
                .isEqualTo("PostgreSQL 15.4");
        assertThat(StoreDescription.engine("MySQL", "8.0.36")).isEqualTo("MySQL 8.0.36");
    }

    @Test
    void hostWithoutUserPasswordOrParameters() {
        assertThat(StoreDescription.host("jdbc:postgresql://db2.internal:5432/shop?password=s3cret"))
                .isEqualTo("db2.internal:5432");
        assertThat(StoreDescription.host("jdbc:mysql://app:s3cret@db1.internal:3306/shop"))
                .isEqualTo("db1.internal:3306");
        assertThat(StoreDescription.host("jdbc:mariadb://db1,db2:3307/shop;user=x"))
                .isEqualTo("db1,db2:3307");
        assertThat(StoreDescription.host(null)).isEqualTo("an unknown host");
    }
}
