import { describe, expect, it } from 'vitest';
import { detectIdentifier } from './identifiers';
import { checkResidentId } from './resident-id';
import { syntheticResidents, type SyntheticResident } from './synthetic';

const today = '2026-06-30';
const take = (seed: number, n: number): SyntheticResident[] => [
  ...syntheticResidents({ seed, residents: n, today }),
];

describe('synthetic residents', () => {
  const rows = take(3, 10_000);

  it('is the same for the same seed, different for another, and always marked synthetic', () => {
    expect(take(3, 300)).toEqual(rows.slice(0, 300));
    expect(take(4, 300)).not.toEqual(rows.slice(0, 300));
    expect(rows).toHaveLength(10_000);
    expect(rows.every((r) => r.synthetic)).toBe(true);
  });

  it('has about 5 % duplicates, each a noisy copy of an earlier record of the same person', () => {
    const byId = new Map(rows.map((r) => [r.recordId, r]));
    const dups = rows.filter((r) => r.duplicateOf !== null);
    expect(dups.length / rows.length).toBeGreaterThan(0.04);
    expect(dups.length / rows.length).toBeLessThan(0.06);
    for (const d of dups) {
      const o = byId.get(d.duplicateOf ?? -1);
      expect(o?.personId).toBe(d.personId);
      expect(o?.duplicateOf).toBeNull();
      expect(d.noise.length).toBeGreaterThan(0);
    }
  });

  it('applies the noise it reports', () => {
    const byId = new Map(rows.map((r) => [r.recordId, r]));
    for (const d of rows.filter((r) => r.duplicateOf !== null)) {
      const o = byId.get(d.duplicateOf ?? -1);
      if (!o) throw new Error('original missing');
      if (d.noise.includes('id:15-digit')) {
        expect(d.idNumber).toHaveLength(15);
        expect(checkResidentId(d.idNumber ?? '').normalized).toBe(
          checkResidentId(o.idNumber ?? '').normalized
        );
      }
      if (d.noise.includes('id:missing')) expect(d.idNumber).toBeNull();
      if (d.noise.includes('id:typo') || d.noise.includes('id:transposed')) {
        expect(checkResidentId(d.idNumber ?? '').valid).toBe(false);
      }
      if (d.noise.includes('name:homophone') || d.noise.includes('name:typo')) {
        expect(d.name).not.toBe(o.name);
      }
      if (d.noise.includes('birth:missing')) expect(d.birthDate).toBeNull();
      if (d.noise.includes('phone:changed')) expect(d.phone).not.toBe(o.phone);
    }
  });

  it('issues valid, unique identifiers, except newborns entered under the mother’s', () => {
    const owners = new Map<string, SyntheticResident>();
    let sharedWithMother = 0;
    for (const r of rows.filter((x) => x.duplicateOf === null && x.idNumber)) {
      const id = detectIdentifier(r.idNumber ?? '', { today });
      expect(id.ok, r.idNumber ?? '').toBe(true);
      if (!id.ok) continue;
      const first = owners.get(id.identifier.normalized);
      if (first) {
        // Only a newborn carries someone else's number: the mother, a generation older.
        const younger = [first, r].sort((x, y) => String(y.birthDate).localeCompare(String(x.birthDate)));
        expect(String(younger[0]?.birthDate).replace(/\D/g, '').slice(0, 4)).toMatch(/^202[56]$/);
        sharedWithMother++;
      } else owners.set(id.identifier.normalized, r);
    }
    expect(sharedWithMother).toBeGreaterThan(0);
    expect(sharedWithMother).toBeLessThan(rows.length * 0.01);
  });
});
