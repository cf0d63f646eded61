/**
 * A fresh district for each test: its own codes, two streets, three facilities. Nothing is shared
 * between tests, so no test depends on another's data.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/types';
import { SYSTEM_ACTOR } from '../modules/audit';
import { addOrgUnits } from '../modules/orgunits';

let counter = 0;

export interface DistrictFixture {
  district: string;
  streets: [string, string];
  /** chc: community health centre on street 1; hosp: hospital on street 1; station: on street 2 */
  facilities: { chc: string; hosp: string; station: string };
}

/** Create a district under Shenzhen (440300) with two streets and three facilities. */
export async function createDistrict(db: Kysely<DB>): Promise<DistrictFixture> {
  const n = `${process.pid % 1000}${String(++counter).padStart(3, '0')}${Math.floor(Math.random() * 1000)}`;
  const district = `D${n}`;
  const streets: [string, string] = [`S${n}1`, `S${n}2`];
  const facilities = { chc: `F${n}1`, hosp: `F${n}2`, station: `F${n}3` };
  await addOrgUnits(db, SYSTEM_ACTOR, [
    { code: district, name: `测试区${n}`, level: 'district', parentCode: '440300' },
    { code: streets[0], name: `一街道${n}`, level: 'street', parentCode: district },
    { code: streets[1], name: `二街道${n}`, level: 'street', parentCode: district },
    {
      code: facilities.chc,
      name: `社康中心${n}`,
      level: 'facility',
      parentCode: streets[0],
      facilityType: '社区卫生服务中心',
      ownership: '公立',
    },
    {
      code: facilities.hosp,
      name: `人民医院${n}`,
      level: 'facility',
      parentCode: streets[0],
      facilityType: '综合医院',
      grade: '三级甲等',
      ownership: '公立',
    },
    {
      code: facilities.station,
      name: `社康站${n}`,
      level: 'facility',
      parentCode: streets[1],
      facilityType: '社区卫生服务站',
      ownership: '公立',
    },
  ]);
  return { district, streets, facilities };
}
