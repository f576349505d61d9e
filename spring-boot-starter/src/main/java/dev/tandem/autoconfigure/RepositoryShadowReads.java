package dev.tandem.autoconfigure;

import dev.tandem.dualwrite.migration.Migration;
import java.util.Map;
import java.util.Optional;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;
import org.springframework.lang.Nullable;

/**
 * Shadow reads of Spring Data repository reads: every repository of a captured entity gets an advice
 * on {@code findById}; when it found the entity, the migration compares the entity's row in both
 * stores by its id, off the request path ({@code MigrationReads.shadowRow}): in {@code SHADOW_READ(p)}
 * for p % of calls, counted in the same shadow counters and metrics, keys only in logs.
 */
final class RepositoryShadowReads implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(RepositoryShadowReads.class);

    private final ObjectProvider<Migration> migration;
    private final ObjectProvider<CapturedEntities> captured;

    RepositoryShadowReads(ObjectProvider<Migration> migration, ObjectProvider<CapturedEntities> captured) {
        this.migration = migration;
        this.captured = captured;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof RepositoryFactoryBeanSupport<?, ?, ?> repositories) {
            repositories.addRepositoryFactoryCustomizer(factory -> factory.addRepositoryProxyPostProcessor(
                    (proxy, information) -> proxy.addAdvice(new FindByIdShadow(information.getDomainType()))));
        }
        return bean;
    }

    /** The advice on one repository's {@code findById}. */
    private final class FindByIdShadow implements MethodInterceptor {

        private final Class<?> entity;

        FindByIdShadow(Class<?> entity) {
            this.entity = entity;
        }

        @Override
        @Nullable
        public Object invoke(MethodInvocation invocation) throws Throwable {
            Object result = invocation.proceed();
            if (invocation.getMethod().getName().equals("findById")
                    && invocation.getArguments().length == 1
                    && result instanceof Optional<?> found
                    && found.isPresent()) {
                shadow(invocation.getArguments()[0]);
            }
            return result;
        }

        /** Never fails the caller's read: it was served already. */
        private void shadow(Object id) {
            try {
                Migration following = migration.getIfAvailable();
                CapturedEntities entities = captured.getIfAvailable();
                if (following == null || entities == null) {
                    return;
                }
                entities.plan(entity)
                        .ifPresent(plan -> following.reads().shadowRow(plan.table(), Map.of(plan.idColumn(), id)));
            } catch (RuntimeException e) {
                log.debug("Shadow read of {} with id {} not started ({})", entity.getSimpleName(), id, e.toString());
            }
        }
    }
}
