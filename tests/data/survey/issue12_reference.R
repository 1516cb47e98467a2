# Reference outputs for covariance, contrasts, calibration and quantiles on the api data,
# computed with the R package `survey`.
# Produced with R 4.2.2 and survey 4.5 (the version string is stored in the JSON meta).
# Usage: Rscript issue12_reference.R [DIR]   (DIR holds api_strat.csv and api_clus1.csv;
#                                             issue12_reference.json is written there; default ".")
# The population margins (apipop: 6194 schools) come from survey's own data(api).
suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[1] else "."

apistrat <- read.csv(file.path(dir, "api_strat.csv"), stringsAsFactors = FALSE, check.names = FALSE)
apiclus1 <- read.csv(file.path(dir, "api_clus1.csv"), stringsAsFactors = FALSE, check.names = FALSE)
api_env <- new.env()
data(api, package = "survey", envir = api_env)  # apipop only (R's own apiclus1/apistrat stay out)
apipop <- api_env$apipop

options(warn = 1)  # print every warning where it happens
options(survey.lonely.psu = "fail", survey.replicates.mse = FALSE,
        survey.adjust.domain.lonely = FALSE, survey.ultimate.cluster = FALSE)

dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
rclus1 <- as.svrepdesign(dclus1, type = "JK1", mse = FALSE)
rstrat <- as.svrepdesign(dstrat, type = "JKn", mse = FALSE)

num <- function(x) as.numeric(as.matrix(x))
named <- function(x) as.list(setNames(num(x), names(x)))
named_se <- function(obj) as.list(setNames(num(SE(obj)), names(coef(obj))))
matrix_rows <- function(m) setNames(lapply(seq_len(nrow(m)), function(i) named(m[i, ])), rownames(m))

results <- list()
put <- function(id, value) results[[id]] <<- value

# ---------------------------------------------------------------- covariance and contrasts
# z statistic and p-value for "contrast = 0": est / se against the normal distribution
wald <- function(est, se) list(statistic = est / se, p_value = 2 * pnorm(-abs(est / se)))
contrast_record <- function(code, obj) {
  est <- num(coef(obj)); se <- num(SE(obj))
  c(list(code = code, estimate = est, se = se,
         ci_low = est - qnorm(0.975) * se, ci_high = est + qnorm(0.975) * se), wald(est, se))
}

for (d in c("dclus1", "dstrat", "rclus1", "rstrat")) {
  rep <- d %in% c("rclus1", "rstrat")
  code <- sprintf("svyby(~api00, ~stype, %s, svymean, covmat = TRUE%s)", d,
                  if (rep) ", return.replicates = TRUE" else "")
  by <- eval(parse(text = code))
  put(paste0(d, ".by_stype.api00.mean"), list(code = code, estimate = named(coef(by)),
      se = named_se(by), vcov = matrix_rows(vcov(by))))
  lin <- svycontrast(by, c(E = 1, H = -1))
  put(paste0(d, ".contrast.E_minus_H"),
      contrast_record(sprintf("svycontrast(%s, c(E = 1, H = -1))", "by"), lin))
  lin3 <- svycontrast(by, c(E = 1, H = -0.5, M = -0.5))
  put(paste0(d, ".contrast.E_minus_HM"),
      contrast_record("svycontrast(by, c(E = 1, H = -0.5, M = -0.5))", lin3))
  nl <- svycontrast(by, quote(E / H))
  put(paste0(d, ".contrast.E_over_H"),
      contrast_record(paste("svycontrast(by, quote(E / H))",
                            if (rep) "# replicate designs: E / H of each replicate" else "# delta method"),
                      nl))
  code <- sprintf("svyby(~enroll, ~stype, %s, svytotal, covmat = TRUE%s)", d,
                  if (rep) ", return.replicates = TRUE" else "")
  byt <- eval(parse(text = code))
  put(paste0(d, ".by_stype.enroll.total"), list(code = code, estimate = named(coef(byt)),
      se = named_se(byt), vcov = matrix_rows(vcov(byt))))
  code <- sprintf("svyby(~api00 + api99, ~stype, %s, svymean, covmat = TRUE)", d)
  by2 <- eval(parse(text = code))
  put(paste0(d, ".by_stype.api00_api99.mean"), list(code = code, estimate = named(coef(by2)),
      se = named_se(by2), vcov = matrix_rows(vcov(by2)),
      note = "keys are level:variable, e.g. E:api00"))
  code <- sprintf("svymean(~api00 + api99, %s%s)", d, if (rep) ", return.replicates = TRUE" else "")
  m2 <- eval(parse(text = code))
  put(paste0(d, ".mean.api00_api99"), list(code = code, estimate = named(coef(m2)),
      se = named_se(m2), vcov = matrix_rows(vcov(m2))))
  put(paste0(d, ".contrast.api00_minus_api99"),
      contrast_record("svycontrast(svymean(~api00 + api99, design), c(api00 = 1, api99 = -1))",
                      svycontrast(m2, c(api00 = 1, api99 = -1))))
  put(paste0(d, ".contrast.api00_over_api99"),
      contrast_record("svycontrast(svymean(~api00 + api99, design), quote(api00 / api99))",
                      svycontrast(m2, quote(api00 / api99))))
}

