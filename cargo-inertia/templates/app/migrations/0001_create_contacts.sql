-- The contacts. Migrations run in order when the server starts (src/db.rs embeds them); a
-- change to the schema is a new file here, never an edit of one that has run.
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX contacts_name ON contacts (name COLLATE NOCASE);
