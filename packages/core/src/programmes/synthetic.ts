/**
 * A seeded generator of a SYNTHETIC district population for the resident platform: people with
 * an age structure, hypertension and type-2 diabetes patients shaped by age-specific prevalence,
 * family-doctor teams and contracts, and several years of follow-up visits and health checks.
 * Stations differ in how well they follow their patients, so a district's rates spread around the
 * plans' targets (some units above 65 %, some below). Pure: the day the data describes (`asOf`) is
 * a parameter; the same seed gives the same population. Everything it yields is synthetic.
 *
 * The shapes are approximations, stated here so no figure built on them is mistaken for a fact:
 * - age: the 2020 census's broad shares (0–14 ≈ 18 %, 60+ ≈ 19 %, 65+ ≈ 13.5 %) split into bands;
 *   a region can pass its own share of 65+ (Shenzhen's districts are far younger);
 * - hypertension among adults ≈ 27.5 % and diabetes ≈ 11.9 % (中国居民营养与慢性病状况报告（2020年）),
 *   rising with age; only part of the patients are known to primary care and enrolled.
 */
import { mulberry32, normal } from '../random';
import { residentIdCheckChar } from '../identity/resident-id';
import { GIVEN_FEMALE, GIVEN_MALE, SURNAMES } from '../identity/synthetic-data';

/** Where people live and which station serves them. */
export interface SyntheticPlace {
  /** The community (or street) org unit people live in. */
  homeUnit: string;
  /** The community health station that owns their records and programmes there. */
  facility: string;
}

export interface SyntheticPopulationOptions {
  seed: number;
  residents: number;
  places: readonly SyntheticPlace[];
  /** The day the data describes (YYYY-MM-DD); ages, visits and contracts end there. */
  asOf: string;
  /** Years of service history before `asOf`'s year, counting it (3 = two full years and this one). */
  years?: number;
  /** Share of people aged 65 or more (default 0.135, the 2020 census). */
  share65?: number;
  /** The six-digit region code the ID numbers are issued in (default 440300). */
  idRegion?: string;
}

export interface SyntheticTeam {
  code: string;
  name: string;
  facility: string;
  members: { name: string; role: 'gp' | 'nurse' | 'public_health' | 'specialist'; isLead: boolean }[];
}

export interface SyntheticPerson {
  /** 1-based position in the population; enrolments, events and contracts refer to it. */
  key: number;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  idNumber: string;
  phone: string;
  homeUnit: string;
  facility: string;
  synthetic: true;
}

export interface SyntheticEnrolment {
  programme: 'HTN' | 'DM';
  start: string;
  facility: string;
}

export interface SyntheticEvent {
  programme: 'HTN' | 'DM';
  type: 'follow-up' | 'health-check';
  date: string;
  facility: string;
  fields: Record<string, number | string | boolean | string[] | null>;
}

export interface SyntheticContract {
  teamCode: string;
  facility: string;
  package: 'basic' | 'chronic' | 'elderly' | 'maternal-child';
  start: string;
  end: string;
}

/** One person with everything recorded about them. */
export interface SyntheticHousehold {
  person: SyntheticPerson;
  enrolments: SyntheticEnrolment[];
  events: SyntheticEvent[];
  contracts: SyntheticContract[];
}

/** Age bands with their share of the population (before the 65+ share is applied). */
const AGE_BANDS: readonly { from: number; to: number; share: number }[] = [
  { from: 0, to: 6, share: 0.08 },
  { from: 7, to: 14, share: 0.1 },
  { from: 15, to: 34, share: 0.26 },
  { from: 35, to: 59, share: 0.375 },
  { from: 60, to: 64, share: 0.05 },
];

/** Age-specific prevalence (hypertension, diabetes) and the share of patients enrolled. */
const PREVALENCE: readonly { from: number; htn: number; dm: number }[] = [
  { from: 35, htn: 0.15, dm: 0.06 },
  { from: 45, htn: 0.3, dm: 0.11 },
  { from: 55, htn: 0.45, dm: 0.17 },
  { from: 65, htn: 0.55, dm: 0.22 },
];
const ENROLLED_SHARE = { htn: 0.5, dm: 0.45 };

/** Teams per station and the share of residents with a contract (higher for key groups). */
const TEAMS_PER_STATION = 3;
const CONTRACT_SHARE = { general: 0.3, key: 0.75 };