# Two independent rounds: the api99 and api00 domain means of two different samples (dstrat
# as round a, dclus1 as round b), difference b - a and se = sqrt(se_a^2 + se_b^2).
a <- svyby(~api99, ~stype, dstrat, svymean)
b <- svyby(~api00, ~stype, dclus1, svymean)
diff <- num(coef(b)) - num(coef(a))
se_diff <- sqrt(num(SE(a))^2 + num(SE(b))^2)
put("compare_rounds.dstrat_api99.dclus1_api00",
    c(list(code = "coef(b) - coef(a); sqrt(SE(a)^2 + SE(b)^2) with a = svyby(~api99, ~stype, dstrat, svymean), b = svyby(~api00, ~stype, dclus1, svymean)",
           domains = names(coef(a)), estimate = diff, se = se_diff,
           ci_low = diff - qnorm(0.975) * se_diff, ci_high = diff + qnorm(0.975) * se_diff),
      wald(diff, se_diff)))

# ---------------------------------------------------------------- calibration
pop_stype <- as.data.frame(table(stype = apipop$stype))
pop_schwide <- as.data.frame(table(sch.wide = apipop$sch.wide))
pop_compimp <- as.data.frame(table(comp.imp = apipop$comp.imp))
pop_totals <- c(`(Intercept)` = nrow(apipop), stypeH = sum(apipop$stype == "H"),
                stypeM = sum(apipop$stype == "M"), api99 = sum(apipop$api99))
put("population", list(stype = named(setNames(pop_stype$Freq, pop_stype$stype)),
                       sch.wide = named(setNames(pop_schwide$Freq, pop_schwide$sch.wide)),
                       comp.imp = named(setNames(pop_compimp$Freq, pop_compimp$comp.imp)),
                       api99 = sum(apipop$api99), N = nrow(apipop),
                       code = "table(apipop$stype), table(apipop$sch.wide), table(apipop$comp.imp), sum(apipop$api99)"))

calibrated <- list(
  ps_stype = "postStratify(%s, ~stype, pop_stype)",
  ps_schwide = "postStratify(%s, ~sch.wide, pop_schwide)",
  rake3 = paste("rake(%s, list(~stype, ~sch.wide, ~comp.imp), list(pop_stype, pop_schwide, pop_compimp),",
                "control = list(maxit = 100, epsilon = 1e-12))"),
  cal_linear = "calibrate(%s, ~stype + api99, pop_totals)",
  cal_linear_bounded = "calibrate(%s, ~stype + api99, pop_totals, bounds = %s, calfun = \"linear\")",
  cal_raking = "calibrate(%s, ~stype + api99, pop_totals, calfun = \"raking\")",
  cal_logit = "calibrate(%s, ~stype + api99, pop_totals, bounds = %s, calfun = \"logit\")"
)
for (d in c("dclus1", "dstrat", "rclus1", "rstrat")) {
  for (nm in names(calibrated)) {
    # bounds: c(0.5, 2) binds on the Taylor designs; the replicate designs use c(0.45, 2.5), with which
    # every replicate converges (with c(0.5, 2) one JK1 replicate of rclus1 does not, and R only warns)
    bounds <- if (d %in% c("rclus1", "rstrat")) "c(0.45, 2.5)" else "c(0.5, 2)"
    code <- if (grepl("bounds", calibrated[[nm]])) sprintf(calibrated[[nm]], d, bounds) else sprintf(calibrated[[nm]], d)
    cd <- eval(parse(text = code))
    m <- svymean(~api00, cd)
    t <- svytotal(~enroll, cd)
    byc <- svyby(~api00, ~sch.wide, cd, svymean)
    put(paste0(d, ".", nm), list(
      code = code,
      weights = num(weights(cd, "sampling")),
      mean_api00 = list(code = "svymean(~api00, cd)", estimate = num(coef(m)), se = num(SE(m))),
      total_enroll = list(code = "svytotal(~enroll, cd)", estimate = num(coef(t)), se = num(SE(t))),
      by_schwide_api00 = list(code = "svyby(~api00, ~sch.wide, cd, svymean)",
                              estimate = named(coef(byc)), se = named_se(byc))))
  }
}
# infeasible bounds: R refuses with "Calibration failed"
infeasible <- tryCatch({
  calibrate(dclus1, ~stype + api99, pop_totals, bounds = c(0.8, 1.2), calfun = "linear"); "ran"
}, error = function(e) conditionMessage(e))
put("dclus1.cal_linear_infeasible", list(
  code = "calibrate(dclus1, ~stype + api99, pop_totals, bounds = c(0.8, 1.2), calfun = \"linear\")",
  error = infeasible))

