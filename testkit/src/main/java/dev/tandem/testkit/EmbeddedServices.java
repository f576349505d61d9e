package dev.tandem.testkit;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: each service starts on first use, at most once per JVM, and stops when the JVM
 * exits. Files go below the folder named by the {@code tandem.testkit.work-dir} system property
 * (the build sets it to {@code target/tandem-services}).
 */
public final class EmbeddedServices {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServices.class);

    private static final Lazy<EmbeddedMariaDb> mariaDb =
            new Lazy<>(() -> EmbeddedMariaDb.start(WorkDirectory.root()), EmbeddedMariaDb::shutdown);
    private static final Lazy<EmbeddedPostgreSql> postgres =
            new Lazy<>(() -> EmbeddedPostgreSql.start(WorkDirectory.root()), EmbeddedPostgreSql::shutdown);
    private static final Lazy<EmbeddedKafka> kafka = new Lazy<>(EmbeddedKafka::launch, EmbeddedKafka::stop);
    private static final Lazy<EmbeddedSmtp> smtp = new Lazy<>(EmbeddedSmtp::launch, EmbeddedSmtp::shutdown);

    private EmbeddedServices() {}

    /** MariaDB, standing in for MySQL. */
    public static EmbeddedMariaDb mariaDb() {
        return mariaDb.get();
    }

    public static EmbeddedPostgreSql postgres() {
        return postgres.get();
    }

    /** The database server of {@code engine}. */
    public static EmbeddedDatabase database(EmbeddedDatabase.Engine engine) {
        return switch (engine) {
            case MARIADB -> mariaDb();
            case POSTGRESQL -> postgres();
        };
    }

    public static EmbeddedKafka kafka() {
        return kafka.get();
    }

    public static EmbeddedSmtp smtp() {
        return smtp.get();
    }

    /** The folder the services keep their files in. */
    public static Path workDirectory() {
        return WorkDirectory.root();
    }

    /** A service started on first use, and shut down by a JVM shutdown hook. */
    private static final class Lazy<T> {
        private final Supplier<T> starter;
        private final java.util.function.Consumer<T> stopper;
        private volatile T instance;

        Lazy(Supplier<T> starter, java.util.function.Consumer<T> stopper) {
            this.starter = starter;
            this.stopper = stopper;
        }

        T get() {
            T current = instance;
            if (current != null) {
                return current;
            }
            synchronized (this) {
                if (instance == null) {
                    T started = starter.get();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started), "tandem-testkit-shutdown"));
                    instance = started;
                }
                return instance;
            }
        }

        private void stop(T started) {
            try {
                stopper.accept(started);
            } catch (RuntimeException e) {
                log.warn("Could not stop {} cleanly: {}", started.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
