package dev.tandem.reconcile.web;

import dev.tandem.core.DaemonThreads;
import dev.tandem.reconcile.ReconcilerService;
import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunInProgressException;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.StartedRun;
import java.net.URI;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The runs over HTTP: {@code GET /api/runs} (latest first), {@code GET /api/runs/{id}} (with
 * per-column counts and samples), {@code POST /api/runs} to start one in the background. Every one
 * needs the service's credentials (the runs show keys and values), see {@code
 * dev.tandem.security.ServiceSecurityConfiguration}.
 */
@RestController
@RequestMapping("/api/runs")
public class RunsController implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RunsController.class);
    private static final int MAX_LIMIT = 500;

    private final ReconcilerService service;
    private final ExecutorService runs = Executors.newSingleThreadExecutor(DaemonThreads.named("tandem-reconcile-api"));

    public RunsController(ReconcilerService service) {
        this.service = service;
    }

    @GetMapping
    public List<RunRecord> latest(@RequestParam(defaultValue = "20") int limit) throws SQLException {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        return service.store().latest(limit);
    }

    @GetMapping("/{id}")
    public RunRecord show(@PathVariable long id) throws SQLException {
        return service.store()
                .find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No run " + id));
    }

    /**
     * Starts a run in the background: answers 202 at once with the run's id and its {@code Location}
     * ({@code /api/runs/{id}}, {@code RUNNING} until it finishes), 409 while another run is in
     * progress, 400 for a table that is not configured or a repair that cannot run.
     *
     * @param tables the tables to compare, comma-separated; all when absent
     * @param repair NONE, DRY_RUN or EXECUTE
     * @param full compare every table in full, even those that could be compared incrementally
     * @param email whether to mail the report
     */
    @PostMapping
    public ResponseEntity<Map<String, Object>> start(
            @RequestParam(required = false) String tables,
            @RequestParam(defaultValue = "NONE") String repair,
            @RequestParam(defaultValue = "false") boolean full,
            @RequestParam(defaultValue = "false") boolean email)
            throws Exception {
        RepairMode mode = repairMode(repair);
        Set<String> only = tables == null
                ? Set.of()
                : Arrays.stream(tables.split(","))
                        .map(String::trim)
                        .filter(t -> !t.isEmpty())
                        .collect(Collectors.toSet());
        StartedRun started;
        try {
            started = service.start("api", only, mode, full);
        } catch (RunInProgressException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        runs.submit(() -> {
            try {
                service.complete(started, email);
            } catch (Exception e) {
                log.error("Run {}, asked for over HTTP, failed", started.id(), e);
            }
        });
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
                .path("/{id}")
                .buildAndExpand(started.id())
                .toUri();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", started.id());
        body.put("status", "started");
        body.put("run", "/api/runs/" + started.id());
        body.put("runs", "/api/runs");
        return ResponseEntity.accepted().location(location).body(body);
    }

    private static RepairMode repairMode(String text) {
        try {
            return RepairMode.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "repair must be one of " + Arrays.toString(RepairMode.values()) + ", was '" + text + "'");
        }
    }

    @Override
    public void destroy() {
        runs.shutdownNow();
    }
}
