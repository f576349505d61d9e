package dev.tandem.autoconfigure;

import java.util.Map;
import org.hibernate.event.spi.EventSource;
import org.hibernate.event.spi.PostCommitDeleteEventListener;
import org.hibernate.event.spi.PostCommitInsertEventListener;
import org.hibernate.event.spi.PostCommitUpdateEventListener;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.persister.entity.EntityPersister;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Hibernate's post-commit events of captured entities into mutations for the dual writer.
 * Hibernate raises these only after the primary transaction committed, so rolled-back work never
 * reaches the secondary or the retry topic.
 */
final class JpaMutationCapture
        implements PostCommitInsertEventListener, PostCommitUpdateEventListener, PostCommitDeleteEventListener {

    private static final Logger log = LoggerFactory.getLogger(JpaMutationCapture.class);

    private final CaptureRoute route;
    private final Map<String, EntityWritePlan> plansByEntity;

    JpaMutationCapture(CaptureRoute route, Map<String, EntityWritePlan> plansByEntity) {
        this.route = route;
        this.plansByEntity = Map.copyOf(plansByEntity);
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return plansByEntity.containsKey(persister.getEntityName());
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        capture(event.getPersister(), event.getId(), event.getState(), false, event.getSession());
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        capture(event.getPersister(), event.getId(), event.getState(), false, event.getSession());
    }

    @Override
    public void onPostDelete(PostDeleteEvent event) {
        capture(event.getPersister(), event.getId(), event.getDeletedState(), true, event.getSession());
    }

    /**
     * The primary has committed: whatever goes wrong here must not reach the application. A mutation
     * that cannot even be built is logged with its entity and id, and the reconciler will report it.
     */
    private void capture(EntityPersister persister, Object id, Object[] state, boolean delete, EventSource session) {
        EntityWritePlan plan = plansByEntity.get(persister.getEntityName());
        if (plan == null) {
            return;
        }
        try {
            route.committed(session, plan.mutation(id, state, delete, session), null);
        } catch (RuntimeException e) {
            log.error(
                    "Could not dual-write {} with id {}; the reconciler will report the row",
                    persister.getEntityName(),
                    id,
                    e);
        }
    }

    @Override
    public void onPostInsertCommitFailed(PostInsertEvent event) {
        log.debug(
                "Primary commit failed for an insert into {}; nothing is dual-written",
                event.getPersister().getEntityName());
    }

    @Override
    public void onPostUpdateCommitFailed(PostUpdateEvent event) {
        log.debug(
                "Primary commit failed for an update of {}; nothing is dual-written",
                event.getPersister().getEntityName());
    }

    @Override
    public void onPostDeleteCommitFailed(PostDeleteEvent event) {
        log.debug(
                "Primary commit failed for a delete of {}; nothing is dual-written",
                event.getPersister().getEntityName());
    }
}
