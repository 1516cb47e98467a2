# Reference outputs of R `survey` for the estimator layer's subtle cases:
# take-all (certainty) strata, the "adjust" centring of a lonely PSU and its fpc, lonely
# PSUs within domains (options(survey.adjust.domain.lonely = TRUE)), per-domain lonely-PSU
# arithmetic of svyby, and svyciprop "logit" vs "xlogit" on replicate designs.
# Usage: Rscript layer.R [DIR]   (DIR holds api_strat.csv and api_clus1.csv; writes layer.json)
# Each result stores the R call that produced it (evaluated below with eval(parse())).
suppressPackageStartupMessages({
  library(survey)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[1] else "."
apistrat <- read.csv(file.path(dir, "api_strat.csv"), stringsAsFactors = FALSE, check.names = FALSE)
apiclus1 <- read.csv(file.path(dir, "api_clus1.csv"), stringsAsFactors = FALSE, check.names = FALSE)
# take-all district 413 (its only school sampled with certainty), 1000 schools elsewhere
apiclus1$fpc_take_all <- ifelse(apiclus1$dnum == 413, 1, 1000)
# district 413 sampled from 4 schools (f = 1/4), 1000 schools elsewhere
apiclus1$fpc_lonely <- ifelse(apiclus1$dnum == 413, 4, 1000)
apiclus1$yes <- as.numeric(apiclus1$sch.wide == "Yes")
apistrat$yes <- as.numeric(apistrat$sch.wide == "Yes")
# domains with a single district of a school-type stratum (more than 40 % English learners)
apiclus1$ell_high <- as.numeric(apiclus1$ell > 40)

base_options <- function() options(survey.lonely.psu = "fail", survey.replicates.mse = FALSE,
                                   survey.adjust.domain.lonely = FALSE)
base_options()
results <- list()
rec <- function(id, design_code, code, lonely = "fail", domain_lonely = FALSE, ci = NULL) {
  base_options()
  options(survey.lonely.psu = lonely, survey.adjust.domain.lonely = domain_lonely)
  design <- eval(parse(text = design_code))
  obj <- suppressWarnings(eval(parse(text = code)))
  if (is.null(ci)) {
    est <- as.numeric(coef(obj))
    se <- as.numeric(SE(obj))
    out <- list(estimate = est, se = se)
    if (inherits(obj, "svyby")) out$domains <- as.character(obj[[1]])
  } else {
    out <- list(estimate = as.numeric(obj), se = as.numeric(sqrt(attr(obj, "var"))),
                ci = as.numeric(attr(obj, "ci")))
  }
  out$design <- design_code
  out$code <- code
  out$lonely_psu <- lonely
  out$adjust_domain_lonely <- domain_lonely
  results[[id]] <<- out
}

take_all <- "svydesign(id = ~1, strata = ~dnum, weights = ~pw, fpc = ~fpc_take_all, data = apiclus1)"
for (lonely in c("fail", "remove", "certainty", "adjust", "average")) {
  rec(paste0("take_all.", lonely, ".svymean.api00"), take_all, "svymean(~api00, design)", lonely)
  rec(paste0("take_all.", lonely, ".svytotal.api00"), take_all, "svytotal(~api00, design)", lonely)
}

lonely_fpc <- "svydesign(id = ~1, strata = ~dnum, weights = ~pw, fpc = ~fpc_lonely, data = apiclus1)"
lonely_wr <- "svydesign(id = ~1, strata = ~dnum, weights = ~pw, data = apiclus1)"
for (lonely in c("adjust", "average", "remove")) {
  rec(paste0("lonely_fpc.", lonely, ".svytotal.api00"), lonely_fpc, "svytotal(~api00, design)", lonely)
  rec(paste0("lonely_fpc.", lonely, ".svymean.api00"), lonely_fpc, "svymean(~api00, design)", lonely)
  rec(paste0("lonely_wr.", lonely, ".svytotal.api00"), lonely_wr, "svytotal(~api00, design)", lonely)
  # domains that miss the lonely stratum (district 413): svyby drops absent strata
  rec(paste0("lonely_wr.", lonely, ".svyby.api00_by_stype.svytotal"), lonely_wr,
      "svyby(~api00, ~stype, design, svytotal)", lonely)
  rec(paste0("lonely_wr.", lonely, ".svyby.api00_by_stype.svymean"), lonely_wr,
      "svyby(~api00, ~stype, design, svymean)", lonely)
}

# two-stage-like: districts within school-type strata; domains leave single districts in strata
nested <- "svydesign(id = ~dnum, strata = ~stype, weights = ~pw, nest = TRUE, data = apiclus1)"
for (lonely in c("adjust", "average", "remove", "certainty")) {
  for (domain_lonely in c(FALSE, TRUE)) {
    tag <- paste0("nested.", lonely, ".", if (domain_lonely) "domain" else "design")
    rec(paste0(tag, ".svyby.api00_by_ell_high.svymean"), nested,
        "svyby(~api00, ~ell_high, design, svymean)", lonely, domain_lonely)
    rec(paste0(tag, ".svyby.api00_by_ell_high.svytotal"), nested,
        "svyby(~api00, ~ell_high, design, svytotal)", lonely, domain_lonely)
  }
}

# replicate designs: svyciprop "logit" (replicate variance of the logit) vs "xlogit" (delta)
rclus1 <- "as.svrepdesign(svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1), type = \"JK1\")"
rstrat <- "as.svrepdesign(svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat), type = \"JKn\")"
for (method in c("logit", "xlogit")) {
  rec(paste0("rclus1_jk1.svyciprop.", method, ".yes"), rclus1,
      paste0("svyciprop(~yes, design, method = \"", method, "\")"), ci = TRUE)
  rec(paste0("rstrat_jkn.svyciprop.", method, ".yes"), rstrat,
      paste0("svyciprop(~yes, design, method = \"", method, "\")"), ci = TRUE)
}

# design effects on a replicate design (R's deff = TRUE: SRS without replacement;
# deff = "replace": with replacement)
for (deff in c("TRUE", "\"replace\"")) {
  tag <- if (deff == "TRUE") "srswor" else "srswr"
  for (stat in c("svytotal(~enroll", "svymean(~api00")) {
    code <- paste0(stat, ", design, deff = ", deff, ")")
    base_options()
    design <- eval(parse(text = rclus1))
    obj <- eval(parse(text = code))
    name <- paste0("rclus1_jk1.", sub("\\(~", ".", stat), ".deff.", tag)
    results[[name]] <- list(estimate = as.numeric(coef(obj)), se = as.numeric(SE(obj)),
                            deff = as.numeric(deff(obj)), design = rclus1, code = code)
  }
}

meta <- list(
  r_version = R.version.string,
  survey_version = as.character(packageVersion("survey")),
  note = "computed by layer.R on api_strat.csv and api_clus1.csv of this folder"
)
write(toJSON(list(meta = meta, results = results), auto_unbox = TRUE, digits = NA, pretty = TRUE),
      file.path(dir, "layer.json"))
