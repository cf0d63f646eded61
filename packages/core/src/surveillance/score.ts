/**
 * Detector scores on labelled series, with the definitions of Noufaily et al. (2019): FPR = false
 * alarms / non-outbreak points; POD = share of outbreaks with at least one alarm while they run;
 * sensitivity = alarmed outbreak points / outbreak points; specificity = 1 − FPR; timeliness =
 * mean of (first true alarm − start) / outbreak length, a missed outbreak counting 1.
 */
import type { SimulatedSeries } from './simulate';

/** Scores of one algorithm over many series. */
export interface DetectorScores {
  fpr: number;
  pod: number;
  sensitivity: number;
  specificity: number;
  timeliness: number;
}

/** Running tallies, so series can be added one at a time. */
export class ScoreTally {
  private fp = 0;
  private tn = 0;
  private tp = 0;
  private fn = 0;
  private detected = 0;
  private outbreaks = 0;
  private lateness = 0;

  /** Adds one series: `alarms[i]` is the alarm at position `from + i`. */
  add(sim: SimulatedSeries, alarms: readonly boolean[], from = sim.scoredFrom): void {
    alarms.forEach((alarm, i) => {
      const truth = sim.state[from + i] ?? false;
      if (truth) {
        if (alarm) this.tp++;
        else this.fn++;
      } else if (alarm) this.fp++;
      else this.tn++;
    });
    const { start, end, size } = sim.current;
    if (size === 0) return;
    this.outbreaks++;
    const length = end - start + 1;
    let first = -1;
    for (let t = start; t <= end; t++) {
      if (sim.state[t] && alarms[t - from]) {
        first = t;
        break;
      }
    }
    if (first >= 0) {
      this.detected++;
      this.lateness += (first - start) / length;
    } else this.lateness += 1;
  }

  /** The scores so far (NaN where nothing was counted). */
  scores(): DetectorScores {
    const neg = this.fp + this.tn;
    const round = (v: number) => Math.round(v * 10_000) / 10_000;
    return {
      fpr: round(this.fp / neg),
      pod: round(this.detected / this.outbreaks),
      sensitivity: round(this.tp / (this.tp + this.fn)),
      specificity: round(this.tn / neg),
      timeliness: round(this.lateness / this.outbreaks),
    };
  }
}
