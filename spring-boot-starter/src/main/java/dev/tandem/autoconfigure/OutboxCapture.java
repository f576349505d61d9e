package dev.tandem.autoconfigure;

import dev.tandem.core.Mutation;
import dev.tandem.dualwrite.outbox.Outbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.hibernate.HibernateException;
import org.hibernate.event.spi.EventSource;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Crash-safe capture: inside the primary transaction, right after Hibernate wrote the entity, the
 * mutation is inserted into the outbox on the same connection; after the commit it goes to the dual
 * writer, whose success removes the outbox row. If the outbox insert fails, the primary transaction
 * fails with it: in crash-safe mode no write commits without its outbox row. A rollback removes both.
 */
final class OutboxCapture implements PostInsertEventListener, PostUpdateEventListener, PostDeleteEventListener {

    private final CaptureRoute route;
    private final Outbox outbox;
    private final Map<String, EntityWritePlan> plansByEntity;

    OutboxCapture(CaptureRoute route, Outbox outbox, Map<String, EntityWritePlan> plansByEntity) {
        this.route = route;
        this.outbox = outbox;
        this.plansByEntity = Map.copyOf(plansByEntity);
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return false;
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        record(event.getPersister(), event.getId(), event.getState(), false, event.getSession());
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        record(event.getPersister(), event.getId(), event.getState(), false, event.getSession());
    }

    @Override
    public void onPostDelete(PostDeleteEvent event) {
        record(event.getPersister(), event.getId(), event.getDeletedState(), true, event.getSession());
    }

    private void record(EntityPersister persister, Object id, Object[] state, boolean delete, EventSource session) {
        EntityWritePlan plan = plansByEntity.get(persister.getEntityName());
        if (plan == null) {
            return;
        }
        Mutation mutation = plan.mutation(id, state, delete, session);
        if (route.dualWrites(session)) {
            record(session, plan, mutation);
        } else {
            // A migration's PRIMARY_ONLY or DONE: nothing to keep in the outbox, but the migration still
            // tracks the committed row's key.
            session.getActionQueue().registerProcess((success, completed) -> {
                if (success) {
                    route.committed(session, mutation, null);
                }
            });
        }
    }

    private void record(EventSource session, EntityWritePlan plan, Mutation mutation) {
        long seq;
        try {
            Connection connection =
                    session.getJdbcCoordinator().getLogicalConnection().getPhysicalConnection();
            seq = outbox.append(connection, mutation, plan.versionFromSequence());
        } catch (SQLException e) {
            throw new HibernateException(
                    "Crash-safe mode could not record " + mutation.describe() + " in the outbox", e);
        }
        Mutation durable = plan.versionFromSequence() ? Outbox.withVersion(mutation, seq) : mutation;
        session.getActionQueue().registerProcess((success, completed) -> {
            if (success) {
                route.committed(session, durable, () -> outbox.done(seq));
            }
        });
    }
}
