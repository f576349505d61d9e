-- The outbox: one row per write not yet known durable on the secondary or the retry topic, in the
-- primary. IF NOT EXISTS adopts a table made before the migrations.
CREATE TABLE IF NOT EXISTS `${outbox_table}` (
    seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    table_name VARCHAR(128) NOT NULL,
    row_key TEXT NOT NULL,
    payload LONGBLOB NOT NULL,
    version_from_seq BOOLEAN NOT NULL,
    created_at DATETIME(6) NOT NULL) ENGINE=InnoDB;
