/** What the evaluation module offers: a plan's status in a year, row by row (reports build on it). */
export { evaluatePlan, type PlanEvaluation, type RowResult } from './service';
