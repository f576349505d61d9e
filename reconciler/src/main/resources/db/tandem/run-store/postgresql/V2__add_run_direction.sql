-- Runs state their direction. A store adopted from before the migrations may have the column already.
ALTER TABLE tandem_reconcile_run ADD COLUMN IF NOT EXISTS direction VARCHAR(255);
