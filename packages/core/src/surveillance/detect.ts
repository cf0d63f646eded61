/**
 * One entry point for every detector: a name, a series and a control list whose names are R
 * `surveillance`'s, so a control list from R carries over unchanged. Controls are validated at
 * the edge; an unknown or mistyped control is refused with its name.
 */
import { z } from 'zod';
import { AppError } from '../errors';
import { cusum } from './cusum';
import { earsC } from './ears';
import { farrington, farringtonFlexible } from './farrington';
import { mpm } from './mpm';
import { singleCase } from './single-case';
import type { AlgorithmName, CountSeries, DetectionPoint } from './types';

const positiveInt = z.number().int().positive();
const probability = z.number().gt(0).lt(1);
const range = { range: positiveInt.optional() };
const farringtonCommon = {
  b: positiveInt.optional(),
  w: z.number().int().nonnegative().optional(),
  reweight: z.boolean().optional(),
  alpha: probability.optional(),
  trend: z.boolean().optional(),
  limit54: z.tuple([z.number().int().nonnegative(), positiveInt]).optional(),
  powertrans: z.enum(['none', '1/2', '2/3']).optional(),
  ...range,
};

/** Control schema per algorithm (R names; `range` = number of last points to evaluate). */
export const DETECTOR_PARAMS = {
  'single-case': z.strictObject({ threshold: positiveInt.optional(), ...range }),
  mpm: z.strictObject({
    years: positiveInt.optional(),
    window: z.number().int().nonnegative().optional(),
    percentile: probability.optional(),
    minCases: z.number().int().nonnegative().optional(),
    ...range,
  }),
  earsC1: z.strictObject({
    baseline: z.number().int().min(3).optional(),
    minSigma: z.number().nonnegative().optional(),
    alpha: probability.optional(),
    ...range,
  }),
  farrington: z.strictObject(farringtonCommon),
  farringtonFlexible: z.strictObject({
    ...farringtonCommon,
    weightsThreshold: z.number().nonnegative().optional(),
    pThresholdTrend: z.number().gt(0).max(1).optional(),
    noPeriods: positiveInt.optional(),
    pastWeeksNotIncluded: z.number().int().nonnegative().optional(),
    thresholdMethod: z.enum(['delta', 'nbPlugin', 'muan']).optional(),
  }),
  cusum: z.strictObject({
    k: z.number().nonnegative().optional(),
    h: z.number().positive().optional(),
    m: z.number().positive().optional(),
    trans: z.enum(['standard', 'pearsonNegBin']).optional(),
    alpha: z.number().nonnegative().optional(),
    reset: z.boolean().optional(),
    ...range,
  }),
} as const;

function schemaFor(name: AlgorithmName) {
  return name === 'earsC2' || name === 'earsC3' ? DETECTOR_PARAMS.earsC1 : DETECTOR_PARAMS[name];
}

function controls<S extends z.ZodType>(schema: S, name: AlgorithmName, params: unknown): z.infer<S> {
  const result = schema.safeParse(params ?? {});
  if (result.success) return result.data;
  throw new AppError(
    'VALIDATION_FAILED',
    { zh: `算法 ${name} 的参数无效`, en: `Invalid controls for ${name}` },
    result.error.issues.map((i) => ({
      field: i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(',') : ''),
      message: {
        zh:
          i.code === 'unrecognized_keys' ? `不支持的参数：${i.keys.join('、')}` : `参数值无效：${i.message}`,
        en: i.message,
      },
    }))
  );
}

/** Validates a control list for an algorithm, naming each bad control in both languages. */
export function parseDetectorParams(name: AlgorithmName, params: unknown): Record<string, unknown> {
  return controls(schemaFor(name), name, params);
}

/** Runs one detector on a series with validated controls. */
export function detect(name: AlgorithmName, series: CountSeries, params: unknown = {}): DetectionPoint[] {
  switch (name) {
    case 'single-case':
      return singleCase(series, controls(DETECTOR_PARAMS['single-case'], name, params));
    case 'mpm':
      return mpm(series, controls(DETECTOR_PARAMS.mpm, name, params));
    case 'earsC1':
    case 'earsC2':
    case 'earsC3':
      return earsC(series, {
        ...controls(DETECTOR_PARAMS.earsC1, name, params),
        method: name === 'earsC1' ? 'C1' : name === 'earsC2' ? 'C2' : 'C3',
      });
    case 'farrington':
      return farrington(series, controls(DETECTOR_PARAMS.farrington, name, params));
    case 'farringtonFlexible':
      return farringtonFlexible(series, controls(DETECTOR_PARAMS.farringtonFlexible, name, params));
    case 'cusum':
      return cusum(series, controls(DETECTOR_PARAMS.cusum, name, params));
  }
}
