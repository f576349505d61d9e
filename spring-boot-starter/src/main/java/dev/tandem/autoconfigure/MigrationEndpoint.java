package dev.tandem.autoconfigure;

import dev.tandem.core.control.Phase;
import dev.tandem.dualwrite.migration.CutoverResult;
import dev.tandem.dualwrite.migration.Migration;
import dev.tandem.dualwrite.migration.MigrationControl;
import dev.tandem.dualwrite.migration.PhaseChangeRefusedException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.lang.Nullable;

/**
 * The {@code tandemmigration} Actuator endpoint. GET: this instance's phase and report, the live
 * instances, the last reconcile verdict, the gates measured now and the audit tail. POST {@code
 * {"action": "set", "phase": "SHADOW_READ", "percent": 10}}, or {@code cutover}, {@code rollback},
 * {@code abort}: a refusal answers 409 with the reason, and nothing changed.
 */
@Endpoint(id = "tandemmigration")
public class MigrationEndpoint {

    private final Migration instance;
    private final MigrationControl control;

    /** @param instance this application's instance, or null where it only coordinates */
    public MigrationEndpoint(@Nullable Migration instance, MigrationControl control) {
        this.instance = instance;
        this.control = control;
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
            String action,
            @Nullable String phase,
            @Nullable Integer percent,
            @Nullable String reason,
            @Nullable String by) {
        String who = by == null ? "actuator" : by;
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
