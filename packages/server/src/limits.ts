/**
 * Resource limits, from the environment with safe defaults. Each one refuses a request that would
 * otherwise hold the server's memory or time far beyond what any real bureau's work needs.
 */

export interface Limits {
  /** Cells an uploaded XLSX may expand to (counted while streaming, empty cells of the grid included). */
  xlsxCells: number;
  /** Cells (indicators × periods × org units) one analytics request may ask for. */
  analyticsCells: number;
}

export const DEFAULT_LIMITS: Limits = { xlsxCells: 1_000_000, analyticsCells: 200_000 };

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The limits in force (WEIJIAN_MAX_XLSX_CELLS, WEIJIAN_MAX_ANALYTICS_CELLS). */
export function readLimits(env: NodeJS.ProcessEnv = process.env): Limits {
  return {
    xlsxCells: positive(env.WEIJIAN_MAX_XLSX_CELLS, DEFAULT_LIMITS.xlsxCells),
    analyticsCells: positive(env.WEIJIAN_MAX_ANALYTICS_CELLS, DEFAULT_LIMITS.analyticsCells),
  };
}
