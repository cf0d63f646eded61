-- Roll-ups recompute one (element, period) slice at a time; these indexes find a slice without
-- walking every period of the element. Idempotent.
CREATE INDEX IF NOT EXISTS data_values_element_period_idx ON data_values (element, period);
CREATE INDEX IF NOT EXISTS agg_values_element_period_idx ON agg_values (element, period);
