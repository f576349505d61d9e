-- The fence: per (table, row key hash) the last applied version, whether it was a delete (the
-- tombstone), the write id and when it was applied. IF NOT EXISTS adopts a table made before the
-- migrations; binary collations make the key exact.
CREATE TABLE IF NOT EXISTS `${fence_table}` (
    table_name VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    key_hash BINARY(32) NOT NULL,
    row_key TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    version BIGINT NOT NULL,
    deleted BOOLEAN NOT NULL,
    write_id CHAR(36) CHARACTER SET ascii NULL,
    applied_at DATETIME(6) NULL,
    PRIMARY KEY (table_name, key_hash)) ENGINE=InnoDB;
