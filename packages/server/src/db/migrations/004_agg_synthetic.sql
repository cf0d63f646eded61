-- How many synthetic (demo) values went into each rolled-up value, so every figure built from
-- generated data says so on screen. Idempotent.
ALTER TABLE agg_values ADD COLUMN IF NOT EXISTS synthetic_n integer NOT NULL DEFAULT 0;
COMMENT ON COLUMN agg_values.synthetic_n IS '其中合成（演示）数据值的个数';
CREATE INDEX IF NOT EXISTS org_units_synthetic_idx ON org_units (synthetic) WHERE synthetic;
