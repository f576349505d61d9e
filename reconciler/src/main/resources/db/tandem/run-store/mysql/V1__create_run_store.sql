-- The run store: each run, its tables, per-column mismatch counts, samples, and where incremental
-- runs of a table stand; times in epoch milliseconds. IF NOT EXISTS adopts a store made before the
-- migrations.
CREATE TABLE IF NOT EXISTS tandem_reconcile_run (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    trigger_name VARCHAR(32) NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    verdict VARCHAR(16) NOT NULL,
    pending_checked BOOLEAN NOT NULL,
    repair_mode VARCHAR(16) NOT NULL,
    repairs_planned BIGINT NOT NULL,
    repairs_published BIGINT NOT NULL,
    repairs_fixed BIGINT NOT NULL,
    repairs_remaining BIGINT NOT NULL);

CREATE TABLE IF NOT EXISTS tandem_reconcile_table (
    run_id BIGINT NOT NULL,
    position INT NOT NULL,
    table_name VARCHAR(255) NOT NULL,
    since_at BIGINT,
    rows_compared BIGINT NOT NULL,
    took_ms BIGINT NOT NULL,
    found BIGINT NOT NULL,
    in_flight BIGINT NOT NULL,
    missing BIGINT NOT NULL,
    extra BIGINT NOT NULL,
    mismatched BIGINT NOT NULL,
    truncated BOOLEAN NOT NULL,
    error VARCHAR(2000),
    PRIMARY KEY (run_id, position));

CREATE TABLE IF NOT EXISTS tandem_reconcile_column (
    run_id BIGINT NOT NULL,
    table_name VARCHAR(255) NOT NULL,
    column_name VARCHAR(255) NOT NULL,
    mismatches BIGINT NOT NULL,
    PRIMARY KEY (run_id, table_name, column_name));

CREATE TABLE IF NOT EXISTS tandem_reconcile_sample (
    run_id BIGINT NOT NULL,
    table_name VARCHAR(255) NOT NULL,
    position INT NOT NULL,
    kind VARCHAR(32) NOT NULL,
    row_key TEXT NOT NULL,
    columns_json TEXT NOT NULL,
    PRIMARY KEY (run_id, table_name, position));

CREATE TABLE IF NOT EXISTS tandem_reconcile_watermark (
    table_name VARCHAR(255) NOT NULL PRIMARY KEY,
    clean_from BIGINT NOT NULL,
    last_full_at BIGINT NOT NULL);
