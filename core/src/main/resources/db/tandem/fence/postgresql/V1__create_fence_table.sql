-- The fence: per (table, row key hash) the last applied version, whether it was a delete (the
-- tombstone), the write id and when it was applied. IF NOT EXISTS adopts a table made before the
-- migrations.
CREATE TABLE IF NOT EXISTS "${fence_table}" (
    table_name VARCHAR(128) NOT NULL,
    key_hash BYTEA NOT NULL,
    row_key TEXT NOT NULL,
    version BIGINT NOT NULL,
    deleted BOOLEAN NOT NULL,
    write_id VARCHAR(36) NULL,
    applied_at TIMESTAMPTZ NULL,
    PRIMARY KEY (table_name, key_hash));
