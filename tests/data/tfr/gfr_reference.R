# Reference numbers for the general fertility rate (GFR) from birth histories, and for the
# ever-married variant of the synthetic women's file, computed with DHS.rates 0.9.2.
#
# Usage (from the repository root):
#   Rscript tests/data/tfr/gfr_reference.R <folder with DHS.rates' R/*.R files>
#
# DHS.rates' R sources are those of the public CRAN mirror cran/DHS.rates at commit 561ca00
# ("version 0.9.2"); nothing of them is copied here. Needs the R packages survey, reshape,
# haven, crayon and jsonlite (Debian: r-cran-survey, r-cran-reshape, r-cran-haven,
# r-cran-crayon, r-cran-jsonlite).
#
# Writes:
#   tests/data/tfr/women_evermarried.csv  the ever-married variant (seeded, see below)
#   tests/data/tfr/expected_gfr.json      every number, 12 significant digits
#
# Full precision: each fert() call is run twice, once as released (its printed, rounded
# output) and once with round() masked by the identity function (the same code, unrounded).

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript gfr_reference.R <DHS.rates R folder>")
rdir <- args[[1]]
here <- "tests/data/tfr"

load_dhsrates <- function(full) {
  env <- new.env(parent = globalenv())
  if (full) assign("round", function(x, digits = 0) x, envir = env)
  for (f in list.files(rdir, pattern = "[.]R$", full.names = TRUE)) sys.source(f, envir = env)
  env
}
printed <- load_dhsrates(FALSE)
full <- load_dhsrates(TRUE)
quiet <- function(expr) {
  out <- NULL
  invisible(utils::capture.output(out <- suppressMessages(suppressWarnings(expr))))
  out
}
as_records <- function(x) {
  x <- as.data.frame(x, stringsAsFactors = FALSE)
  for (n in names(x)) {
    number <- suppressWarnings(as.numeric(x[[n]]))
    if (!anyNA(number)) x[[n]] <- number
  }
  x
}

women <- utils::read.csv(file.path(here, "women.csv"))

# ------------------------------------------------------------------------------------------
# the ever-married variant: a seeded sample of the ever-married women of women.csv, with the
# all-women factors computed from the full file as DHS does from the household schedule
# ------------------------------------------------------------------------------------------
set.seed(20240601)
age_group <- pmin(pmax(floor((women$v008 - women$v011) / 60) - 3, 0), 6)  # at interview
p_married <- c(0.22, 0.58, 0.80, 0.90, 0.94, 0.96, 0.97)[age_group + 1]
p_married <- ifelse(women$v025 == 1, p_married * 0.9, pmin(p_married * 1.05, 0.99))
ever <- stats::runif(nrow(women)) < p_married
w <- women$v005 / 1e6
# awfactt = 100 x (weighted women of the age group) / (weighted ever-married of the group);
# awfactu the same within urban / rural (v025)
fact_t <- 100 * tapply(w, age_group, sum) / tapply(w * ever, age_group, sum)
key_u <- paste(age_group, women$v025)
fact_u <- 100 * tapply(w, key_u, sum) / tapply(w * ever, key_u, sum)
em <- women[ever, ]
em$awfactt <- round(as.numeric(fact_t[as.character(age_group[ever])]), 2)
em$awfactu <- round(as.numeric(fact_u[key_u[ever]]), 2)
em$v021 <- as.integer(factor(em$v021))  # clusters relabelled 1..k (DHS.rates' jackknife loop)
em <- em[, c(setdiff(names(women), grep("^b3_", names(women), value = TRUE)),
             "awfactt", "awfactu", grep("^b3_", names(women), value = TRUE))]
utils::write.csv(em, file.path(here, "women_evermarried.csv"), row.names = FALSE, na = "")
em <- utils::read.csv(file.path(here, "women_evermarried.csv"))

