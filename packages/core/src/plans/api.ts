/**
 * Shapes the plans API returns. Shared by the server (which builds them) and the web app (which
 * renders them), so both sides agree at compile time.
 */
import { z } from 'zod';
import type { Target, TargetWarning } from '../targets/types';
import type { PlanFile, PlanProject, PlanRow, PlanTarget } from './schema';

export interface PlanSummary {
  id: string;
  title: string;
  titleEn: string | null;
  region: { code: string; name: string };
  period: [number, number];
  baseYear: number;
  kind: 'plan' | 'review';
  version: number;
  /** All rows, table rows, binding (约束性) rows and key projects. */
  rowCount: number;
  tableRowCount: number;
  bindingRowCount: number;
  projectCount: number;
}

/** A target as the plan writes it, with what the transcriber added (reading, derived number, per). */
export interface TargetView extends Pick<PlanTarget, 'reading' | 'derived' | 'per' | 'cellSplit'> {
  year: number;
  level: string;
  raw: string;
  yearStated: boolean;
  parsed: Target;
  formatted: { zh: string; en: string };
  warnings: { code: TargetWarning; zh: string; en: string }[];
}

export interface PlanRowView extends Omit<PlanRow, 'targets'> {
  targets: TargetView[];
  indicatorName: { zh: string; en: string } | null;
}

export interface PlanDetail extends PlanSummary {
  parent: string | null;
  successor: string | null;
  scheduleMethod: PlanFile['scheduleMethod'];
  source: PlanFile['source'];
  rows: PlanRowView[];
  projects: PlanProject[];
}

export interface ImportResult {
  planId: string;
  dryRun: boolean;
  changed: boolean;
  version: number | null;
  rows: number;
  /** Accepted with a remark: qualitative targets, units taken from the name … */
  warnings: { row: number; field: string; message: { zh: string; en: string } }[];
}

/**
 * The fields of a plan import besides the file (`POST /api/plans/import`, multipart), as the
 * server checks them and the web form and the command line send them.
 */
export const planImportFieldsSchema = z.object({
  id: z.string().min(1).max(64),
  /** The region's national administrative code. */
  region: z.string().min(1).max(64),
  /** `2021-2025`. */
  period: z.string().min(1).max(16),
  baseYear: z.coerce.number().int().min(1900).max(2100),
  title: z.string().min(1).max(300),
});
export type PlanImportFields = z.infer<typeof planImportFieldsSchema>;