# ---------------------------------------------------------------- quantiles
quant_record <- function(code, design_code) {
  q <- eval(parse(text = code))
  tab <- q[[1]]
  list(code = code, probs = as.numeric(rownames(tab)), quantile = num(tab[, 1]),
       ci_low = num(tab[, 2]), ci_high = num(tab[, 3]), se = num(tab[, 4]),
       df = degf(eval(parse(text = design_code))))
}
for (d in c("dclus1", "dstrat", "rclus1", "rstrat")) {
  for (rule in c("math", "hf7", "school", "hf1", "hf2", "hf4", "hf5", "hf6", "hf8", "hf9")) {
    for (y in c("api00", "enroll")) {
      code <- sprintf("svyquantile(~%s, %s, c(0.1, 0.25, 0.5, 0.75, 0.9), qrule = \"%s\", interval.type = \"mean\")",
                      y, d, rule)
      put(sprintf("%s.quantile.%s.%s", d, y, rule), quant_record(code, d))
    }
  }
  for (rule in c("math", "hf7")) {
    for (lvl in c("E", "H", "M")) {
      sub <- sprintf("subset(%s, stype == \"%s\")", d, lvl)
      code <- sprintf("svyquantile(~api00, %s, c(0.25, 0.5), qrule = \"%s\", interval.type = \"mean\")",
                      sub, rule)
      put(sprintf("%s.quantile.api00.%s.stype_%s", d, rule, lvl), quant_record(code, sub))
    }
  }
}
# the same domain medians through svyby (as the by= argument computes them)
by_med <- svyby(~api00, ~stype, dclus1, svyquantile, quantiles = 0.5, qrule = "math",
                interval.type = "mean", ci = TRUE)
put("dclus1.svyby.quantile.api00.math", list(
  code = "svyby(~api00, ~stype, dclus1, svyquantile, quantiles = 0.5, qrule = \"math\", interval.type = \"mean\", ci = TRUE)",
  estimate = named(coef(by_med)), se = named_se(by_med)))

# quantiles and covariance on calibrated designs
for (d in c("dclus1", "rclus1")) {
  cd <- postStratify(get(d), ~stype, pop_stype)
  put(paste0(d, ".ps_stype.quantile.api00.math"),
      quant_record("svyquantile(~api00, cd, c(0.25, 0.5), qrule = \"math\", interval.type = \"mean\")", "cd"))
  byc <- svyby(~api00, ~sch.wide, cd, svymean, covmat = TRUE)
  put(paste0(d, ".ps_stype.by_schwide.vcov"),
      list(code = "vcov(svyby(~api00, ~sch.wide, postStratify(d, ~stype, pop_stype), svymean, covmat = TRUE))",
           vcov = matrix_rows(vcov(byc))))
}

meta <- list(
  generator = sprintf("%s; survey %s; jsonlite %s", R.version.string,
                      as.character(packageVersion("survey")), as.character(packageVersion("jsonlite"))),
  created = format(Sys.time(), "%Y-%m-%d %H:%M:%S %Z"),
  precision = "numbers written with 15 significant digits (jsonlite::toJSON(digits = I(15)))",
  designs = list(
    dclus1 = "svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)",
    dstrat = "svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)",
    rclus1 = "as.svrepdesign(dclus1, type = \"JK1\", mse = FALSE)",
    rstrat = "as.svrepdesign(dstrat, type = \"JKn\", mse = FALSE)"),
  options = "survey.lonely.psu = 'fail', survey.replicates.mse = FALSE",
  notes = c(
    "Contrast CIs and p-values use the normal quantile: est +/- qnorm(0.975) * se, p = 2 * pnorm(-|est / se|).",
    "Quantile CIs (interval.type = 'mean', Woodruff): p_hat = svymean(x <= q_hat), its CI with a t quantile on degf(design) degrees of freedom, mapped back through the same qrule; se = (upper - lower) / (2 * qt(0.975, df)).",
    "Quantiles of a domain use subset(design, ...): df = degf of the subset (PSUs with non-zero weight in the domain minus their strata).",
    "rake() with control epsilon < 1 is relative: epsilon * sum of the weights.",
    "The calibrated Taylor designs' variances use R's residuals: post-stratification, calibrate (greg_calibration) and the 10 backfitting sweeps of rake; replicate designs are recalibrated replicate by replicate."
  )
)
out <- list(meta = meta, results = results)
writeLines(toJSON(out, digits = I(15), auto_unbox = TRUE, pretty = TRUE, na = "null"),
           file.path(dir, "issue12_reference.json"))
cat("wrote", file.path(dir, "issue12_reference.json"), "with", length(results), "results\n")
