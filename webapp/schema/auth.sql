-- Accounts, the audit log and failed sign-in attempts (webapp/auth).
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused, so a removed user's session stays dead
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,          -- UTC, ISO 8601
    actor TEXT NOT NULL,       -- user name, or "cli:<os user>", or "anonymous"
    action TEXT NOT NULL,      -- e.g. user.add, record.delete, record.upload
    target TEXT,
    detail TEXT
);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);

CREATE TABLE IF NOT EXISTS login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL COLLATE NOCASE,
    address TEXT NOT NULL,
    at REAL NOT NULL           -- unix time
);
CREATE INDEX IF NOT EXISTS login_failures_name ON login_failures (name, at);
CREATE INDEX IF NOT EXISTS login_failures_address ON login_failures (address, at);

-- Each account's session generation: a signed-in session carries the generation it began under and
-- counts only while it is still the account's. Signing out, a new password and a new role move it on,
-- so every earlier session (and any copy of its cookie) ends at once.
CREATE TABLE IF NOT EXISTS session_generations (
    user_id INTEGER PRIMARY KEY,
    generation INTEGER NOT NULL
);

-- Sign-in attempts whose password is being checked right now (issue 12: counted before the check,
-- so parallel tries cannot overrun login_rate_limit); a row lives for the length of one check.
CREATE TABLE IF NOT EXISTS login_pending (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL COLLATE NOCASE,
    address TEXT NOT NULL,
    at REAL NOT NULL           -- unix time
);
