-- claimledger schema, version 4. Landed migrations are never edited: add V5__... instead.
--
-- `claims_by_org` (V2) served one arm of `show`'s neighbourhood: the claims credited to the
-- claim's org within its metric tree. The covering `claims_by_metric` now takes the org as
-- its second column, so that arm is a seek on (metric, attributed_to) in it, index-only, and
-- the org index goes: it cost every claim written a second entry, and `import` a sort of a
-- million keys (a fifth of its index rebuild). The arm that took the second column before,
-- the claims of the claim's source within the tree, reads `claims_by_source` instead: a
-- source cites a handful of claims, whose rows are read one by one.
--
-- The stored bounds (lower, upper, lower_open, upper_open) leave the index: no query of
-- claimledger reads them (the checks read printed and kind and derive the reading again),
-- and they were a fifth of each entry.
--
-- The index is rebuilt here once, when `init` brings a ledger up to this version.
DROP INDEX claims_by_org;
DROP INDEX claims_by_metric;
CREATE INDEX claims_by_metric ON claims (
    metric, attributed_to, source, kind, place, period, base, "of", printed, id
);
