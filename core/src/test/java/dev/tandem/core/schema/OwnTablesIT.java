package dev.tandem.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.fence.FenceMigrations;
import dev.tandem.core.jdbc.UnsupportedDatabaseException;
import dev.tandem.testkit.DatabaseUser;
import dev.tandem.testkit.EmbeddedDatabase.Engine;
import dev.tandem.testkit.EmbeddedServices;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fence table under its versioned migrations, on both engines: created, adopted, upgraded, shared. */
class OwnTablesIT {

    private static final OwnTables FENCE = FenceMigrations.of("tandem_fence");

    /** The fence table as Tandem created it before its tables had migrations. */
    private static String fenceTableOfOldCode(FreshDatabase database) {
        return database.isMariaDb()
                ? "CREATE TABLE IF NOT EXISTS `tandem_fence` (table_name VARCHAR(128) CHARACTER SET utf8mb4 COLLATE"
                        + " utf8mb4_bin NOT NULL, key_hash BINARY(32) NOT NULL, row_key TEXT CHARACTER SET utf8mb4"
                        + " COLLATE utf8mb4_bin NOT NULL, version BIGINT NOT NULL, deleted BOOLEAN NOT NULL,"
                        + " write_id CHAR(36) CHARACTER SET ascii NULL, applied_at DATETIME(6) NULL,"
                        + " PRIMARY KEY (table_name, key_hash)) ENGINE=InnoDB"
                : "CREATE TABLE IF NOT EXISTS \"tandem_fence\" (table_name VARCHAR(128) NOT NULL, key_hash BYTEA NOT NULL,"
                        + " row_key TEXT NOT NULL, version BIGINT NOT NULL, deleted BOOLEAN NOT NULL,"
                        + " write_id VARCHAR(36) NULL, applied_at TIMESTAMPTZ NULL, PRIMARY KEY (table_name, key_hash))";
    }

