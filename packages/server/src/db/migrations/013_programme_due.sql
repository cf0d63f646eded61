-- The next due contact per (resident, programme), kept in the transaction of every programme save,
-- so that a station's or a team's worklist is one indexed range scan. Idempotent.

CREATE TABLE IF NOT EXISTS programme_due (
  resident_id  integer NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
  programme    text NOT NULL,
  item         text NOT NULL,
  item_name_zh text NOT NULL,
  item_name_en text NOT NULL,
  due_date     date NOT NULL,
  owner_unit   text NOT NULL REFERENCES org_units(code),
  synthetic    boolean NOT NULL DEFAULT false,
  computed_on  date NOT NULL,
  PRIMARY KEY (resident_id, programme)
);
COMMENT ON TABLE programme_due IS '专项管理下次应随访/服务日期（每人每项目一条），随每次保存在同一事务内更新，供工作清单按日期排序分页';
CREATE INDEX IF NOT EXISTS programme_due_owner_idx ON programme_due (owner_unit, due_date, resident_id);
CREATE INDEX IF NOT EXISTS programme_due_date_idx ON programme_due (due_date, resident_id);
CREATE INDEX IF NOT EXISTS fd_contracts_team_resident_idx ON fd_contracts (team_id, resident_id) WHERE status <> 'ended';

-- A resident may count twice in one cell (two deliveries reported in one month): the membership
-- row keeps how many times, so the stored state tallies exactly what the rule engine counts.
ALTER TABLE programme_memberships ADD COLUMN IF NOT EXISTS n integer NOT NULL DEFAULT 1;
