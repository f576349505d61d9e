-- Runs state their direction. A store adopted from before the migrations may have the column
-- already, and MySQL (unlike MariaDB) has no ADD COLUMN IF NOT EXISTS: add it only where missing,
-- looking in this database only.
SET @add_direction = (
    SELECT IF(COUNT(*) = 0, 'ALTER TABLE tandem_reconcile_run ADD COLUMN direction VARCHAR(255)', 'DO 0')
    FROM information_schema.columns
    WHERE table_schema = DATABASE() AND table_name = 'tandem_reconcile_run' AND column_name = 'direction');
PREPARE add_direction FROM @add_direction;
EXECUTE add_direction;
DEALLOCATE PREPARE add_direction;
