package dev.tandem.autoconfigure;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The entities whose writes are captured (by entity name, the class name unless mapped otherwise), with their plans. */
final class CapturedEntities {

    private final Map<String, EntityWritePlan> plans = new ConcurrentHashMap<>();

    void addAll(Map<String, EntityWritePlan> captured) {
        plans.putAll(captured);
    }

    Optional<EntityWritePlan> plan(Class<?> entity) {
        return Optional.ofNullable(plans.get(entity.getName()));
    }
}