    private static String fenceRow(FreshDatabase database, String table, int version) {
        String hash = database.isMariaDb() ? "UNHEX(REPEAT('ab', 32))" : "decode(repeat('ab', 32), 'hex')";
        return "INSERT INTO tandem_fence (table_name, key_hash, row_key, version, deleted) VALUES ('" + table + "', "
                + hash + ", '[1]', " + version + ", FALSE)";
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aFreshDatabaseGetsTheFenceTableAndItsHistoryShowsV1(Engine engine) throws Exception {
        FreshDatabase database = FreshDatabase.on(engine);

        List<AppliedMigration> applied = database.migrate(FENCE);

        assertThat(applied).extracting(AppliedMigration::version).containsExactly(1);
        assertThat(applied.get(0).script())
                .isEqualTo("db/tandem/fence/" + folder(engine) + "/V1__create_fence_table.sql");
        assertThat(database.history(FENCE)).containsExactly(1);
        assertThat(database.column("SELECT COUNT(*) FROM tandem_fence")).containsExactly("0");
        assertThat(database.migrate(FENCE)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aFenceTableMadeByTheOldCodeIsAdoptedWithItsRows(Engine engine) throws Exception {
        FreshDatabase database = FreshDatabase.on(engine);
        database.execute(fenceTableOfOldCode(database), fenceRow(database, "accounts", 7));

        assertThat(database.migrate(FENCE))
                .extracting(AppliedMigration::version)
                .containsExactly(1);

        assertThat(database.column("SELECT version FROM tandem_fence WHERE table_name = 'accounts'"))
                .containsExactly("7");
        assertThat(database.history(FENCE)).containsExactly(1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aLaterMigrationOnTheClasspathUpgradesTheTablesAndKeepsTheRows(Engine engine) throws Exception {
        FreshDatabase database = FreshDatabase.on(engine);
        database.migrate(FENCE);
        database.execute(fenceRow(database, "accounts", 3));

        List<AppliedMigration> upgrade = database.migrate(FENCE.withLoader(upgradeLoader()));

        assertThat(upgrade).extracting(AppliedMigration::version).containsExactly(2);
        assertThat(upgrade.get(0).description()).isEqualTo("add note");
        assertThat(database.column("SELECT note FROM tandem_fence WHERE version = 3"))
                .containsExactly("kept");
        assertThat(database.history(FENCE)).containsExactly(1, 2);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void processesStartingTogetherMigrateTheTablesOnce(Engine engine) throws Exception {
        FreshDatabase database = FreshDatabase.on(engine);
        int processes = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(processes);
        try {
            List<Future<List<AppliedMigration>>> runs = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                Callable<List<AppliedMigration>> run = () -> {
                    try (Connection connection = database.dataSource().getConnection()) {
                        start.await();
                        return FENCE.migrate(connection);
                    }
                };
                runs.add(threads.submit(run));
            }
            start.countDown();
            int applied = 0;
            for (Future<List<AppliedMigration>> run : runs) {
                applied += run.get().size();
            }
            assertThat(applied).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
        assertThat(database.history(FENCE)).containsExactly(1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void eachConfiguredFenceTableHasItsOwnTableAndHistory(Engine engine) throws Exception {
        FreshDatabase database = FreshDatabase.on(engine);
        OwnTables other = FenceMigrations.of("orders_fence");

        database.migrate(FENCE);
        assertThat(database.migrate(other))
                .extracting(AppliedMigration::version)
                .containsExactly(1);

        assertThat(other.historyTable()).isEqualTo("orders_fence_schema_history");
        assertThat(database.column("SELECT COUNT(*) FROM orders_fence")).containsExactly("0");
        assertThat(database.history(other)).containsExactly(1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aScriptChangedAfterItWasAppliedIsRefused(Engine engine) throws Exception {
        FreshDatabase database = FreshDatabase.on(engine);
        database.migrate(FENCE);
        database.execute("UPDATE tandem_fence_schema_history SET checksum = 1 WHERE version = 1");

        assertThatThrownBy(() -> database.migrate(FENCE))
                .isInstanceOf(SchemaMigrationException.class)
                .hasMessageContaining("V1 of the fence tables was changed after it was applied")
                .hasMessageContaining("records checksum 1");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aFailingMigrationNamesItsScriptAndIsNotRecorded(Engine engine) throws Exception {
        FreshDatabase database = FreshDatabase.on(engine);
        database.migrate(FENCE);
        database.execute("ALTER TABLE tandem_fence ADD COLUMN note VARCHAR(40) NULL");

        assertThatThrownBy(() -> database.migrate(FENCE.withLoader(upgradeLoader())))
                .isInstanceOf(SchemaMigrationException.class)
                .hasMessageContaining(
                        "V2 of the fence tables (db/tandem/fence/" + folder(engine) + "/V2__add_note.sql)")
                .hasMessageContaining("failed at statement 1 of 2");
        assertThat(database.history(FENCE)).containsExactly(1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aComponentWithoutMigrationsForTheEngineIsAClearError(Engine engine) throws Exception {
        FreshDatabase database = FreshDatabase.on(engine);
        OwnTables unknown = OwnTables.of("no-such-component", "no_such_schema_history", Map.of());

        assertThatThrownBy(() -> database.migrate(unknown))
                .isInstanceOf(SchemaMigrationException.class)
                .hasMessage("Tandem has no migrations of the no-such-component tables for " + folder(engine)
                        + " (looked for classpath:db/tandem/no-such-component/" + folder(engine)
                        + "/V<n>__<description>.sql)");
    }

    @Test
    void aUserWithRowRightsOnTheFenceAndReadRightsOnItsHistoryStartsOnTablesAnOwnerMigrated() throws Exception {
        FreshDatabase database = FreshDatabase.on(Engine.POSTGRESQL);
        database.migrate(FENCE);
        String name = database.column("SELECT current_database()").get(0);
        try (DatabaseUser user = DatabaseUser.create(EmbeddedServices.postgres(), name, List.of("tandem_fence"))) {
            user.grant("SELECT", "tandem_fence_schema_history");

            try (Connection connection = user.dataSource().getConnection()) {
                assertThat(FENCE.migrate(connection)).isEmpty();
            }
            user.revoke("SELECT", "tandem_fence_schema_history");
            try (Connection connection = user.dataSource().getConnection()) {
                assertThatThrownBy(() -> FENCE.migrate(connection))
                        .hasMessageContaining("permission denied for table tandem_fence_schema_history");
            }
        }
    }

    @Test
    void aDatabaseOfAnotherEngineIsAClearError() throws Exception {
        try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:own_tables")) {
            assertThatThrownBy(() -> FENCE.migrate(h2))
                    .isInstanceOf(UnsupportedDatabaseException.class)
                    .hasMessage("Database 'H2' is not supported; Tandem supports MySQL, MariaDB and PostgreSQL");
        }
    }

    private static String folder(Engine engine) {
        return engine == Engine.MARIADB ? "mysql" : "postgresql";
    }

    /** The classpath with the test's V2 of the fence migrations added, as a newer Tandem would bring. */
    private static ClassLoader upgradeLoader() {
        URL root = OwnTablesIT.class.getResource("/upgrade/");
        return new URLClassLoader(new URL[] {root}, OwnTables.class.getClassLoader());
    }
}
