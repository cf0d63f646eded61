/**
 * The health record's basic data (WS 365-2011 城乡居民健康档案基本数据集, as laid out in the personal
 * basic-information form of 国家基本公共卫生服务规范 第三版): past history (diseases with their
 * diagnosis dates, operations, injuries, transfusions), drug allergies, exposures, family history,
 * hereditary disease, disability, blood group and risk factors. The server checks it on every
 * write and again on every read of the JSON column.
 */
import { z } from 'zod';
import { isoDate } from '../surveillance/reports';

/** 既往史—疾病 (codes of the form's list). */
export const PAST_DISEASES = [
  'hypertension',
  'diabetes',
  'coronary_heart_disease',
  'copd',
  'malignant_tumour',
  'stroke',
  'severe_mental_disorder',
  'tuberculosis',
  'hepatitis',
  'other_notifiable',
  'occupational',
  'other',
] as const;

/** 药物过敏史. */
export const DRUG_ALLERGIES = ['penicillin', 'sulfonamide', 'streptomycin', 'other'] as const;
/** 暴露史. */
export const EXPOSURES = ['chemical', 'poison', 'radiation'] as const;
/** 家族史 — the same disease list minus occupational disease, plus congenital malformation. */
export const FAMILY_DISEASES = [
  'hypertension',
  'diabetes',
  'coronary_heart_disease',
  'copd',
  'malignant_tumour',
  'stroke',
  'severe_mental_disorder',
  'tuberculosis',
  'hepatitis',
  'congenital_malformation',
  'other',
] as const;
/** 残疾情况. */
export const DISABILITIES = [
  'visual',
  'hearing',
  'speech',
  'physical',
  'intellectual',
  'mental',
  'other',
] as const;

const note = z.string().trim().min(1).max(200);
const event = z.object({ name: note, date: isoDate });

/** WS 365 basic data of one resident's health record. Every part may be left out (unknown). */
export const healthRecordBasicSchema = z
  .object({
    bloodGroup: z
      .object({
        abo: z.enum(['A', 'B', 'O', 'AB', 'unknown']),
        rh: z.enum(['positive', 'negative', 'unknown']),
      })
      .optional(),
    pastHistory: z
      .object({
        diseases: z
          .array(
            z.object({
              code: z.enum(PAST_DISEASES),
              /** Required for 恶性肿瘤, 职业病 and 其他: which one. */
              detail: note.optional(),
              diagnosedOn: isoDate,
            })
          )
          .max(30)
          .default([]),
        operations: z.array(event).max(20).default([]),
        injuries: z.array(event).max(20).default([]),
        transfusions: z
          .array(event.extend({ name: note.optional() }))
          .max(20)
          .default([]),
      })
      .optional(),
    drugAllergies: z
      .array(z.object({ code: z.enum(DRUG_ALLERGIES), detail: note.optional() }))
      .max(10)
      .optional(),
    exposures: z.array(z.enum(EXPOSURES)).max(3).optional(),
    familyHistory: z
      .object({
        father: z.array(z.enum(FAMILY_DISEASES)).max(11).default([]),
        mother: z.array(z.enum(FAMILY_DISEASES)).max(11).default([]),
        siblings: z.array(z.enum(FAMILY_DISEASES)).max(11).default([]),
        children: z.array(z.enum(FAMILY_DISEASES)).max(11).default([]),
      })
      .optional(),
    hereditaryDisease: note.nullish(),
    disabilities: z.array(z.enum(DISABILITIES)).max(7).optional(),
    riskFactors: z
      .object({
        smoking: z.enum(['never', 'former', 'current']).optional(),
        drinking: z.enum(['never', 'occasional', 'often', 'daily']).optional(),
        exercise: z.enum(['daily', 'weekly', 'occasional', 'never']).optional(),
      })
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    v.pastHistory?.diseases.forEach((d, i) => {
      if (['malignant_tumour', 'occupational', 'other'].includes(d.code) && !d.detail) {
        ctx.addIssue({
          code: 'custom',
          path: ['pastHistory', 'diseases', i, 'detail'],
          message: '恶性肿瘤、职业病和其他疾病须写明病名 / name the tumour, occupational or other disease',
        });
      }
    });
  });
export type HealthRecordBasic = z.infer<typeof healthRecordBasicSchema>;

/** `PUT /api/residents/:id/health-record`: open (no version) or change (the version read). */
export const healthRecordWriteSchema = z.object({
  version: z.number().int().positive().max(2_147_483_647).optional(),
  /** The owning facility when the record is opened; a later change of owner is a transfer. */
  ownerUnit: z.string().trim().min(1).max(64).optional(),
  openedOn: isoDate.optional(),
  basic: healthRecordBasicSchema,
});
export type HealthRecordWrite = z.infer<typeof healthRecordWriteSchema>;

/** `POST /api/residents/:id/health-record/transfer`. */
export const healthRecordTransferSchema = z.object({
  toUnit: z.string().trim().min(1).max(64),
  reason: z.string().trim().min(1).max(500),
});

/** A health record as read, with its transfers (oldest first). */
export interface HealthRecordView {
  residentId: number;
  ownerUnit: string;
  openedOn: string;
  basic: HealthRecordBasic;
  version: number;
  updatedBy: string;
  updatedAt: string;
  transfers: { fromUnit: string; toUnit: string; reason: string; actor: string; at: string }[];
}
