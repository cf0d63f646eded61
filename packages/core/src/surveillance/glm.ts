/**
 * A small Poisson/quasi-Poisson GLM with log link, fitted by iteratively reweighted least squares
 * exactly as R's glm.fit does it (same start μ = y + 0.1, same deviance convergence test, same
 * 25-iteration limit), so that a Farrington fit here lands on R's coefficients to machine precision.
 */

/**
 * A design matrix stored by rows with only their non-zero cells (CSR): row i's cells are
 * cols/vals[start[i] … start[i+1]). Farrington designs are an intercept, a time and one seasonal
 * dummy per row, so walking non-zeros keeps a fit linear in rows rather than rows × columns².
 */
export interface SparseDesign {
  p: number;
  start: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

/** Packs dense design rows into a sparse design. */
export function sparseDesign(rows: readonly (readonly number[])[], p = rows[0]?.length ?? 0): SparseDesign {
  const start = new Int32Array(rows.length + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  rows.forEach((row, i) => {
    row.forEach((v, j) => {
      if (v !== 0) {
        cols.push(j);
        vals.push(v);
      }
    });
    start[i + 1] = cols.length;
  });
  return { p, start, cols: Int32Array.from(cols), vals: Float64Array.from(vals) };
}

/** Inputs of a fit: response, design (first column usually the intercept), prior weights. */
export interface GlmInput {
  y: readonly number[];
  x: SparseDesign;
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

/**
 * Cholesky factor L (row-major, lower) of a symmetric positive-definite n×n matrix into `l`;
 * false when the matrix is singular or not positive definite.
 */
function cholesky(a: Float64Array, n: number, l: Float64Array): boolean {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] ?? 0;
      for (let k = 0; k < j; k++) sum -= (l[i * n + k] ?? 0) * (l[j * n + k] ?? 0);
      if (i === j) {
        if (!(sum > 1e-12 * Math.max(1, Math.abs(a[i * n + i] ?? 0)))) return false;
        l[i * n + i] = Math.sqrt(sum);
      } else l[i * n + j] = sum / (l[j * n + j] ?? 1);
    }
  }
  return true;
}

/** Solves A·x = b for symmetric positive-definite A (factor in a scratch buffer); null when singular. */
function choleskySolve(a: Float64Array, n: number, b: Float64Array, l: Float64Array): number[] | null {
  if (!cholesky(a, n, l)) return null;
  const z = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i] ?? 0;
    for (let k = 0; k < i; k++) sum -= (l[i * n + k] ?? 0) * (z[k] ?? 0);
    z[i] = sum / (l[i * n + i] ?? 1);
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i] ?? 0;
    for (let k = i + 1; k < n; k++) sum -= (l[k * n + i] ?? 0) * (z[k] ?? 0);
    z[i] = sum / (l[i * n + i] ?? 1);
  }
  return z;
}

/** Inverse of a symmetric positive-definite n×n matrix (row-major) by Cholesky; null when singular. */
export function invertSpd(a: Float64Array, n: number): number[][] | null {
  const l = new Float64Array(n * n);
  if (!cholesky(a, n, l)) return null;
  // Invert L column by column, then A⁻¹ = L⁻ᵀ L⁻¹.
  const inv = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) {
      let sum = i === j ? 1 : 0;
      for (let k = j; k < i; k++) sum -= (l[i * n + k] ?? 0) * (inv[k * n + j] ?? 0);
      inv[i * n + j] = sum / (l[i * n + i] ?? 1);
    }
  }
  const out: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = Math.max(i, j); k < n; k++) sum += (inv[k * n + i] ?? 0) * (inv[k * n + j] ?? 0);
      (out[i] ?? [])[j] = sum;
      (out[j] ?? [])[i] = sum;
    }
  }
  return out;
}

/** Poisson deviance 2Σw(y·log(y/μ) − (y − μ)), with y·log y precomputed and log μ = η. */
function poissonDeviance(
  y: readonly number[],
  ylogy: Float64Array,
  eta: Float64Array,
  mu: Float64Array,
  w: readonly number[] | undefined
): number {
  let dev = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i] ?? 0;
    dev += 2 * (w?.[i] ?? 1) * ((ylogy[i] ?? 0) - yi * (eta[i] ?? 0) - (yi - (mu[i] ?? 0)));
  }
  return dev;
}

