-- Data backfill (kept apart from the schema change): level ranks and the effective-dated parent
-- links of the org units that existed before 002. Idempotent.
UPDATE org_units SET level_rank = CASE level
  WHEN 'country' THEN 0 WHEN 'province' THEN 1 WHEN 'city' THEN 2
  WHEN 'district' THEN 3 WHEN 'county' THEN 3 WHEN 'county-level city' THEN 3
  WHEN 'street' THEN 4 WHEN 'township' THEN 4 ELSE 5 END
WHERE level_rank IS NULL;

INSERT INTO org_unit_parents (code, parent_code, valid_from)
SELECT code, parent_code, DATE '1900-01-01' FROM org_units
WHERE parent_code IS NOT NULL
ON CONFLICT DO NOTHING;
