/**
 * API shapes of the immunization records (server module `immunization`): the bodies it takes
 * (zod, camelCase) and the answers it gives. A dose is recorded with core's `doseRecordSchema`.
 */
import { z } from 'zod';
import type { Bilingual } from '../errors';
import type { DoseStatus, DueList } from '../immunization/due';

/** Why a dose record is voided (it stays, marked, and stops counting). */
export const voidDoseBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(500) });
export type VoidDoseBody = z.infer<typeof voidDoseBodySchema>;

/** The lot look-up's query: the lot as written (any spacing or case), optionally the manufacturer. */
export const lotQuerySchema = z.strictObject({
  lot: z.string().trim().min(1).max(64),
  manufacturer: z.string().trim().min(1).max(200).optional(),
});

/** The clinic's due list query: statuses default to due, overdue and catch-up. */
export const dueQuerySchema = z.strictObject({
  clinic: z.string().min(1).max(64),
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  status: z.string().max(64).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type DueQuery = z.infer<typeof dueQuerySchema>;

/** One dose as stored. */
export interface ImmunizationView {
  id: number;
  residentId: number;
  vaccine: string;
  vaccineName: Bilingual;
  dose: number;
  date: string;
  manufacturer: string;
  lot: string;
  expiry: string | null;
  site: string;
  clinic: string;
  programme: boolean;
  voided: boolean;
  voidReason: string | null;
  recordedBy: string;
}

/** A child as the immunization answers show it: the name masked unless the role sees identifiers. */
export interface ImmunizationChild {
  id: number;
  name: string;
  sex: 'M' | 'F' | 'U';
  birthDate: string;
  homeUnit: string;
  synthetic: boolean;
}

/** `GET /api/residents/:id/immunizations`: the child's doses and due list on a day. */
export interface ResidentImmunizations {
  resident: ImmunizationChild;
  asOf: string;
  schedule: { code: string; version: string };
  doses: ImmunizationView[];
  due: DueList;
}

/** One person who received a lot (traceability). */
export interface LotRecipient {
  immunizationId: number;
  resident: ImmunizationChild;
  vaccine: string;
  dose: number;
  date: string;
  manufacturer: string;
  lot: string;
  clinic: string;
}

/** One child on a clinic's due list, with the doses to give. */
export interface DueChild {
  resident: ImmunizationChild;
  doses: {
    vaccine: string;
    name: Bilingual;
    dose: number;
    dueDate: string;
    plannedDate: string | null;
    status: DoseStatus;
  }[];
}

/** A page of a clinic's due list. */
export interface DuePage {
  clinic: string;
  asOf: string;
  total: number;
  page: number;
  pageSize: number;
  children: DueChild[];
}

/** The result of an import (or its dry run). */
export interface ImmunizationImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
}
