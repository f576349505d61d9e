-- A later migration, for the test that an upgrade of Tandem upgrades its tables.
ALTER TABLE `${fence_table}` ADD COLUMN note VARCHAR(40) NULL;
UPDATE `${fence_table}` SET note = 'kept';
