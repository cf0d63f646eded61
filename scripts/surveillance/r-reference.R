# Reference outputs of R `surveillance` for Weijian's detector tests.
#
# Run: Rscript scripts/surveillance/r-reference.R   (Debian: r-base-core, r-cran-surveillance)
# Writes small CSVs to packages/core/src/surveillance/fixtures/r/. The test suite reads them and
# never runs R. Each series file holds date,observed; each result file holds, per evaluated point,
# date, observed, upperbound, expected (when the method reports one) and alarm.
suppressMessages(library(surveillance))
out <- "packages/core/src/surveillance/fixtures/r"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
set.seed(20261128)

weekly_dates <- function(n, start = as.Date("2012-01-02")) seq(start, by = "7 days", length.out = n)

# Noufaily (2013) baseline: NB with Var = phi * mu, trend and one or two harmonics.
noufaily <- function(n, theta, beta, g1, g2, phi, m = 1) {
  t <- seq_len(n)
  s <- 0
  if (m >= 1) for (j in seq_len(m)) s <- s + g1 * cos(2 * pi * j * t / 52) + g2 * sin(2 * pi * j * t / 52)
  mu <- exp(theta + beta * t + s)
  if (phi == 1) rpois(n, mu) else rnbinom(n, size = mu / (phi - 1), mu = mu)
}

add_outbreak <- function(y, start, size) {
  cases <- floor(rlnorm(size, 0, 0.5))
  for (d in cases) if (start + d <= length(y)) y[start + d] <- y[start + d] + 1
  y
}

n <- 364
series <- list(
  salmNewport = {
    data("salmNewport", package = "surveillance", envir = environment())
    agg <- aggregate(salmNewport, by = "unit")
    data.frame(date = as.Date(epoch(agg)), observed = as.vector(observed(agg)))
  },
  cluster1 = data.frame(date = weekly_dates(n), observed = add_outbreak(noufaily(n, 0.1, 0.0025, 0.6, 0.6, 1.5), 330, 25)),
  cluster3 = data.frame(date = weekly_dates(n), observed = noufaily(n, 1.5, 0.003, 0.2, -0.4, 1)),
  cluster5 = data.frame(date = weekly_dates(n), observed = add_outbreak(noufaily(n, 2.5, 0.001, 1, 0.1, 3), 340, 120)),
  cluster6 = data.frame(date = weekly_dates(n), observed = noufaily(n, 3.75, 0.001, 0.1, -0.1, 1.1, m = 2)),
  sparse = data.frame(date = weekly_dates(n), observed = add_outbreak(noufaily(n, -2, 0.005, 0.1, 0.3, 2), 350, 12))
)

controls <- list(
  noufaily = list(noPeriods = 10, b = 4, w = 3, weightsThreshold = 2.58, pastWeeksNotIncluded = 26,
                  pThresholdTrend = 1, thresholdMethod = "nbPlugin", alpha = 0.05),
  orig = list(noPeriods = 1, b = 4, w = 3, weightsThreshold = 1, pastWeeksNotIncluded = 3,
              pThresholdTrend = 0.05, thresholdMethod = "delta", alpha = 0.05)
)

write_result <- function(name, dates, obs, ub, expected, alarms) {
  df <- data.frame(date = format(dates), observed = obs, upperbound = signif(ub, 15),
                   expected = signif(expected, 15), alarm = as.integer(alarms))
  write.csv(df, file.path(out, paste0(name, ".csv")), row.names = FALSE, quote = FALSE, na = "")
}

evaluated <- 104
for (s in names(series)) {
  d <- series[[s]]
  write.csv(d, file.path(out, paste0(s, ".series.csv")), row.names = FALSE, quote = FALSE)
  nobs <- nrow(d)
  x <- sts(observed = d$observed, epoch = d$date, epochAsDate = TRUE, frequency = 52)
  range <- (nobs - evaluated + 1):nobs
  for (cn in names(controls)) {
    r <- suppressWarnings(farringtonFlexible(x, control = c(controls[[cn]], list(range = range))))
    write_result(paste0(s, ".farringtonFlexible-", cn), d$date[range], d$observed[range],
                 as.vector(r@upperbound), as.vector(r@control$expected), as.vector(r@alarm))
  }
  for (m in c("C1", "C2")) {
    for (a in c(0.001, 0.05)) {
      r <- earsC(x, control = list(method = m, alpha = a, range = range))
      write_result(paste0(s, ".ears", m, "-", a), d$date[range], d$observed[range],
                   as.vector(r@upperbound), rep(NA, length(range)), as.vector(r@alarm))
    }
  }
  dp <- suppressWarnings(create.disProg(week = seq_len(nobs), observed = d$observed, state = rep(0, nobs), freq = 52))
  r <- suppressWarnings(algo.farrington(dp, control = list(range = range, b = 5, w = 3, alpha = 0.05)))
  write_result(paste0(s, ".farrington"), d$date[range], d$observed[range], as.vector(r$upperbound),
               rep(NA, length(range)), as.vector(r$alarm))
  r <- algo.cusum(dp, control = list(range = range, k = 1.04, h = 2.26, trans = "standard"))
  write_result(paste0(s, ".cusum"), d$date[range], d$observed[range], as.vector(r$upperbound),
               rep(r$control$m, length(range)), as.vector(r$alarm))
  r <- algo.cusum(dp, control = list(range = range, k = 1.04, h = 2.26, trans = "pearsonNegBin", alpha = 0.2))
  write_result(paste0(s, ".cusumNB"), d$date[range], d$observed[range], as.vector(r$upperbound),
               rep(r$control$m, length(range)), as.vector(r$alarm))
}

# Timing: the current week of the same 1,000 weekly series as scripts/surveillance/bench-series.ts
# (Park-Miller uniforms through qpois of a seasonal mean; 261 weeks), Noufaily controls.
bench_series <- function(i, weeks = 261) {
  state <- i %% 2147483646
  if (state == 0) state <- 1
  theta <- -1 + 4 * (i %% 100) / 100
  y <- numeric(weeks)
  for (t in seq_len(weeks)) {
    state <- (16807 * state) %% 2147483647
    mu <- exp(theta + 0.4 * cos(2 * pi * t / 52) + 0.3 * sin(2 * pi * t / 52))
    y[t] <- qpois(state / 2147483647, mu)
  }
  y
}
hist <- 261
sims <- lapply(seq_len(1000), bench_series)
write.csv(data.frame(i = 1:3, sum = sapply(sims[1:3], sum)), file.path(out, "bench-checksums.csv"), row.names = FALSE, quote = FALSE)
dates <- seq(as.Date("2021-01-04"), by = "7 days", length.out = hist)
alarms <- 0
elapsed <- system.time({
  for (y in sims) {
    x <- sts(observed = y, epoch = dates, epochAsDate = TRUE, frequency = 52)
    r <- suppressWarnings(farringtonFlexible(x, control = c(controls$noufaily, list(range = hist))))
    alarms <- alarms + sum(r@alarm, na.rm = TRUE)
  }
})[["elapsed"]]
timing <- data.frame(measured = format(Sys.Date()), r_version = paste(R.version$major, R.version$minor, sep = "."),
                     surveillance = as.character(packageVersion("surveillance")), series = 1000,
                     alarms = alarms, r_1000_s = round(elapsed, 2))
write.csv(timing, file.path(out, "timing.csv"), row.names = FALSE, quote = FALSE)
print(timing)
