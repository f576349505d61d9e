-- The lean outbox: a row names the write (table, key as typed JSON in row_key, version) and the relay
-- reads the row again from its table, so new rows carry no payload. Rows written with a payload
-- (before V2) keep it and are relayed from it.
ALTER TABLE `${outbox_table}` MODIFY payload LONGBLOB NULL, ADD COLUMN row_version BIGINT NOT NULL DEFAULT 0;
