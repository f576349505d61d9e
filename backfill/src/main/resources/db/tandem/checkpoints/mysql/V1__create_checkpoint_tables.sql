-- The backfill's checkpoints, one row per chunk, and the indexes it dropped for the copy and has not
-- recreated yet. IF NOT EXISTS adopts tables made before the migrations.
CREATE TABLE IF NOT EXISTS ${checkpoint_table} (
    table_name VARCHAR(200) NOT NULL,
    chunk_no INT NOT NULL,
    after_key TEXT,
    up_to_key TEXT,
    planned_rows BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL,
    rows_copied BIGINT NOT NULL,
    attempts INT NOT NULL,
    verification VARCHAR(16),
    differences BIGINT NOT NULL,
    run_id VARCHAR(64),
    finished_at BIGINT,
    PRIMARY KEY (table_name, chunk_no));

CREATE TABLE IF NOT EXISTS ${checkpoint_table}_deferred (
    table_name VARCHAR(200) NOT NULL,
    index_name VARCHAR(200) NOT NULL,
    ddl TEXT NOT NULL,
    PRIMARY KEY (table_name, index_name));
