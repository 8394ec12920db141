-- The accounts. Migrations run in order when the server starts (src/db.rs embeds them); a
-- change to the schema is a new file here, never an edit of one that has run.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    -- One account per address, whatever its case.
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    -- Argon2id, in the PHC format ($argon2id$v=19$…): the salt and the parameters included.
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- One pending password reset per address: the SHA-256 of the token the link carries (the
-- token itself is never stored), and when it was made (it expires after an hour).
CREATE TABLE password_reset_tokens (
    email TEXT PRIMARY KEY COLLATE NOCASE,
    token_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
