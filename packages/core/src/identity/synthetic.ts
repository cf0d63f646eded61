/**
 * A seeded generator of SYNTHETIC residents for testing and benchmarking the matcher: households
 * (couples, children, grandparents, twins) sharing an address, a surname and often a phone; IDs
 * valid under GB 11643 (a few 15-digit, a few residence permits and foreign permanent-residence
 * cards, newborns without an ID, some entered under the mother's ID); every field written in the
 * several ways clerks write it. About 5 % of the records are noisy duplicates of another record
 * of the same person: homophone and other name typos, swapped birth-date digits, missing, 15-digit
 * or mistyped IDs, changed phones, moved or re-written addresses. Every record says it is synthetic.
 */
import { mulberry32 } from '../random';
import type { ResidentRecord } from './record';
import { residentIdCheckChar } from './resident-id';
import {
  COMMUNITY_PARTS,
  DISTRICTS,
  FUZZY_PAIRS,
  GIVEN_FEMALE,
  GIVEN_MALE,
  HOMOPHONE_GROUPS,
  ID_REGIONS,
  LATIN_FAMILY,
  LATIN_GIVEN,
  ROAD_PARTS,
  ROAD_SUFFIXES,
  SURNAMES,
  VILLAGE_PARTS,
} from './synthetic-data';
import { TO_TRADITIONAL } from './traditional';

export interface SyntheticOptions {
  seed: number;
  /** Number of records to produce, duplicates included. */
  residents: number;
  /** Share of the records that are noisy duplicates; 0.05 unless given. */
  duplicateShare?: number;
  /** The day the data describes, YYYY-MM-DD: ages and birth dates are counted back from it. */
  today: string;
}

export interface SyntheticResident extends ResidentRecord {
  synthetic: true;
  recordId: number;
  /** Records with the same personId describe the same (synthetic) person. */
  personId: number;
  /** The record this one is a noisy copy of, or null for a person's first record. */
  duplicateOf: number | null;
  /** What was changed in a duplicate (name:homophone, birth:transposed, id:missing …). */
  noise: string[];
}

interface Place {
  district: string;
  street: string;
  community: string;
  /** Road and door number, or village and group. */
  road: string;
  no: number;
  building: number;
  room: number;
  rural: boolean;
}

interface Person {
  personId: number;
  surname: string;
  given: string;
  latin: boolean;
  sex: 'M' | 'F';
  birth: string;
  /** The number this person's records carry (own ID, 15-digit form, mother's ID) or null. */
  id: string | null;
  ownId: string | null;
  phone: string | null;
  place: Place;
}

const HOMOPHONE_OF = new Map<string, string[]>();
for (const g of HOMOPHONE_GROUPS) for (const c of g) HOMOPHONE_OF.set(c, g);
const FUZZY_OF = new Map<string, string[]>();
for (const [x = '', y = ''] of FUZZY_PAIRS) {
  FUZZY_OF.set(x, [...(FUZZY_OF.get(x) ?? []), y]);
  FUZZY_OF.set(y, [...(FUZZY_OF.get(y) ?? []), x]);
}
const CN_NUM = '〇一二三四五六七八九';

/** Cumulative Zipf-shaped surname shares: rank r weighs 1/(r+2)^1.1, so the top three hold about 7 % each. */
const SURNAME_CDF = (() => {
  const w = SURNAMES.map((_, r) => 1 / Math.pow(r + 3, 1.1));
  const total = w.reduce((a, b) => a + b, 0);
  let acc = 0;
  return w.map((x) => (acc += x / total));
})();