/** Fits log E[y] = Xβ by IRLS; returns null when X'WX is singular. */
export function fitPoissonGlm(input: GlmInput): GlmFit | null {
  const { y, x } = input;
  const n = y.length;
  const { p, start, cols, vals } = x;
  const prior = input.weights;
  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  const working = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mu[i] = (y[i] ?? 0) + 0.1;
    eta[i] = Math.log(mu[i] ?? 1);
  }
  const ylogy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const yi = y[i] ?? 0;
    ylogy[i] = yi > 0 ? yi * Math.log(yi) : 0;
  }
  let devOld = poissonDeviance(y, ylogy, eta, mu, prior);
  let coef: number[] = new Array<number>(p).fill(0);
  let converged = false;
  let solved = false;
  const scratch = new Float64Array(p * p);
  const xtwx = new Float64Array(p * p);
  const xtwz = new Float64Array(p);
  for (let iter = 0; iter < 25; iter++) {
    xtwx.fill(0);
    xtwz.fill(0);
    for (let i = 0; i < n; i++) {
      const mi = mu[i] ?? 1;
      // Working weight prior·μ and working response η + (y − μ)/μ (log link: dμ/dη = μ).
      const wi = (prior?.[i] ?? 1) * mi;
      working[i] = wi;
      const zi = (eta[i] ?? 0) + ((y[i] ?? 0) - mi) / mi;
      const from = start[i] ?? 0;
      const to = start[i + 1] ?? 0;
      for (let a = from; a < to; a++) {
        const ca = cols[a] ?? 0;
        const wa = wi * (vals[a] ?? 0);
        xtwz[ca] = (xtwz[ca] ?? 0) + wa * zi;
        const row = ca * p;
        for (let b = from; b < to; b++) {
          const cell = row + (cols[b] ?? 0);
          xtwx[cell] = (xtwx[cell] ?? 0) + wa * (vals[b] ?? 0);
        }
      }
    }
    const next = choleskySolve(xtwx, p, xtwz, scratch);
    if (!next) return null;
    coef = next;
    solved = true;
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let a = start[i] ?? 0; a < (start[i + 1] ?? 0); a++) {
        e += (coef[cols[a] ?? 0] ?? 0) * (vals[a] ?? 0);
      }
      eta[i] = e;
      mu[i] = Math.exp(e);
    }
    const dev = poissonDeviance(y, ylogy, eta, mu, prior);
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < 1e-8) {
      converged = true;
      break;
    }
    devOld = dev;
  }
  // The covariance is (X'WX)⁻¹ of the last step's matrix, still in xtwx.
  const cov = solved ? invertSpd(xtwx, p) : null;
  if (!cov) return null;
  // Like R, the covariance, the leverages and the dispersion use the working weights of the last
  // IRLS step (computed from the μ before that step), not weights recomputed at the final μ.
  const finalCov = cov;
  const hat = new Array<number>(n);
  let pearson = 0;
  let nPositive = 0;
  for (let i = 0; i < n; i++) {
    const from = start[i] ?? 0;
    const to = start[i + 1] ?? 0;
    let q = 0;
    for (let a = from; a < to; a++) {
      const ra = finalCov[cols[a] ?? 0] ?? [];
      for (let b = from; b < to; b++) q += (vals[a] ?? 0) * (ra[cols[b] ?? 0] ?? 0) * (vals[b] ?? 0);
    }
    hat[i] = (working[i] ?? 0) * q;
    if ((prior?.[i] ?? 1) <= 0) continue;
    nPositive++;
    const r = ((y[i] ?? 0) - (mu[i] ?? 0)) / (mu[i] ?? 1);
    pearson += (working[i] ?? 0) * r * r;
  }
  const dfResidual = nPositive - p;
  return {
    coef,
    mu: Array.from(mu),
    covUnscaled: finalCov,
    hat,
    dispersion: dfResidual > 0 ? pearson / dfResidual : NaN,
    dfResidual,
    converged,
  };
}