# ------------------------------------------------------------------------------------------
# jackknife of the GFR, written plainly on DHS.rates' DataPrepare() rows (not its code for
# the TFR jackknife): delete one cluster, strata ignored, original weights
# ------------------------------------------------------------------------------------------
gfr_rows <- function(data, factor_column = NULL) {
  data <- data[data$v005 != 0, ]
  data$ID <- seq_len(nrow(data))
  data$allwoment <- if (is.null(factor_column)) 1 else data[[factor_column]] / 100
  rows <- full$DataPrepare(data, NULL, NULL)
  rows <- rows[rows$age5 >= 0 & rows$age5 <= 6, ]
  rows$exposureg <- rows$allwoment * rows$exposureg
  rows
}
jackknife <- function(rows) {
  b <- tapply(rows$birth * rows$rweight, rows$v021, sum)
  x <- tapply(rows$exposureg * rows$rweight, rows$v021, sum)
  k <- length(b)
  gfr <- sum(b) / sum(x)
  replicates <- (sum(b) - b) / (sum(x) - x)
  se <- sqrt((k - 1) / k * sum((replicates - gfr)^2))
  # the same with R survey's JK1 replicate weights (mse = TRUE: centred at the estimate)
  design <- survey::svydesign(id = ~v021, weights = ~rweight, data = rows)
  rep <- survey::as.svrepdesign(design, type = "JK1", mse = TRUE)
  se_survey <- as.numeric(survey::SE(survey::svyratio(~birth, ~exposureg, rep)))
  stopifnot(abs(se - se_survey) <= 1e-9 * se)
  list(gfr = gfr, se_jk = se, se_jk_survey_jk1 = se_survey, k = k)
}
by_class <- function(data, f) {
  out <- list()
  for (v in sort(unique(data$v025))) out[[as.character(v)]] <- f(data[data$v025 == v, ])
  out
}

res <- list()
res$meta <- list(
  generator = paste0(R.version.string, "; survey ", utils::packageVersion("survey"),
                     "; reshape ", utils::packageVersion("reshape"),
                     "; DHS.rates 0.9.2 sourced from cran/DHS.rates@561ca00"),
  created = format(Sys.time(), "%Y-%m-%d %H:%M:%S UTC", tz = "UTC"),
  precision = "12 significant digits",
  calls = list(
    gfr = 'fert(women, Indicator = "gfr")',
    gfr_by_v025 = 'fert(women, Indicator = "gfr", Class = "v025")',
    em_gfr = 'fert(em, Indicator = "gfr", EverMW = "Yes", AWFact = "awfactt")',
    em_gfr_by_v025 = 'fert(em, Indicator = "gfr", EverMW = "Yes", AWFact = "awfactu", Class = "v025")',
    em_tfr = 'fert(em, Indicator = "tfr", JK = "Yes", EverMW = "Yes", AWFact = "awfactt")',
    em_asfr = 'fert(em, Indicator = "asfr", EverMW = "Yes", AWFact = "awfactt")',
    jackknife = "plain delete-one-cluster jackknife of sum(w birth) / sum(w exposureg) on DataPrepare() rows (strata ignored); checked against survey::as.svrepdesign(type = 'JK1', mse = TRUE)"
  ),
  evermarried = "women_evermarried.csv: set.seed(20240601); a woman of women.csv is ever married with probability c(.22,.58,.80,.90,.94,.96,.97) by age group at interview, x 0.9 urban, x 1.05 (max .99) rural; awfactt = 100 x weighted women / weighted ever-married women of her age group (all of women.csv), awfactu the same within v025, both rounded to 2 decimals; v021 relabelled 1..k"
)
res$gfr <- as_records(quiet(full$fert(women, Indicator = "gfr")))
res$gfr_printed <- as_records(quiet(printed$fert(women, Indicator = "gfr")))
res$gfr_by_v025 <- as_records(quiet(full$fert(women, Indicator = "gfr", Class = "v025")))
res$gfr_jackknife <- jackknife(gfr_rows(women))
res$gfr_jackknife_by_v025 <- by_class(women, function(d) jackknife(gfr_rows(d)))

res$em_n_women <- nrow(em)
res$em_gfr <- as_records(quiet(full$fert(em, Indicator = "gfr", EverMW = "Yes", AWFact = "awfactt")))
res$em_gfr_printed <- as_records(quiet(printed$fert(em, Indicator = "gfr", EverMW = "Yes",
                                                    AWFact = "awfactt")))
res$em_gfr_by_v025 <- as_records(quiet(full$fert(em, Indicator = "gfr", EverMW = "Yes",
                                                 AWFact = "awfactu", Class = "v025")))
res$em_gfr_jackknife <- jackknife(gfr_rows(em, "awfactt"))
res$em_gfr_jackknife_by_v025 <- by_class(em, function(d) jackknife(gfr_rows(d, "awfactu")))
res$em_tfr <- as_records(quiet(full$fert(em, Indicator = "tfr", JK = "Yes", EverMW = "Yes",
                                         AWFact = "awfactt")))
res$em_asfr <- as_records(quiet(full$fert(em, Indicator = "asfr", EverMW = "Yes",
                                          AWFact = "awfactt")))

writeLines(jsonlite::toJSON(res, digits = I(12), auto_unbox = TRUE, pretty = TRUE),
           file.path(here, "expected_gfr.json"))
cat("wrote", file.path(here, "expected_gfr.json"), "\n")
