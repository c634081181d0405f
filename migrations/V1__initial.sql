-- claimledger schema, version 1. Landed migrations are never edited: add V2__... instead.
-- Tables and columns are named as the canonical text form's files and columns, so that
-- `sqlite3 ledger.db` or Datasette reads like the ledger directory. Absent values are NULL
-- (the text form writes them as empty cells). Ids are lower-case slugs.

CREATE TABLE orgs (
    id      TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
    name    TEXT NOT NULL CHECK (name <> ''),
    aliases TEXT NOT NULL DEFAULT ''          -- '|'-joined, as in orgs.csv
) STRICT;

CREATE TABLE places (
    id      TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
    name    TEXT NOT NULL CHECK (name <> ''),
    parent  TEXT REFERENCES places (id) CHECK (parent <> id),
    aliases TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE metrics (
    id         TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
    name       TEXT NOT NULL CHECK (name <> ''),
    parent     TEXT REFERENCES metrics (id) CHECK (parent <> id),
    definition TEXT,
    aliases    TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE sources (
    id          TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
    url         TEXT,
    title       TEXT NOT NULL CHECK (title <> ''),
    publisher   TEXT REFERENCES orgs (id),
    author      TEXT,
    -- YYYY-MM-DD, or the partial date that is known (YYYY-MM, YYYY)
    published   TEXT CHECK (published GLOB '[0-9][0-9][0-9][0-9]'
                         OR published GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                         OR published GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    text        TEXT,                          -- the stored snapshot, byte for byte
    text_sha256 TEXT CHECK (length(text_sha256) = 64 AND text_sha256 NOT GLOB '*[^0-9a-f]*'),
    CHECK ((text IS NULL) = (text_sha256 IS NULL))
) STRICT;

CREATE TABLE claims (
    id            TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
    source        TEXT NOT NULL REFERENCES sources (id),
    quote         TEXT NOT NULL CHECK (quote <> ''),
    printed       TEXT NOT NULL CHECK (printed <> ''),
    kind          TEXT NOT NULL CHECK (kind IN ('count', 'change', 'share')),
    metric        TEXT NOT NULL REFERENCES metrics (id),
    place         TEXT NOT NULL CHECK (place <> ''),  -- a place id, or ids joined by '+'
    period        TEXT NOT NULL CHECK (period <> ''),
    base          TEXT,
    "of"          TEXT,
    attributed_to TEXT REFERENCES orgs (id),
    note          TEXT,
    -- The reading, derived from printed, kind and the tolerance; kept for querying.
    -- NULL bound = unbounded on that side.
    lower         REAL,
    upper         REAL,
    lower_open    INTEGER NOT NULL CHECK (lower_open IN (0, 1)),
    upper_open    INTEGER NOT NULL CHECK (upper_open IN (0, 1)),
    CHECK ((kind = 'change') = (base IS NOT NULL)),
    CHECK ((kind = 'share') = ("of" IS NOT NULL)),
    CHECK (lower IS NULL OR upper IS NULL OR lower <= upper)
) STRICT;

CREATE INDEX claims_by_metric ON claims (metric);
CREATE INDEX claims_by_place ON claims (place);
CREATE INDEX claims_by_source ON claims (source);
-- Shares by their whole: `show` finds the claims of a metric tree through metric or "of".
CREATE INDEX claims_by_of ON claims ("of");

CREATE TABLE reviews (
    seq      INTEGER PRIMARY KEY,              -- the order they were recorded
    claim    TEXT NOT NULL REFERENCES claims (id),
    verdict  TEXT NOT NULL CHECK (verdict IN ('supported', 'disputed', 'refuted', 'unverifiable')),
    reviewer TEXT NOT NULL CHECK (reviewer <> ''),
    at       TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'),
    evidence TEXT,
    note     TEXT,
    -- hex SHA-256 of the previous row's hash and this row's other fields
    hash     TEXT NOT NULL CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*')
) STRICT;

CREATE INDEX reviews_by_claim ON reviews (claim, seq);

-- Reviews are appended, never changed: the history is the record.
CREATE TRIGGER reviews_are_append_only_update BEFORE UPDATE ON reviews
BEGIN
    SELECT RAISE(ABORT, 'reviews are append-only: record a new review with claimledger verify');
END;

CREATE TRIGGER reviews_are_append_only_delete BEFORE DELETE ON reviews
BEGIN
    SELECT RAISE(ABORT, 'reviews are append-only: record a new review with claimledger verify');
END;

CREATE TABLE waivers (
    finding  TEXT PRIMARY KEY CHECK (finding GLOB '[a-z0-9]*' AND finding NOT GLOB '*[^a-z0-9-]*'),
    reason   TEXT NOT NULL CHECK (reason <> ''),
    reviewer TEXT NOT NULL CHECK (reviewer <> ''),
    at       TEXT NOT NULL
) STRICT;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY CHECK (key <> ''),
    value TEXT NOT NULL
) STRICT;

INSERT INTO settings (key, value) VALUES ('tolerance', '0.10');
