-- EXAMPLE table for the docker-compose stack, in the primary (MySQL 8). It only gives the
-- reconciler's example configuration (tandem.reconciler.tables[0] = payments) something to compare;
-- replace it with your own schema. The same table in the secondary: ../postgres/01-example-payments.sql.
CREATE TABLE payments (
    id            BIGINT         NOT NULL PRIMARY KEY,
    account_id    BIGINT         NOT NULL,
    amount        DECIMAL(12, 2) NOT NULL,
    currency      CHAR(3)        NOT NULL,
    status        VARCHAR(16)    NOT NULL,
    card_holder   VARCHAR(100)   NULL,      -- masked in the report's samples
    note          TEXT           NULL,
    legacy_flags  INT            NULL,      -- only in the primary, not migrated: ignored by the reconciler
    version       BIGINT         NOT NULL,  -- the row version the fence orders writes by (JPA @Version)
    updated_at    DATETIME(6)    NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO payments (id, account_id, amount, currency, status, card_holder, note, legacy_flags, version, updated_at) VALUES
    (1, 100, 12.50, 'EUR', 'SETTLED', 'Ana Example', NULL, 0, 1, '2026-01-05 09:00:00.000000'),
    (2, 100, 99.99, 'EUR', 'PENDING', 'Ana Example', 'first order', 0, 2, '2026-01-05 09:10:00.000000'),
    (3, 200, 7.00, 'USD', 'SETTLED', 'Bo Example', NULL, 1, 1, '2026-01-05 09:20:00.000000');
