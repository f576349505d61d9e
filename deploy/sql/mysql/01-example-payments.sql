-- EXAMPLE table for the docker-compose stack, in the primary (MySQL 8): the table the example
-- payments service (examples/payments, service `payments`) writes through dual-write-lib, and the
-- reconciler's example configuration (tandem.reconciler.tables[0] = payments) compares and backfill
-- copies (versioned by `version`). Replace it with your own schema. The same table in the secondary:
-- ../postgres/01-example-payments.sql.
CREATE TABLE payments (
    id            BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant      VARCHAR(64)    NOT NULL,
    amount        DECIMAL(12, 2) NOT NULL,
    currency      CHAR(3)        NOT NULL,
    status        VARCHAR(16)    NOT NULL,
    card_holder   VARCHAR(100)   NULL,      -- masked in the report's samples
    note          TEXT           NULL,
    legacy_flags  INT            NULL,      -- only in the primary, not migrated: ignored by the reconciler
    created_at    DATETIME(6)    NOT NULL,
    updated_at    DATETIME(6)    NOT NULL,
    version       BIGINT         NOT NULL   -- the row version the fence orders writes by (JPA @Version)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO payments (id, merchant, amount, currency, status, card_holder, note, legacy_flags, created_at, updated_at, version) VALUES
    (1, 'book-shop', 12.50, 'EUR', 'CAPTURED', 'Ana Example', NULL, 0, '2026-01-05 09:00:00.000000', '2026-01-05 09:00:00.000000', 1),
    (2, 'book-shop', 99.99, 'EUR', 'AUTHORIZED', 'Ana Example', 'first order', 0, '2026-01-05 09:10:00.000000', '2026-01-05 09:10:00.000000', 2),
    (3, 'coffee-corner', 7.00, 'USD', 'CAPTURED', 'Bo Example', NULL, 1, '2026-01-05 09:20:00.000000', '2026-01-05 09:20:00.000000', 1);
