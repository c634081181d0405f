-- Waivers get a hash chain of their own (DESIGN "waivers.csv": finding,reason,reviewer,at,hash),
-- kept in the order they were recorded, so that a waiver written into a file by hand or edited
-- does not verify (L013) and cannot silence the gate.
--
-- The table is rebuilt with `seq` (the order recorded; a rowid alone may be renumbered by
-- VACUUM) and `hash`. Waivers recorded before this version get their hashes from `init`,
-- which runs this migration and then chains them in the order they were recorded: SQL cannot
-- compute a SHA-256. `hash` is NULL only until then.
CREATE TABLE waivers_chained (
    seq      INTEGER PRIMARY KEY,
    finding  TEXT NOT NULL UNIQUE CHECK (finding GLOB '[a-z0-9]*' AND finding NOT GLOB '*[^a-z0-9-]*'),
    reason   TEXT NOT NULL CHECK (reason <> ''),
    reviewer TEXT NOT NULL CHECK (reviewer <> ''),
    at       TEXT NOT NULL,
    hash     TEXT CHECK (hash IS NULL OR (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'))
) STRICT;

INSERT INTO waivers_chained (finding, reason, reviewer, at)
    SELECT finding, reason, reviewer, at FROM waivers ORDER BY rowid;

DROP TABLE waivers;

ALTER TABLE waivers_chained RENAME TO waivers;

-- Waivers are appended, never changed, like reviews; the one update allowed fills in the
-- hash of a waiver recorded before the chain existed.
CREATE TRIGGER waivers_are_append_only_update BEFORE UPDATE ON waivers
WHEN OLD.hash IS NOT NULL
    OR NEW.finding IS NOT OLD.finding OR NEW.reason IS NOT OLD.reason
    OR NEW.reviewer IS NOT OLD.reviewer OR NEW.at IS NOT OLD.at OR NEW.seq IS NOT OLD.seq
BEGIN
    SELECT RAISE(ABORT, 'waivers are append-only: a waiver is recorded once');
END;

CREATE TRIGGER waivers_are_append_only_delete BEFORE DELETE ON waivers
BEGIN
    SELECT RAISE(ABORT, 'waivers are append-only: a waiver is recorded once');
END;
