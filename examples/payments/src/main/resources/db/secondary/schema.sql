-- The same table in the secondary (PostgreSQL), created by the migration before dual writes start.
-- Ids come from the primary, so no sequence. Tandem adds its own tandem_fence table on first use.
CREATE TABLE IF NOT EXISTS payments (
    id         BIGINT        NOT NULL PRIMARY KEY,
    merchant   VARCHAR(64)   NOT NULL,
    amount     NUMERIC(12,2) NOT NULL,
    currency   CHAR(3)       NOT NULL,
    status     VARCHAR(16)   NOT NULL,
    created_at TIMESTAMP(6)  NOT NULL,
    updated_at TIMESTAMP(6)  NOT NULL,
    version    BIGINT        NOT NULL
);
