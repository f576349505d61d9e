-- Which worker finished a chunk and when its last attempt started, so that a distributed run's
-- coordinator can tell each worker's rows and rate apart.
ALTER TABLE ${checkpoint_table} ADD COLUMN worker VARCHAR(200);
ALTER TABLE ${checkpoint_table} ADD COLUMN started_at BIGINT;
