package dev.tandem.reconcile;

import dev.tandem.reconcile.report.ReportMailer;
import dev.tandem.reconcile.run.Reconciler;
import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunInProgressException;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.StartedRun;
import dev.tandem.reconcile.store.RunStore;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the reconciler and mails the report: what the schedule, the CLI and the REST API call. */
public final class ReconcilerService {

    private static final Logger log = LoggerFactory.getLogger(ReconcilerService.class);

    private final Reconciler reconciler;
    private final RunStore store;
    private final Optional<ReportMailer> mailer;
    private final int trendRuns;

    public ReconcilerService(Reconciler reconciler, RunStore store, Optional<ReportMailer> mailer, int trendRuns) {
        this.reconciler = reconciler;
        this.store = store;
        this.mailer = mailer;
        this.trendRuns = trendRuns;
    }

    /**
     * Runs (every table in full when {@code full}); mails the report when {@code email} and recipients
     * are configured. A report that cannot
     * be sent is logged, the run stays stored.
     */
    public RunRecord run(String trigger, Set<String> tables, RepairMode repair, boolean full, boolean email)
            throws Exception {
        return complete(reconciler.start(trigger, tables, repair, full), email);
    }

    /**
     * Starts a run that {@link #complete} finishes: it is stored as {@code RUNNING} and has its id.
     *
     * @throws IllegalArgumentException naming what is wrong
     * @throws RunInProgressException if a run is in progress
     */
    public StartedRun start(String trigger, Set<String> tables, RepairMode repair, boolean full) throws Exception {
        return reconciler.start(trigger, tables, repair, full);
    }

    /** Compares a started run; mails the report when {@code email}, as {@link #run} does. */
    public RunRecord complete(StartedRun started, boolean email) throws Exception {
        RunRecord run = started.call();
        if (email) {
            mail(run);
        }
        return run;
    }

    /** The scheduled run: every table, no repair, report mailed. Never throws (the schedule goes on). */
    public void scheduledRun() {
        try {
            run("schedule", Set.of(), RepairMode.NONE, false, true);
        } catch (Exception e) {
            log.error("The scheduled reconciliation failed", e);
        }
    }

    private void mail(RunRecord run) {
        if (mailer.isEmpty() || !mailer.get().hasRecipients()) {
            log.info("Run {}: no report recipients (tandem.reconciler.report.to), nothing mailed", run.id());
            return;
        }
        try {
            mailer.get().send(run, store.latest(trendRuns + 1));
            log.info("Run {}: report mailed", run.id());
        } catch (Exception e) {
            log.error("Run {}: the report could not be mailed", run.id(), e);
        }
    }

    public RunStore store() {
        return store;
    }
}
