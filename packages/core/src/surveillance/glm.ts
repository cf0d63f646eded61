/**
 * A small Poisson/quasi-Poisson GLM with log link, fitted by iteratively reweighted least squares
 * exactly as R's glm.fit does it (same start μ = y + 0.1, same deviance convergence test, same
 * 25-iteration limit), so that a Farrington fit here lands on R's coefficients to machine precision.
 */

/** Inputs of a fit: response, design rows (first column usually the intercept), prior weights. */
export interface GlmInput {
  y: readonly number[];
  x: readonly (readonly number[])[];
  weights?: readonly number[];
}

/** A fitted model with what the detectors need: fitted means, leverages, covariance, dispersion. */
export interface GlmFit {
  coef: number[];
  mu: number[];
  /** (X'WX)⁻¹ at convergence, the unscaled covariance of the coefficients. */
  covUnscaled: number[][];
  /** Diagonal of the hat matrix of the final weighted fit. */
  hat: number[];
  /** Pearson dispersion Σ wᵢ((yᵢ−μᵢ)/μᵢ)² / (n − p) with the last working weights, not floored. */
  dispersion: number;
  dfResidual: number;
  converged: boolean;
}

/** Inverse of a symmetric positive-definite matrix by Cholesky; null when singular. */
export function invertSpd(a: readonly (readonly number[])[]): number[][] | null {
  const n = a.length;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const li = l[i] ?? [];
    for (let j = 0; j <= i; j++) {
      const lj = l[j] ?? [];
      let sum = a[i]?.[j] ?? 0;
      for (let k = 0; k < j; k++) sum -= (li[k] ?? 0) * (lj[k] ?? 0);
      if (i === j) {
        if (!(sum > 1e-12 * Math.max(1, Math.abs(a[i]?.[i] ?? 0)))) return null;
        li[i] = Math.sqrt(sum);
      } else li[j] = sum / (lj[j] ?? 1);
    }
  }
  // Invert L, then A⁻¹ = L⁻ᵀ L⁻¹.
  const inv: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const col = new Array<number>(n).fill(0);
    for (let i = j; i < n; i++) {
      let sum = i === j ? 1 : 0;
      for (let k = j; k < i; k++) sum -= (l[i]?.[k] ?? 0) * (col[k] ?? 0);
      col[i] = sum / (l[i]?.[i] ?? 1);
    }
    for (let i = 0; i < n; i++) (inv[i] ?? [])[j] = col[i] ?? 0;
  }
  const out: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = Math.max(i, j); k < n; k++) sum += (inv[k]?.[i] ?? 0) * (inv[k]?.[j] ?? 0);
      (out[i] ?? [])[j] = sum;
      (out[j] ?? [])[i] = sum;
    }
  return out;
}

function poissonDeviance(y: readonly number[], mu: readonly number[], w: readonly number[]): number {
  let dev = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i] ?? 0;
    const mi = mu[i] ?? 0;
    dev += 2 * (w[i] ?? 1) * ((yi > 0 ? yi * Math.log(yi / mi) : 0) - (yi - mi));
  }
  return dev;
}

/** Fits log E[y] = Xβ by IRLS; returns null when X'WX is singular. */
export function fitPoissonGlm(input: GlmInput): GlmFit | null {
  const { y, x } = input;
  const n = y.length;
  const p = x[0]?.length ?? 0;
  const prior = input.weights ?? new Array<number>(n).fill(1);
  let eta = y.map((v) => Math.log(v + 0.1));
  let mu = eta.map(Math.exp);
  let devOld = poissonDeviance(y, mu, prior);
  let coef = new Array<number>(p).fill(0);
  let cov: number[][] | null = null;
  let working = new Array<number>(n).fill(0);
  let converged = false;
  for (let iter = 0; iter < 25; iter++) {
    // Working response z and working weights w = prior·μ (log link: dμ/dη = μ).
    const xtwx: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const xtwz = new Array<number>(p).fill(0);
    working = mu.map((m, i) => (prior[i] ?? 1) * m);
    for (let i = 0; i < n; i++) {
      const row = x[i] ?? [];
      const mi = mu[i] ?? 1;
      const wi = working[i] ?? 0;
      const zi = (eta[i] ?? 0) + ((y[i] ?? 0) - mi) / mi;
      for (let a = 0; a < p; a++) {
        const wa = wi * (row[a] ?? 0);
        xtwz[a] = (xtwz[a] ?? 0) + wa * zi;
        const ra = xtwx[a] ?? [];
        for (let b = 0; b <= a; b++) ra[b] = (ra[b] ?? 0) + wa * (row[b] ?? 0);
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) (xtwx[b] ?? [])[a] = xtwx[a]?.[b] ?? 0;
    cov = invertSpd(xtwx);
    if (!cov) return null;
    const c = cov;
    coef = c.map((row) => row.reduce((s, v, j) => s + v * (xtwz[j] ?? 0), 0));
    eta = x.map((row) => row.reduce((s, v, j) => s + v * (coef[j] ?? 0), 0));
    mu = eta.map(Math.exp);
    const dev = poissonDeviance(y, mu, prior);
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < 1e-8) {
      converged = true;
      break;
    }
    devOld = dev;
  }
  if (!cov) return null;
  // Like R, the covariance, the leverages and the dispersion use the working weights of the last
  // IRLS step (computed from the μ before that step), not weights recomputed at the final μ.
  const finalCov = cov;
  const hat = x.map((row, i) => {
    const w = working[i] ?? 0;
    let q = 0;
    for (let a = 0; a < p; a++) {
      let s = 0;
      for (let b = 0; b < p; b++) s += (finalCov[a]?.[b] ?? 0) * (row[b] ?? 0);
      q += (row[a] ?? 0) * s;
    }
    return w * q;
  });
  let pearson = 0;
  let nPositive = 0;
  for (let i = 0; i < n; i++) {
    if ((prior[i] ?? 1) <= 0) continue;
    nPositive++;
    const r = ((y[i] ?? 0) - (mu[i] ?? 0)) / (mu[i] ?? 1);
    pearson += (working[i] ?? 0) * r * r;
  }
  const dfResidual = nPositive - p;
  return {
    coef,
    mu,
    covUnscaled: finalCov,
    hat,
    dispersion: dfResidual > 0 ? pearson / dfResidual : NaN,
    dfResidual,
    converged,
  };
}
