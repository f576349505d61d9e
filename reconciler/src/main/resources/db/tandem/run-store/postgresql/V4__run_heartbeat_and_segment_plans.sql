-- A run's process proves it is alive: it owns the run (owned_by) and refreshes heartbeat_at while it
-- runs, so that a run left RUNNING by a dead process can be told from one still running, marked
-- ABANDONED, or continued by a distributed coordinator started again. resume_scope holds what a
-- distributed run compares (tables, full, repair) so a coordinator of the same scope continues it.
-- A distributed run's plan of each table it published: where the results topic stood before the
-- tasks were published (partition:offset, ...) and every segment's task as published, stored before
-- publishing, so a coordinator continuing the run neither plans nor publishes the table again.
ALTER TABLE tandem_reconcile_run ADD COLUMN owned_by VARCHAR(255);
ALTER TABLE tandem_reconcile_run ADD COLUMN heartbeat_at BIGINT;
ALTER TABLE tandem_reconcile_run ADD COLUMN resume_scope TEXT;

CREATE TABLE tandem_reconcile_plan (
    run_id BIGINT NOT NULL,
    table_name VARCHAR(255) NOT NULL,
    segments INT NOT NULL,
    results_from TEXT NOT NULL,
    published BOOLEAN NOT NULL,
    PRIMARY KEY (run_id, table_name));

CREATE TABLE tandem_reconcile_segment (
    run_id BIGINT NOT NULL,
    table_name VARCHAR(255) NOT NULL,
    segment_no INT NOT NULL,
    task TEXT NOT NULL,
    PRIMARY KEY (run_id, table_name, segment_no));