function iso(day: number): string {
  return new Date(day * 864e5).toISOString().slice(0, 10);
}
function dayOf(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / 864e5);
}

/** The teams of every station in `places` (three per station, "1+N": a GP lead, a nurse, public health). */
export function syntheticTeams(places: readonly SyntheticPlace[], seed: number): SyntheticTeam[] {
  const rand = mulberry32(seed ^ 0x7eab);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const facilities = [...new Set(places.map((p) => p.facility))].sort();
  return facilities.flatMap((facility) =>
    Array.from({ length: TEAMS_PER_STATION }, (_, i) => {
      const lead = pick(SURNAMES) + pick(rand() < 0.5 ? GIVEN_MALE : GIVEN_FEMALE);
      return {
        code: `${facility}-T${String(i + 1)}`,
        name: `${lead}家庭医生团队`,
        facility,
        members: [
          { name: lead, role: 'gp' as const, isLead: true },
          { name: pick(SURNAMES) + pick(GIVEN_FEMALE), role: 'nurse' as const, isLead: false },
          { name: pick(SURNAMES) + pick(GIVEN_MALE), role: 'public_health' as const, isLead: false },
        ],
      };
    })
  );
}

/**
 * The population, one person at a time (a district of 1,500,000 does not fit in memory as
 * objects). Yields in key order; `syntheticTeams(places, seed)` gives the teams contracts name.
 */
