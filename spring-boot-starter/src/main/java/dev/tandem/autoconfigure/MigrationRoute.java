package dev.tandem.autoconfigure;

import dev.tandem.core.Mutation;
import dev.tandem.dualwrite.migration.Migration;
import dev.tandem.dualwrite.migration.WritePermit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.action.spi.AfterTransactionCompletionProcess;
import org.hibernate.action.spi.BeforeTransactionCompletionProcess;
import org.hibernate.engine.spi.ActionQueue;
import org.hibernate.event.spi.EventSource;
import org.hibernate.event.spi.PreDeleteEvent;
import org.hibernate.event.spi.PreDeleteEventListener;
import org.hibernate.event.spi.PreInsertEvent;
import org.hibernate.event.spi.PreInsertEventListener;
import org.hibernate.event.spi.PreUpdateEvent;
import org.hibernate.event.spi.PreUpdateEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.lang.Nullable;

/**
 * Passes JPA transactions that write captured entities through the migration's write gate. The
 * first such write of a transaction (Hibernate's pre-insert, pre-update or pre-delete, before the
 * primary is written) takes a {@link WritePermit}: it waits while a cutover holds writes, and is
 * refused if this instance's database is no longer the primary. The permit is kept until the
 * transaction completed and its committed writes were handed on: a cutover waits for it before it
 * swaps the roles.
 */
final class MigrationRoute
        implements CaptureRoute, PreInsertEventListener, PreUpdateEventListener, PreDeleteEventListener {

    private static final Logger log = LoggerFactory.getLogger(MigrationRoute.class);

    private final Migration migration;
    private final Set<String> capturedEntities;
    /** Keyed by the session (identity): one open transaction each. */
    private final Map<EventSource, WritePermit> permits = new ConcurrentHashMap<>();

    MigrationRoute(Migration migration, Set<String> capturedEntities) {
        this.migration = migration;
        this.capturedEntities = Set.copyOf(capturedEntities);
    }

    @Override
    public boolean onPreInsert(PreInsertEvent event) {
        enter(event.getPersister().getEntityName(), event.getSession());
        return false;
    }

    @Override
    public boolean onPreUpdate(PreUpdateEvent event) {
        enter(event.getPersister().getEntityName(), event.getSession());
        return false;
    }

    @Override
    public boolean onPreDelete(PreDeleteEvent event) {
        enter(event.getPersister().getEntityName(), event.getSession());
        return false;
    }

    private void enter(String entity, EventSource session) {
        if (!capturedEntities.contains(entity) || permits.containsKey(session)) {
            return;
        }
        // Throws MigrationWriteRefusedException before anything is written: the transaction rolls back.
        WritePermit permit = migration.beginWrite();
        permits.put(session, permit);
        ActionQueue actions = session.getActionQueue();
        // A rolled-back transaction releases the permit; a committed one only after the post-commit
        // capture handed its writes on: that process is registered last, at the commit.
        actions.registerProcess((AfterTransactionCompletionProcess) (success, s) -> {
            if (!success) {
                release(session);
            }
        });
        actions.registerProcess((BeforeTransactionCompletionProcess)
                s -> actions.registerProcess((AfterTransactionCompletionProcess) (success, s2) -> release(session)));
    }

    private void release(EventSource session) {
        WritePermit permit = permits.remove(session);
        if (permit != null) {
            permit.close();
        }
    }

    @Override
    public boolean dualWrites(EventSource session) {
        WritePermit permit = permits.get(session);
        return permit == null || permit.state().phase().dualWrites();
    }

    @Override
    public void committed(EventSource session, Mutation mutation, @Nullable Runnable onDurable) {
        WritePermit permit = permits.get(session);
        if (permit == null) {
            // Not expected: every captured write entered the gate first. Never dropped silently.
            log.error(
                    "{} committed outside the migration's write gate; not dual-written, the reconciler will report it",
                    mutation.describe());
            return;
        }
        if (onDurable == null) {
            permit.written(mutation);
        } else {
            permit.written(mutation, onDurable);
        }
    }
}
