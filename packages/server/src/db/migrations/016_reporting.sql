-- Reporting: a unit's submission of a data set for a period (上报), the fact completeness and
-- timeliness are counted from. Idempotent: every statement can run twice.

CREATE TABLE IF NOT EXISTS report_submissions (
  data_set     text NOT NULL REFERENCES data_sets(code),
  org_unit     text NOT NULL REFERENCES org_units(code),
  period       text NOT NULL,
  submitted_by text NOT NULL,
  submitted_at timestamptz NOT NULL,
  PRIMARY KEY (data_set, org_unit, period)
);
COMMENT ON TABLE report_submissions IS '报表上报：机构 × 报表 × 期间的上报时间，上报率与及时率据此计算';
COMMENT ON COLUMN report_submissions.submitted_at IS '上报时间（按中国日期与截止日比较是否及时）';
CREATE INDEX IF NOT EXISTS report_submissions_period_idx ON report_submissions (data_set, period);
