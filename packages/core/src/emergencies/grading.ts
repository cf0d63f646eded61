/**
 * Grading an event by the criteria as data: which computable criteria its facts meet, and the most
 * severe grade among them. Criteria without a rule are offered for the officer to choose.
 */
import { GRADES, type EventKind, type Grade, type GradingCriterion, type GradingFact } from './catalogue';

/** What is known about an event when it is graded. */
export interface GradingInput {
  kind: EventKind;
  disease?: string | null;
  /** Class of the disease (A/B/C) when it is notifiable. */
  diseaseClass?: 'A' | 'B' | 'C' | 'other' | null;
  facts: Partial<Record<GradingFact, number>>;
}

/** Lower is more severe: I = 0 … IV = 3. */
export function gradeRank(grade: Grade): number {
  return GRADES.indexOf(grade);
}

/** Whether one computable criterion holds; false for criteria the officer judges. */
export function criterionMet(c: GradingCriterion, input: GradingInput): boolean {
  const w = c.when;
  if (!w) return false;
  if (w.diseases && !(input.disease && w.diseases.includes(input.disease))) return false;
  if (w.classes && !(input.diseaseClass && (w.classes as string[]).includes(input.diseaseClass))) {
    return false;
  }
  if (w.kinds && !w.kinds.includes(input.kind)) return false;
  // A criterion on diseases or classes speaks of infectious events only.
  if ((w.diseases || w.classes) && input.kind !== 'infectious') return false;
  return w.any.some((all) =>
    all.every((cond) => {
      const v = input.facts[cond.fact];
      if (v === undefined) return false;
      return (cond.min === undefined || v >= cond.min) && (cond.max === undefined || v <= cond.max);
    })
  );
}

/** The computable criteria an event meets, most severe first, and the grade they suggest. */
export function suggestGrade(
  criteria: readonly GradingCriterion[],
  input: GradingInput
): { grade: Grade | null; met: GradingCriterion[] } {
  const met = criteria
    .filter((c) => criterionMet(c, input))
    .sort((a, b) => gradeRank(a.grade) - gradeRank(b.grade));
  return { grade: met[0]?.grade ?? null, met };
}
