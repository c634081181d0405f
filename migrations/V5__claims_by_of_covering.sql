-- claimledger schema, version 5. Landed migrations are never edited: add V6__... instead.
--
-- `show ID` on a claim of a metric that other claims take as their whole (a share of
-- "suicide-attacks" among "terrorist-attacks") reads those shares on the claim's places: the
-- arm `"of" = metric AND place ...` of its neighbourhood. Through (of, metric) alone each of
-- them cost a lookup of its table row, rows scattered over the whole file: on the benchmark's
-- ledger of a million claims, about two thousand rows for a claim on a national figure, a
-- third of that `show`'s time. The index now holds every column the scoped checks read (as
-- `claims_by_metric` does), so the arm is index-only. Still partial: only shares have "of",
-- an eighth of the claims, so `import` sorts an eighth of the keys it sorts for
-- `claims_by_metric`.
--
-- The index is rebuilt here once, when `init` brings a ledger up to this version.
DROP INDEX claims_by_of;
CREATE INDEX claims_by_of ON claims (
    "of", metric, place, attributed_to, source, kind, period, base, printed, id
) WHERE "of" IS NOT NULL;
