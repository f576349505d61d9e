package dev.tandem.autoconfigure;

import dev.tandem.core.control.Phase;
import dev.tandem.dualwrite.migration.CutoverResult;
import dev.tandem.dualwrite.migration.Migration;
import dev.tandem.dualwrite.migration.MigrationControl;
import dev.tandem.dualwrite.migration.PhaseChangeRefusedException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.lang.Nullable;

/**
 * The {@code tandemmigration} Actuator endpoint. GET: this instance's phase and report, the live
 * instances, the last reconcile verdict, the gates measured now and the audit tail. POST {@code
 * {"action": "set", "phase": "SHADOW_READ", "percent": 10}}, or {@code cutover}, {@code rollback},
 * {@code abort}: a refusal answers 409 with the reason, and nothing changed. A change needs an
 * authenticated caller in one of {@code tandem.migration.endpoint.roles} (401 without a caller, 403
 * outside the roles), as the application's own security authenticates it; the caller's name is the
 * change's {@code by} unless the request names one.
 */
@Endpoint(id = "tandemmigration")
public class MigrationEndpoint {

    private final Migration instance;
    private final MigrationControl control;
    private final MigrationEndpointAccess access;

    /**
     * @param instance this application's instance, or null where it only coordinates
     * @param properties who may change the migration
     */
    public MigrationEndpoint(
            @Nullable Migration instance, MigrationControl control, MigrationEndpointProperties properties) {
        this(instance, control, MigrationEndpointAccess.of(properties));
    }

    MigrationEndpoint(@Nullable Migration instance, MigrationControl control, MigrationEndpointAccess access) {
        this.instance = instance;
        this.control = control;
        this.access = access;
    }

    @ReadOperation
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("state", control.state());
        if (instance != null) {
            status.put("instance", instance.report());
            status.put("routedBy", instance.state());
            status.put("writesHeld", instance.writesHeld());
            status.put("lastWriteHoldMillis", instance.lastWriteHoldMillis());
        }
        status.put("instances", control.instances());
        status.put("lastReconcile", control.verdict().orElse(null));
        status.put("gates", control.gates());
        status.put("audit", control.audit(10));
        return status;
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> change(
            SecurityContext caller,
            String action,
            @Nullable String phase,
            @Nullable Integer percent,
            @Nullable String reason,
            @Nullable String by) {
        Optional<WebEndpointResponse<Map<String, Object>>> refusal = access.refusal(caller);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        String who = by != null
                ? by
                : caller.getPrincipal() != null ? caller.getPrincipal().getName() : "actuator";
        String why = reason == null ? "" : reason;
        Map<String, Object> body = new LinkedHashMap<>();
        try {
            switch (action) {
                case "set" -> {
                    if (phase == null) {
                        throw new IllegalArgumentException("action set needs a phase");
                    }
                    Phase to = Phase.valueOf(phase.toUpperCase(Locale.ROOT));
                    body.put(
                            "state",
                            control.change(to, percent == null ? (to.hasPercent() ? 100 : 0) : percent, who, why));
                }
                case "cutover", "rollback" -> {
                    CutoverResult result =
                            action.equals("cutover") ? control.cutover(who, why) : control.rollback(who, why);
                    body.put("state", result.to());
                    body.put("writePauseMillis", result.writePauseMillis());
                    body.put("gates", result.gates());
                }
                case "abort" -> body.put("state", control.abort(who, why));
                default -> throw new IllegalArgumentException(
                        "action must be set, cutover, rollback or abort, not " + action);
            }
            return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
        } catch (PhaseChangeRefusedException e) {
            body.put("refused", e.getMessage());
            return new WebEndpointResponse<>(body, 409);
        } catch (IllegalArgumentException e) {
            body.put("error", e.getMessage());
            return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_BAD_REQUEST);
        }
    }
}
