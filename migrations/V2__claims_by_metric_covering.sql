-- claimledger schema, version 2. Landed migrations are never edited: add V3__... instead.
--
-- `show ID` checks the claim's whole metric tree (thousands of claims on a large ledger). Read
-- through the old index on (metric) alone, each of them cost a lookup of its table row, rows
-- scattered over the whole file; this index holds every column the checks read, in metric
-- order, so a metric tree is one contiguous range of the index and no table row is touched.
-- It still serves `list --metric` as the old one did (metric is its first column). The quote
-- and the note are left out: the checks need them for one claim only.
DROP INDEX claims_by_metric;
CREATE INDEX claims_by_metric ON claims (
    metric, source, kind, place, period, base, "of", attributed_to, printed,
    lower, upper, lower_open, upper_open, id
);

-- The facts the checks read of each source cited in that tree, likewise without the source's
-- row (which holds its text).
CREATE INDEX sources_facts ON sources (id, publisher, published, text_sha256);

-- For the rest of a claim's neighbourhood: the claims credited to its org within the tree,
-- and the metrics whose shares take a metric of the tree as their whole (index-only). Partial:
-- only the rows that have the column (shares, credited claims), which every query through
-- them asks for (`= x` and `IN (...)` imply NOT NULL), and a smaller sort on `import`.
CREATE INDEX claims_by_org ON claims (attributed_to, metric) WHERE attributed_to IS NOT NULL;
DROP INDEX claims_by_of;
CREATE INDEX claims_by_of ON claims ("of", metric) WHERE "of" IS NOT NULL;