/** Generates synthetic residents; see the module comment. Deterministic for a seed. */
export function* syntheticResidents(options: SyntheticOptions): Generator<SyntheticResident> {
  const rand = mulberry32(options.seed);
  const share = options.duplicateShare ?? 0.05;
  const pDuplicate = share / (1 - share);
  const todayYear = Number(options.today.slice(0, 4));
  const todayDay = Math.floor(
    Date.UTC(todayYear, Number(options.today.slice(5, 7)) - 1, Number(options.today.slice(8, 10))) / 864e5
  );
  const issued = new Set<number>();
  let recordId = 0;
  let personId = 0;

  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const chance = (p: number) => rand() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

  const surname = (): string => {
    const x = rand();
    let i = 0;
    while (i < SURNAME_CDF.length - 1 && (SURNAME_CDF[i] ?? 1) < x) i++;
    return SURNAMES[i] ?? '王';
  };
  const givenName = (sex: 'M' | 'F', first?: string): string => {
    const pool = chance(0.85)
      ? sex === 'M'
        ? GIVEN_MALE
        : GIVEN_FEMALE
      : sex === 'M'
        ? GIVEN_FEMALE
        : GIVEN_MALE;
    if (first !== undefined) return first + pick(pool);
    return chance(0.22) ? pick(pool) : pick(pool) + pick(pool);
  };
  /** A birth date `age` full years before today. */
  const birthFor = (age: number): string => {
    const day = todayDay - Math.floor(age * 365.25) - Math.floor(rand() * 365);
    return new Date(Math.min(day, todayDay) * 864e5).toISOString().slice(0, 10).replace(/-/g, '');
  };
  const newId = (birth: string, sex: 'M' | 'F', region = pick(ID_REGIONS)): string => {
    for (;;) {
      const seq = int(0, 49) * 10 + int(0, 4) * 2 + (sex === 'M' ? 1 : 0);
      const body = `${region}${birth}${String(seq).padStart(3, '0')}`;
      // Unique per synthetic person: two people never share a valid number.
      const key =
        Number(body.slice(6)) * 64 + ID_REGIONS.indexOf(region) + 1 + (region.startsWith('8') ? 50 : 0);
      if (issued.has(key)) continue;
      issued.add(key);
      return body + residentIdCheckChar(body);
    }
  };
  const mobile = (): string =>
    `1${pick(['3', '5', '7', '8', '9'])}${String(int(0, 999_999_999)).padStart(9, '0')}`;
  const landline = (): string => `0755${String(int(20_000_000, 89_999_999))}`;
  const newPlace = (): Place => {
    const d = pick(DISTRICTS);
    const rural = chance(0.1);
    return {
      district: d.name,
      street: pick(d.streets),
      community: pick(ROAD_PARTS).slice(0, 1) + pick(COMMUNITY_PARTS),
      road: rural ? pick(VILLAGE_PARTS) : pick(ROAD_PARTS) + pick(ROAD_SUFFIXES),
      no: int(1, rural ? 12 : 300),
      building: rural ? int(1, 80) : int(1, 30),
      room: rural ? 0 : int(1, 33) * 100 + int(1, 8),
      rural,
    };
  };

  const makePerson = (
    sex: 'M' | 'F',
    age: number,
    place: Place,
    opts: { surname?: string; given?: string; phone?: string | null; birth?: string } = {}
  ): Person => {
    const birth = opts.birth ?? birthFor(age);
    const sn = opts.surname ?? surname();
    const infant = age < 1;
    const hasId = infant ? chance(0.4) : chance(age > 80 ? 0.95 : 0.985);
    const ownId = hasId ? newId(birth, sex) : null;
    let id = ownId;
    // Records from before 1999 kept the 15-digit number.
    if (ownId !== null && birth < '19850101' && chance(0.02)) id = ownId.slice(0, 6) + ownId.slice(8, 17);
    return {
      personId: personId++,
      surname: sn,
      given: opts.given ?? givenName(sex),
      latin: false,
      sex,
      birth,
      id,
      ownId,
      phone: opts.phone === undefined ? (chance(0.9) ? mobile() : null) : opts.phone,
      place,
    };
  };

  /** One household: adults, children and elders at one address. */
  const household = (): Person[] => {
    const place = newPlace();
    const x = rand();
    const people: Person[] = [];
    const landlineNo = chance(0.3) ? landline() : null;
    if (x < 0.003) {
      // A Hong Kong, Macao or Taiwan resident with a residence permit.
      const sex = chance(0.5) ? 'M' : 'F';
      const p = makePerson(sex, int(20, 70), place);
      p.ownId = newId(p.birth, sex, pick(['810000', '820000', '830000']));
      p.id = p.ownId;
      return [p];
    }
    if (x < 0.004) {
      // A foreign permanent resident (2023 card: 9, province, nationality, birth date, sequence).
      const sex = chance(0.5) ? 'M' : 'F';
      const p = makePerson(sex, int(25, 70), place, {
        surname: pick(LATIN_FAMILY),
        given: pick(LATIN_GIVEN),
      });
      p.latin = true;
      const body = `944${pick(['840', '276', '250', '392', '410', '643'])}${p.birth}${String(int(0, 49) * 20 + (sex === 'M' ? 1 : 2)).padStart(3, '0')}`;
      p.ownId = body + residentIdCheckChar(body);
      p.id = p.ownId;
      return [p];
    }
    if (x < 0.2) return [makePerson(chance(0.5) ? 'M' : 'F', int(18, 85), place)];
    const husbandAge = x < 0.3 ? int(60, 90) : int(24, 55);
    const husband = makePerson('M', husbandAge, place);
    const wife = makePerson('F', Math.max(18, husbandAge + int(-6, 2)), place);
    people.push(husband, wife);
    if (x >= 0.3) {
      const children = x < 0.45 ? 0 : x < 0.75 ? 1 : x < 0.93 ? 2 : 3;
      let lastBirth: string | null = null;
      let lastGiven = '';
      let lastAge = 0;
      for (let c = 0; c < children; c++) {
        const sex = chance(0.52) ? 'M' : 'F';
        const childSurname = chance(0.9) ? husband.surname : wife.surname;
        const twin = lastBirth !== null && chance(0.03);
        const age = twin ? lastAge : husbandAge - int(22, 40);
        if (age < 0) continue;
        const kidPhone = age < 16 ? (chance(0.7) ? (wife.phone ?? husband.phone) : null) : undefined;
        const given =
          twin && chance(0.5) && lastGiven.length === 2 ? givenName(sex, lastGiven.charAt(0)) : undefined;
        const kid = makePerson(sex, age, place, {
          surname: childSurname,
          phone: kidPhone === undefined ? undefined : kidPhone,
          ...(twin && lastBirth !== null ? { birth: lastBirth } : {}),
          ...(given !== undefined ? { given } : {}),
        });
        // A newborn without an ID is often entered under the mother's.
        if (kid.ownId === null && age < 1 && wife.ownId !== null && chance(0.25)) kid.id = wife.ownId;
        lastBirth = kid.birth;
        lastGiven = kid.given;
        lastAge = age;
        people.push(kid);
      }
      if (x >= 0.85 && husbandAge < 50) {
        // Grandparents living with the family, often reachable only through the landline or a child.
        const gAge = Math.min(95, husbandAge + int(24, 34));
        for (const sex of ['M', 'F'] as const) {
          if (chance(0.7)) {
            const phone = chance(0.5) ? mobile() : (landlineNo ?? husband.phone);
            people.push(
              makePerson(sex, gAge + (sex === 'F' ? int(-4, 1) : 0), place, {
                ...(sex === 'M' ? { surname: husband.surname } : {}),
                phone,
              })
            );
          }
        }
      }
    }
    return people;
  };

  // ---- rendering: how a clerk writes each field ----
  const renderName = (p: { surname: string; given: string; latin: boolean }): string =>
    p.latin ? `${p.given} ${p.surname}` : p.surname + p.given;
  const renderSex = (s: 'M' | 'F' | null): string | null => {
    if (s === null) return null;
    const y = rand();
    if (y < 0.6) return s === 'M' ? '男' : '女';
    if (y < 0.85) return s;
    return s === 'M' ? '1' : '2';
  };
  const renderBirth = (b: string | null): string | null => {
    if (b === null) return null;
    const y = rand();
    const [yy, mm, dd] = [b.slice(0, 4), b.slice(4, 6), b.slice(6, 8)];
    if (y < 0.7) return `${yy}-${mm}-${dd}`;
    if (y < 0.85) return b;
    if (y < 0.95) return `${yy}/${Number(mm)}/${Number(dd)}`;
    return `${yy}年${Number(mm)}月${Number(dd)}日`;
  };
  const renderPhone = (ph: string | null): string | null => {
    if (ph === null) return null;
    const y = rand();
    if (ph.startsWith('0')) {
      if (y < 0.6) return `${ph.slice(0, 4)}-${ph.slice(4)}`;
      if (y < 0.8) return `(${ph.slice(0, 4)})${ph.slice(4)}`;
      return ph.slice(4);
    }
    if (y < 0.7) return ph;
    if (y < 0.8) return `${ph.slice(0, 3)}-${ph.slice(3, 7)}-${ph.slice(7)}`;
    if (y < 0.9) return `+86 ${ph.slice(0, 3)} ${ph.slice(3, 7)} ${ph.slice(7)}`;
    return `${ph.slice(0, 3)} ${ph.slice(3, 7)} ${ph.slice(7)}`;
  };
  const cnNumber = (n: number): string => Array.from(String(n), (d) => CN_NUM.charAt(Number(d))).join('');
  const renderPlace = (a: Place | null, style?: 'short' | 'cn' | 'dash'): string | null => {
    if (a === null) return null;
    const y = rand();
    const core = a.rural
      ? `${a.road}村${a.building}组${a.no}号`
      : style === 'cn'
        ? `${a.road}${cnNumber(a.no)}号${cnNumber(a.building)}栋${a.room}室`
        : style === 'dash' || (style === undefined && y > 0.9)
          ? `${a.road}${a.no}号${a.building}-${a.room}`
          : `${a.road}${a.no}号${a.building}栋${a.room}室`;
    if (style === 'short') return core;
    const z = rand();
    if (z < 0.4) return `广东省深圳市${a.district}${a.street}街道${a.community}社区${core}`;
    if (z < 0.6) return `深圳市${a.district}${a.street}街道${core}`;
    if (z < 0.75) return `${a.district}${a.community}社区${core}`;
    return core;
  };
  const render = (
    f: {
      surname: string;
      given: string;
      latin: boolean;
      name?: string;
      sex: 'M' | 'F' | null;
      birth: string | null;
      id: string | null;
      phone: string | null;
      place: Place | null;
      placeStyle?: 'short' | 'cn' | 'dash';
    },
    person: number,
    duplicateOf: number | null,
    noise: string[]
  ): SyntheticResident => ({
    synthetic: true,
    recordId: recordId++,
    personId: person,
    duplicateOf,
    noise,
    name: f.name ?? renderName(f),
    sex: renderSex(f.sex),
    birthDate: renderBirth(f.birth),
    idNumber: f.id,
    phone: renderPhone(f.phone),
    address: renderPlace(f.place, f.placeStyle),
  });

  // ---- noise for a duplicate ----
  const nameNoise = (p: Person, noise: string[]): string => {
    if (p.latin) {
      const full = renderName(p);
      const i = int(0, full.length - 1);
      noise.push('name:letter');
      return full.slice(0, i) + String.fromCharCode(65 + int(0, 25)) + full.slice(i + 1);
    }
    const chars = Array.from(p.surname + p.given);
    const sl = Array.from(p.surname).length;
    const y = rand();
    const positions = chars.map((_, i) => i);
    if (y < 0.4) {
      const candidates = positions.filter((i) => HOMOPHONE_OF.has(chars[i] ?? ''));
      if (candidates.length > 0) {
        const i = pick(candidates);
        const group = HOMOPHONE_OF.get(chars[i] ?? '') ?? [];
        const others = group.filter((c) => c !== chars[i]);
        chars[i] = pick(others);
        noise.push('name:homophone');
        return chars.join('');
      }
    } else if (y < 0.55) {
      const candidates = positions.filter((i) => FUZZY_OF.has(chars[i] ?? ''));
      if (candidates.length > 0) {
        const i = pick(candidates);
        chars[i] = pick(FUZZY_OF.get(chars[i] ?? '') ?? []);
        noise.push('name:fuzzy');
        return chars.join('');
      }
    } else if (y < 0.6 && chars.length - sl === 2) {
      chars.splice(sl + int(0, 1), 1);
      noise.push('name:dropped');
      return chars.join('');
    } else if (y < 0.65 && chars.length - sl === 2) {
      const a = chars[sl] ?? '';
      chars[sl] = chars[sl + 1] ?? '';
      chars[sl + 1] = a;
      noise.push('name:transposed');
      return chars.join('');
    } else if (y < 0.75) {
      const t = chars.map((c) => TO_TRADITIONAL.get(c) ?? c);
      if (t.join('') !== chars.join('')) {
        noise.push('name:traditional');
        return t.join('');
      }
    } else if (y < 0.85) {
      noise.push('name:spacing');
      return `${chars.slice(0, sl).join('')}${pick([' ', '　', '·'])}${chars.slice(sl).join('')}`;
    }
    const i = int(0, chars.length - 1);
    const pool = p.sex === 'M' ? GIVEN_MALE : GIVEN_FEMALE;
    let c = pick(pool);
    while (c === chars[i]) c = pick(pool);
    chars[i] = c;
    noise.push('name:typo');
    return chars.join('');
  };
  const swapAdjacent = (s: string, from: number, to: number): string | null => {
    const options: number[] = [];
    for (let i = from; i < to; i++) if (s[i] !== s[i + 1]) options.push(i);
    if (options.length === 0) return null;
    const i = pick(options);
    return s.slice(0, i) + (s[i + 1] ?? '') + (s[i] ?? '') + s.slice(i + 2);
  };
  const birthNoise = (b: string, noise: string[]): string | null => {
    const y = rand();
    if (y < 0.4) {
      const s = swapAdjacent(b, 2, 7);
      if (s !== null) {
        noise.push('birth:transposed');
        return s;
      }
    } else if (y < 0.6) {
      const mm = b.slice(4, 6);
      const dd = b.slice(6, 8);
      if (Number(dd) <= 12 && mm !== dd) {
        noise.push('birth:day-month');
        return b.slice(0, 4) + dd + mm;
      }
    } else if (y < 0.85) {
      const i = int(2, 7);
      let d = String(int(0, 9));
      while (d === b[i]) d = String(int(0, 9));
      noise.push('birth:digit');
      return b.slice(0, i) + d + b.slice(i + 1);
    }
    noise.push('birth:missing');
    return null;
  };
  const idNoise = (p: Person, noise: string[]): string | null => {
    if (p.id === null) {
      noise.push('id:none');
      return null;
    }
    const y = rand();
    if (y < 0.35) return p.id;
    if (y < 0.7) {
      noise.push('id:missing');
      return null;
    }
    if (y < 0.85) {
      const own = p.ownId;
      if (
        own !== null &&
        /^\d{17}[\dX]$/.test(own) &&
        own.slice(6, 8) === '19' &&
        !own.startsWith('8') &&
        own === p.id
      ) {
        noise.push('id:15-digit');
        return own.slice(0, 6) + own.slice(8, 17);
      }
      noise.push('id:missing');
      return null;
    }
    const id = p.id;
    const z = rand();
    if (z < 0.5) {
      const i = int(0, Math.min(16, id.length - 1));
      let d = String(int(0, 9));
      while (d === id[i]) d = String(int(0, 9));
      noise.push('id:typo');
      return id.slice(0, i) + d + id.slice(i + 1);
    }
    if (z < 0.85) {
      const s = swapAdjacent(id, 0, Math.min(16, id.length - 2));
      if (s !== null) {
        noise.push('id:transposed');
        return s;
      }
    }
    const i = int(0, id.length - 1);
    noise.push('id:dropped-digit');
    return id.slice(0, i) + id.slice(i + 1);
  };

  const duplicate = (p: Person, original: number): SyntheticResident => {
    const noise: string[] = [];
    const id = idNoise(p, noise);
    const r = rand();
    const ops = r < 0.5 ? 1 : r < 0.85 ? 2 : 3;
    const fields = new Set<string>();
    while (fields.size < ops) {
      const f = rand();
      fields.add(f < 0.35 ? 'name' : f < 0.55 ? 'birth' : f < 0.75 ? 'phone' : f < 0.95 ? 'address' : 'sex');
    }
    const out: Parameters<typeof render>[0] = { ...p, id };
    if (fields.has('name')) out.name = nameNoise(p, noise);
    if (fields.has('birth')) out.birth = birthNoise(p.birth, noise);
    if (fields.has('sex')) {
      const flip = chance(0.5);
      noise.push(flip ? 'sex:flipped' : 'sex:missing');
      out.sex = flip ? (p.sex === 'M' ? 'F' : 'M') : null;
    }
    if (fields.has('phone')) {
      const y = rand();
      if (y < 0.45) {
        out.phone = mobile();
        noise.push('phone:changed');
      } else if (y < 0.75 || p.phone === null) {
        out.phone = null;
        noise.push('phone:missing');
      } else if (y < 0.9) {
        noise.push('phone:format');
      } else {
        const i = int(3, p.phone.length - 1);
        out.phone =
          p.phone.slice(0, i) + String((Number(p.phone[i]) + int(1, 9)) % 10) + p.phone.slice(i + 1);
        noise.push('phone:digit');
      }
    }
    if (fields.has('address')) {
      const y = rand();
      if (y < 0.35) {
        out.place = newPlace();
        noise.push('address:moved');
      } else if (y < 0.65) {
        out.placeStyle = 'short';
        noise.push('address:short');
      } else if (y < 0.8) {
        out.placeStyle = 'cn';
        noise.push('address:chinese-numerals');
      } else if (y < 0.9) {
        out.placeStyle = 'dash';
        noise.push('address:dash');
      } else {
        out.place = null;
        noise.push('address:missing');
      }
    }
    return render(out, p.personId, original, noise);
  };

  let produced = 0;
  while (produced < options.residents) {
    for (const p of household()) {
      if (produced >= options.residents) return;
      const rec = render({ ...p }, p.personId, null, []);
      yield rec;
      produced++;
      if (produced < options.residents && chance(pDuplicate)) {
        yield duplicate(p, rec.recordId);
        produced++;
      }
    }
  }
}
