-- The payments table in the primary (MySQL 8 / MariaDB), as the service had it before the migration.
CREATE TABLE IF NOT EXISTS payments (
    id         BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant   VARCHAR(64)   NOT NULL,
    amount     DECIMAL(12,2) NOT NULL,
    currency   CHAR(3)       NOT NULL,
    status     VARCHAR(16)   NOT NULL,
    created_at DATETIME(6)   NOT NULL,
    updated_at DATETIME(6)   NOT NULL,
    version    BIGINT        NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
