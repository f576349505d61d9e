-- EXAMPLE table for the docker-compose stack, in the secondary (PostgreSQL), matching
-- ../mysql/01-example-payments.sql without the primary-only legacy_flags column. Ids come from the
-- primary, so no sequence. Replace it with your migrated schema. Tandem's fence table (tandem_fence)
-- is created by Tandem on first use.
CREATE TABLE payments (
    id            BIGINT         NOT NULL PRIMARY KEY,
    merchant      VARCHAR(64)    NOT NULL,
    amount        NUMERIC(12, 2) NOT NULL,
    currency      CHAR(3)        NOT NULL,
    status        VARCHAR(16)    NOT NULL,
    card_holder   VARCHAR(100)   NULL,
    note          TEXT           NULL,
    created_at    TIMESTAMP(6)   NOT NULL,
    updated_at    TIMESTAMP(6)   NOT NULL,
    version       BIGINT         NOT NULL
);

-- Rows 1 and 2 as in the primary; row 3 has not reached the secondary yet, so the first
-- reconcile has one difference to find (MISSING_IN_SECONDARY), repairable through the retry topic.
INSERT INTO payments (id, merchant, amount, currency, status, card_holder, note, created_at, updated_at, version) VALUES
    (1, 'book-shop', 12.50, 'EUR', 'CAPTURED', 'Ana Example', NULL, '2026-01-05 09:00:00.000000', '2026-01-05 09:00:00.000000', 1),
    (2, 'book-shop', 99.99, 'EUR', 'AUTHORIZED', 'Ana Example', 'first order', '2026-01-05 09:10:00.000000', '2026-01-05 09:10:00.000000', 2);
