-- What the report needs to be honest about scope and size: the tables configured when the run
-- started (a run of fewer is partial), the two stores compared (engine, host, database; never a
-- user or password), every difference found counted exactly by kind and column (the re-check looks
-- at no more than max-differences), and the repairs a run planned, as many as it lists.
ALTER TABLE tandem_reconcile_run ADD COLUMN configured_tables TEXT;
ALTER TABLE tandem_reconcile_run ADD COLUMN primary_store VARCHAR(500);
ALTER TABLE tandem_reconcile_run ADD COLUMN secondary_store VARCHAR(500);
ALTER TABLE tandem_reconcile_table ADD COLUMN found_missing BIGINT;
ALTER TABLE tandem_reconcile_table ADD COLUMN found_extra BIGINT;
ALTER TABLE tandem_reconcile_table ADD COLUMN found_mismatched BIGINT;
ALTER TABLE tandem_reconcile_column ADD COLUMN found_mismatches BIGINT;

CREATE TABLE tandem_reconcile_repair (
    run_id BIGINT NOT NULL,
    position INT NOT NULL,
    table_name VARCHAR(255) NOT NULL,
    row_key TEXT NOT NULL,
    action VARCHAR(255) NOT NULL,
    PRIMARY KEY (run_id, position));