export function* syntheticPopulation(options: SyntheticPopulationOptions): Generator<SyntheticHousehold> {
  if (options.places.length === 0) throw new Error('syntheticPopulation: no places');
  const rand = mulberry32(options.seed);
  const chance = (p: number) => rand() < p;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const asOfDay = dayOf(options.asOf);
  const years = options.years ?? 3;
  const firstYear = Number(options.asOf.slice(0, 4)) - years + 1;
  const historyStart = dayOf(`${String(firstYear)}-01-01`);
  const share65 = options.share65 ?? 0.135;
  const region = options.idRegion ?? '440300';
  const bandScale = (1 - share65) / AGE_BANDS.reduce((s, b) => s + b.share, 0);
  const bands = [
    ...AGE_BANDS.map((b) => ({ ...b, share: b.share * bandScale })),
    { from: 65, to: 95, share: share65 },
  ];
  // How well each station follows its patients: 0.55–0.97 of the visits due are made.
  const quality = new Map<string, number>();
  for (const f of [...new Set(options.places.map((p) => p.facility))].sort()) {
    quality.set(f, 0.55 + rand() * 0.42);
  }
  const issued = new Set<string>();

  const ageOf = (): number => {
    let x = rand();
    for (const b of bands) {
      if (x < b.share) {
        return b.from === 65 ? 65 + Math.min(30, Math.floor(-Math.log(1 - rand()) * 9)) : int(b.from, b.to);
      }
      x -= b.share;
    }
    return int(15, 34);
  };
  const idFor = (birth: string, sex: 'M' | 'F'): string => {
    for (;;) {
      const seq = int(0, 99) * 10 + int(0, 4) * 2 + (sex === 'M' ? 1 : 0);
      const body = `${region}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
      if (issued.has(body)) continue;
      issued.add(body);
      return body + residentIdCheckChar(body);
    }
  };

  for (let key = 1; key <= options.residents; key++) {
    const place = pick(options.places);
    const sex: 'M' | 'F' = chance(0.51) ? 'M' : 'F';
    const age = ageOf();
    const birthDay = asOfDay - Math.floor(age * 365.25) - int(0, 364);
    const birthDate = iso(birthDay);
    const person: SyntheticPerson = {
      key,
      name:
        pick(SURNAMES) +
        (chance(0.22) ? '' : pick(sex === 'M' ? GIVEN_MALE : GIVEN_FEMALE)) +
        pick(sex === 'M' ? GIVEN_MALE : GIVEN_FEMALE),
      sex,
      birthDate,
      idNumber: idFor(birthDate, sex),
      phone: `1${String(pick([3, 5, 7, 8, 9]))}${String(int(0, 999999999)).padStart(9, '0')}`,
      homeUnit: place.homeUnit,
      facility: place.facility,
      synthetic: true,
    };
    const enrolments: SyntheticEnrolment[] = [];
    const events: SyntheticEvent[] = [];
    const q = quality.get(place.facility) ?? 0.8;
    const band = [...PREVALENCE].reverse().find((b) => age >= b.from);
    const programmes: ('HTN' | 'DM')[] = [];
    if (band && chance(band.htn * ENROLLED_SHARE.htn)) programmes.push('HTN');
    if (band && chance(band.dm * ENROLLED_SHARE.dm)) programmes.push('DM');
    for (const programme of programmes) {
      // Enrolled at 35 or later: some long before the history starts, some during it.
      const earliest = Math.max(birthDay + Math.ceil(35 * 365.25) + 1, historyStart - 6 * 365);
      const start = chance(0.7)
        ? Math.min(earliest + int(0, 3650), historyStart - 1)
        : historyStart + int(0, asOfDay - historyStart);
      const startDay = Math.max(start, earliest);
      if (startDay > asOfDay) continue;
      enrolments.push({ programme, start: iso(startDay), facility: place.facility });
      events.push(...visits(programme, Math.max(startDay, historyStart), asOfDay, age, q, place.facility));
    }
    const key65 = age >= 65;
    const keyGroup = key65 || age <= 6 || programmes.length > 0;
    const contracts: SyntheticContract[] = [];
    if (chance(keyGroup ? CONTRACT_SHARE.key * (0.7 + q * 0.3) : CONTRACT_SHARE.general)) {
      // Yearly contracts, renewed most years, from a year inside the history.
      let y = firstYear + (chance(0.6) ? 0 : int(0, years - 1));
      const team = `${place.facility}-T${String(int(1, TEAMS_PER_STATION))}`;
      const pkg =
        programmes.length > 0 ? 'chronic' : key65 ? 'elderly' : age <= 6 ? 'maternal-child' : 'basic';
      while (y <= firstYear + years - 1) {
        const startDay = dayOf(`${String(y)}-01-01`) + int(0, 60);
        if (startDay > asOfDay) break;
        contracts.push({
          teamCode: team,
          facility: place.facility,
          package: pkg,
          start: iso(startDay),
          end: iso(startDay + 364),
        });
        if (!chance(0.85)) break;
        y++;
      }
    }
    yield { person, enrolments, events, contracts };
  }

  /** Follow-ups every 90 days (14 after an uncontrolled one), missed with the station's odds, and a yearly check. */
  function visits(
    programme: 'HTN' | 'DM',
    from: number,
    to: number,
    age: number,
    q: number,
    facility: string
  ): SyntheticEvent[] {
    const out: SyntheticEvent[] = [];
    const baseSbp = 128 + normal(rand) * 10 + (age >= 65 ? 6 : 0);
    const baseFbg = 6.6 + normal(rand) * 1.1;
    let day = from + int(7, 60);
    while (day <= to) {
      if (chance(q)) {
        const sbp = Math.round(baseSbp + normal(rand) * 12);
        const dbp = Math.round(sbp * 0.6 + normal(rand) * 6);
        const fbg = Math.round((baseFbg + normal(rand) * 0.9) * 10) / 10;
        const limit = age >= 65 ? 150 : 140;
        const uncontrolled = programme === 'HTN' ? sbp >= limit || dbp >= 90 : fbg >= 7;
        const fields: SyntheticEvent['fields'] = {
          mode: chance(0.85) ? 'clinic' : chance(0.5) ? 'home' : 'phone',
          sbp,
          dbp,
          classification: uncontrolled ? 'uncontrolled' : 'controlled',
          adherence: chance(0.8) ? 'regular' : 'intermittent',
        };
        if (programme === 'DM') fields.fbg = fbg;
        out.push({ programme, type: 'follow-up', date: iso(day), facility, fields });
        day += uncontrolled ? 14 + int(0, 7) : 85 + int(0, 10);
      } else {
        day += 30 + int(0, 60);
      }
    }
    const startYear = Number(iso(from).slice(0, 4));
    const endYear = Number(iso(to).slice(0, 4));
    for (let y = startYear; y <= endYear; y++) {
      const d = Math.max(from, dayOf(`${String(y)}-03-01`) + int(0, 240));
      if (d <= to && chance(q)) {
        out.push({ programme, type: 'health-check', date: iso(d), facility, fields: { complete: true } });
      }
    }
    return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }
}
