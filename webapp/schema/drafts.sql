-- Drafts: a researcher's collection of quotes and paragraphs for a new letter, with citations.
CREATE TABLE IF NOT EXISTS drafts (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS drafts_by_user ON drafts (user_id, updated_at);

-- One cited quote or paragraph. The text and the CSL-JSON item are kept as they were when the
-- item was added (and verified), so an export cites exactly what the researcher saw.
CREATE TABLE IF NOT EXISTS draft_items (
    id            INTEGER PRIMARY KEY,
    draft_id      INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    record_id     TEXT    NOT NULL,
    paragraph     INTEGER NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('quote', 'paragraph')),
    text          TEXT    NOT NULL,
    note          TEXT    NOT NULL DEFAULT '',
    title         TEXT    NOT NULL,
    record_date   TEXT,
    locator_label TEXT    NOT NULL,
    locator       TEXT    NOT NULL,
    csl_json      TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS draft_items_by_draft ON draft_items (draft_id, position);
