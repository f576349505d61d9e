package dev.tandem.core.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.SecondaryStore;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class FencedStoreBuilderTest {

    /** Building connects to nothing: a data source that refuses every call shows it. */
    private static final DataSource UNREACHABLE = new DataSource() {
        @Override
        public Connection getConnection() {
            throw new AssertionError("building a store must not connect");
        }

        @Override
        public Connection getConnection(String username, String password) {
            throw new AssertionError("building a store must not connect");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    };

    @Test
    void defaultsBuildAStoreWithoutConnecting() {
        assertThat(SecondaryStore.fenced(UNREACHABLE).build()).isNotNull();
        assertThat(SecondaryStore.DEFAULT_FENCE_TABLE).isEqualTo("tandem_fence");
    }

    @Test
    void aFenceTableThatIsNotAPlainIdentifierIsRefusedByName() {
        assertThatThrownBy(() -> SecondaryStore.fenced(UNREACHABLE)
                        .fenceTable("fence; drop table x")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Fence table name");
    }

    @Test
    void aNegativeStatementTimeoutIsRefused() {
        assertThatThrownBy(() -> SecondaryStore.fenced(UNREACHABLE)
                        .statementTimeout(Duration.ofSeconds(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Statement timeout");
    }

    @Test
    void theImplementationIsNotPartOfThePublicApi() throws Exception {
        Class<?> store = Class.forName("dev.tandem.core.fence.FencedSecondaryStore");

        assertThat(java.lang.reflect.Modifier.isPublic(store.getModifiers())).isFalse();
    }

    @Test
    void aNegativeBulkThresholdIsRefusedNamingIt() {
        assertThatThrownBy(() ->
                        SecondaryStore.fenced(UNREACHABLE).bulkThreshold(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Bulk threshold")
                .hasMessageContaining("-1");
    }

    @Test
    void anInTableFenceWithoutAVersionColumnIsRefusedNamingTheTable() {
        assertThatThrownBy(() -> SecondaryStore.fenced(UNREACHABLE).inTableFence("orders", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orders")
                .hasMessageContaining("version column");
    }

    @Test
    void fencePropertiesNameTheKeyThatIsWrong() {
        FenceProperties negative = new FenceProperties(-5, null);
        assertThatThrownBy(() -> negative.applyTo(SecondaryStore.fenced(UNREACHABLE)))
                .hasMessageContaining("tandem.fence.bulk-threshold");
        FenceProperties blank = new FenceProperties(null, java.util.List.of(new FenceProperties.InTable("", "v")));
        assertThatThrownBy(() -> blank.applyTo(SecondaryStore.fenced(UNREACHABLE)))
                .hasMessageContaining("tandem.fence.in-table[0]");
        assertThat(new FenceProperties(0, null)
                        .applyTo(SecondaryStore.fenced(UNREACHABLE))
                        .build())
                .isNotNull();
    }
}
