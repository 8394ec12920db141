-- The theme each user chose in Settings → Appearance: 'light', 'dark', or 'system' (whatever
-- the browser prefers). A guest's choice lives in the `appearance` cookie instead.
ALTER TABLE users ADD COLUMN appearance TEXT NOT NULL DEFAULT 'system'
    CHECK (appearance IN ('light', 'dark', 'system'));
