/**
 * API shapes of the resident index (camelCase, shared by server and web): a resident as written
 * and as read, search results, households, duplicate-queue entries, merges and record reads.
 * Identifying values travel in clear only to roles with `resident:identifiers`; otherwise the
 * server masks them before answering and says so (`masked: true`).
 */
import { z } from 'zod';
import { IDENTIFIER_KINDS } from '../identity/identifiers';
import { isoDate } from '../surveillance/reports';

const text = (max: number) => z.string().trim().min(1).max(max);

/** M, F or U (unknown, GB/T 2261.1 codes 0/9). */
export const RESIDENT_SEXES = ['M', 'F', 'U'] as const;
export type ResidentSex = (typeof RESIDENT_SEXES)[number];

/** Status of a record in the index. A death is a date, not a status. */
export const RESIDENT_STATUSES = ['active', 'merged', 'moved_away'] as const;
export type ResidentStatus = (typeof RESIDENT_STATUSES)[number];

/** One identifier as a clerk enters it; the kind is one of core identity's kinds. */
export const residentIdentifierInputSchema = z.object({
  kind: z.enum(IDENTIFIER_KINDS),
  value: text(64),
  /** For passports: ISO 3166-1 alpha-3 of the issuer (CHN applies China's formats). */
  issuer: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
});
export type ResidentIdentifierInput = z.infer<typeof residentIdentifierInputSchema>;

/** A new resident. `homeUnit` is a street, community or facility code inside the caller's scope. */
export const residentCreateSchema = z.object({
  name: text(100),
  sex: z.enum(RESIDENT_SEXES),
  birthDate: isoDate,
  deathDate: isoDate.nullish(),
  homeUnit: text(64),
  phone: text(40).nullish(),
  address: text(300).nullish(),
  identifiers: z.array(residentIdentifierInputSchema).max(8).default([]),
  /** Join an existing household, or found a new one at this address (`newHousehold`). */
  householdId: z.number().int().positive().max(2_147_483_647).nullish(),
  newHousehold: z.boolean().optional(),
  /** Open the health record at this facility at once (WS 365); must be in the caller's scope. */
  recordFacility: text(64).nullish(),
  synthetic: z.boolean().optional(),
});
export type ResidentCreate = z.infer<typeof residentCreateSchema>;

/**
 * A change to a resident: the fields sent replace the stored ones (`null` clears an optional
 * field); `identifiers`, when sent, replaces the whole set. `version` is the one the caller read.
 */
export const residentUpdateSchema = z.object({
  version: z.number().int().positive().max(2_147_483_647),
  name: text(100).optional(),
  sex: z.enum(RESIDENT_SEXES).optional(),
  birthDate: isoDate.optional(),
  deathDate: isoDate.nullable().optional(),
  homeUnit: text(64).optional(),
  phone: text(40).nullable().optional(),
  address: text(300).nullable().optional(),
  status: z.enum(['active', 'moved_away']).optional(),
  identifiers: z.array(residentIdentifierInputSchema).max(8).optional(),
  householdId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
});
export type ResidentUpdate = z.infer<typeof residentUpdateSchema>;

/** An identifier as shown: masked unless the caller's role needs it in full. */
export interface ResidentIdentifierView {
  kind: (typeof IDENTIFIER_KINDS)[number];
  value: string;
  primary: boolean;
}

/** A resident as read (one person's record; every such read is logged). */
export interface ResidentView {
  id: number;
  name: string;
  sex: ResidentSex;
  birthDate: string;
  deathDate: string | null;
  homeUnit: string;
  householdId: number | null;
  status: ResidentStatus;
  mergedInto: number | null;
  phone: string | null;
  address: string | null;
  identifiers: ResidentIdentifierView[];
  /** True when name, phone, address and identifiers were masked for this caller. */
  masked: boolean;
  synthetic: boolean;
  version: number;
  /** Whether this read was a break-the-glass read (outside the caller's scope, reason logged). */
  breakGlass: boolean;
}

/** One line of a search result. */
export interface ResidentSummary {
  id: number;
  name: string;
  sex: ResidentSex;
  birthDate: string;
  homeUnit: string;
  status: ResidentStatus;
  /** The primary identifier, masked unless the caller may see it. */
  idNumber: string | null;
  phone: string | null;
  masked: boolean;
  synthetic: boolean;
}

/** `GET /api/residents?q=…&birthDate=…`: an ID number, a phone, or a name (with a birth date). */
export const residentSearchQuerySchema = z.object({
  q: text(100),
  birthDate: isoDate.optional(),
});

/** Answer of a create: the new id, and possible duplicates sent to the review queue. */
export interface ResidentCreated {
  id: number;
  version: number;
  possibleDuplicates: { candidateId: number; residentId: number; score: number }[];
}
