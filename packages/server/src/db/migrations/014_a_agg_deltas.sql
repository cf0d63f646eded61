-- Roll-ups by deltas (issue 14). Each aggregate row keeps its two parts apart — the unit's own
-- reported values (own_*) and the sum of its children's values (child_*) — so a save adds its
-- change to the few rows above it under row locks instead of recomputing the slice under a table
-- lock. value/n/own/synthetic_n stay the effective figures (own part when there is one, else the
-- children's). Facility-level units (rank 5) keep no row: their values are read from
-- data_values, so an import does not copy every value into agg_values. A row whose n is 0 counts
-- as absent (a cell emptied under a concurrent save keeps its row). Idempotent: the rebuild runs
-- only while the old layout (no own_n column) is in place.

DO $$
BEGIN
  -- The old layout has no own_n column; only then are the columns added and the table rebuilt.
  IF EXISTS (SELECT 1 FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = 'agg_values' AND column_name = 'own_n') THEN
    RETURN;
  END IF;
  ALTER TABLE agg_values ADD COLUMN own_value double precision NOT NULL DEFAULT 0;
  ALTER TABLE agg_values ADD COLUMN own_n integer NOT NULL DEFAULT 0;
  ALTER TABLE agg_values ADD COLUMN own_syn integer NOT NULL DEFAULT 0;
  ALTER TABLE agg_values ADD COLUMN child_value double precision NOT NULL DEFAULT 0;
  ALTER TABLE agg_values ADD COLUMN child_n integer NOT NULL DEFAULT 0;
  ALTER TABLE agg_values ADD COLUMN child_syn integer NOT NULL DEFAULT 0;
  DELETE FROM agg_values;
  -- Own values of units above facility level.
  INSERT INTO agg_values (element, org_unit, period, period_start, value, n, own, synthetic_n,
    own_value, own_n, own_syn)
  SELECT v.element, v.org_unit, v.period, min(v.period_start), sum(v.value), count(*)::int, true,
    (count(*) FILTER (WHERE v.synthetic))::int, sum(v.value), count(*)::int,
    (count(*) FILTER (WHERE v.synthetic))::int
  FROM data_values v JOIN org_units u ON u.code = v.org_unit AND coalesce(u.level_rank, 5) < 5
  GROUP BY v.element, v.org_unit, v.period;
  -- Facilities' values into their parents.
  INSERT INTO agg_values AS a (element, org_unit, period, period_start, value, n, own, synthetic_n,
    child_value, child_n, child_syn)
  SELECT v.element, p.parent_code, v.period, min(v.period_start), sum(v.value), count(*)::int, false,
    (count(*) FILTER (WHERE v.synthetic))::int, sum(v.value), count(*)::int,
    (count(*) FILTER (WHERE v.synthetic))::int
  FROM data_values v
  JOIN org_units u ON u.code = v.org_unit AND coalesce(u.level_rank, 5) = 5
  JOIN data_elements de ON de.code = v.element AND de.aggregation_type <> 'NONE'
  JOIN org_unit_parents p ON p.code = v.org_unit
    AND p.valid_from <= v.period_start AND (p.valid_to IS NULL OR p.valid_to > v.period_start)
  GROUP BY v.element, p.parent_code, v.period
  ON CONFLICT (element, org_unit, period) DO UPDATE SET
    child_value = a.child_value + excluded.child_value, child_n = a.child_n + excluded.child_n,
    child_syn = a.child_syn + excluded.child_syn,
    value = CASE WHEN a.own_n > 0 THEN a.own_value ELSE a.child_value + excluded.child_value END,
    n = CASE WHEN a.own_n > 0 THEN a.own_n ELSE a.child_n + excluded.child_n END,
    synthetic_n = CASE WHEN a.own_n > 0 THEN a.own_syn ELSE a.child_syn + excluded.child_syn END;
  -- Then level by level upwards: streets, districts, cities, provinces.
  FOR r IN REVERSE 4..1 LOOP
    INSERT INTO agg_values AS a (element, org_unit, period, period_start, value, n, own, synthetic_n,
      child_value, child_n, child_syn)
    SELECT c.element, p.parent_code, c.period, c.period_start, sum(c.value), sum(c.n)::int, false,
      sum(c.synthetic_n)::int, sum(c.value), sum(c.n)::int, sum(c.synthetic_n)::int
    FROM agg_values c
    JOIN org_units u ON u.code = c.org_unit AND u.level_rank = r
    JOIN data_elements de ON de.code = c.element AND de.aggregation_type <> 'NONE'
    JOIN org_unit_parents p ON p.code = c.org_unit
      AND p.valid_from <= c.period_start AND (p.valid_to IS NULL OR p.valid_to > c.period_start)
    WHERE c.n > 0
    GROUP BY c.element, p.parent_code, c.period, c.period_start
    ON CONFLICT (element, org_unit, period) DO UPDATE SET
      child_value = a.child_value + excluded.child_value, child_n = a.child_n + excluded.child_n,
      child_syn = a.child_syn + excluded.child_syn,
      value = CASE WHEN a.own_n > 0 THEN a.own_value ELSE a.child_value + excluded.child_value END,
      n = CASE WHEN a.own_n > 0 THEN a.own_n ELSE a.child_n + excluded.child_n END,
      synthetic_n = CASE WHEN a.own_n > 0 THEN a.own_syn ELSE a.child_syn + excluded.child_syn END;
  END LOOP;
END
$$;
COMMENT ON COLUMN agg_values.own_value IS '本单位直报值之和';
COMMENT ON COLUMN agg_values.child_value IS '下级（按当期隶属关系）汇总值之和';
