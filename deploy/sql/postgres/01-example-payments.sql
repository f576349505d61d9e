-- EXAMPLE table for the docker-compose stack, in the secondary (PostgreSQL), matching
-- ../mysql/01-example-payments.sql without the primary-only legacy_flags column. Replace it with
-- your migrated schema. Tandem's fence table (tandem_fence) is created by Tandem on first use.
CREATE TABLE payments (
    id            BIGINT         NOT NULL PRIMARY KEY,
    account_id    BIGINT         NOT NULL,
    amount        NUMERIC(12, 2) NOT NULL,
    currency      CHAR(3)        NOT NULL,
    status        VARCHAR(16)    NOT NULL,
    card_holder   VARCHAR(100)   NULL,
    note          TEXT           NULL,
    version       BIGINT         NOT NULL,
    updated_at    TIMESTAMP(6)   NOT NULL
);

-- Rows 1 and 2 as in the primary; row 3 has not reached the secondary yet, so the first
-- reconcile has one difference to find (MISSING_IN_SECONDARY), repairable through the retry topic.
INSERT INTO payments (id, account_id, amount, currency, status, card_holder, note, version, updated_at) VALUES
    (1, 100, 12.50, 'EUR', 'SETTLED', 'Ana Example', NULL, 1, '2026-01-05 09:00:00.000000'),
    (2, 100, 99.99, 'EUR', 'PENDING', 'Ana Example', 'first order', 2, '2026-01-05 09:10:00.000000');
