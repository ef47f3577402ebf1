# The report's pieces against hand-derived values (the same as Python's
# python/tests/test_report.py); parity_tests/test_report_parity.py compares
# the two languages' pages byte for byte.

test_that("numbers are written as C's %.6g, non-finite ones as R names them", {
  expect_identical(twinnet:::report_number(c(1 / 3, 1e-5, -0, 1234567, 5, NaN, Inf, -Inf)),
                   c("0.333333", "1e-05", "-0", "1.23457e+06", "5", "NaN", "Inf", "-Inf"))
  expect_identical(twinnet:::report_escape("<a href=\"x\">&"),
                   "&lt;a href=&quot;x&quot;&gt;&amp;")
})

test_that("ticks are 1, 2 or 5 times a power of ten", {
  expect_equal(twinnet:::report_ticks(1, 5000, whole = TRUE), c(1000, 2000, 3000, 4000, 5000))
  expect_equal(twinnet:::report_ticks(1, 3, whole = TRUE), c(1, 2, 3))
  expect_equal(twinnet:::report_ticks(-1.34, 2.46), c(-1, 0, 1, 2))
  expect_equal(twinnet:::report_ticks(0.32, 0.59), c(0.35, 0.4, 0.45, 0.5, 0.55))
  expect_equal(twinnet:::report_log_ticks(0.0017, 0.44),
               c(0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2))
  expect_equal(twinnet:::report_log_ticks(0.0003, 9), c(0.001, 0.01, 0.1, 1))
  kept <- twinnet:::report_kept(5000)
  expect_equal(c(head(kept, 3), tail(kept, 2), length(kept)), c(0, 3, 6, 4998, 4999, 1668))
})

test_that("the toy page shows the article's data, weights and result", {
  page <- report_html(file.path(fixtures_dir(), "seed000_toy", "config.json"))
  expect_true(grepl(paste0("<tr><td class=\"name\">x1</td><td>0</td><td>0.666667</td>",
                           "<td>1</td></tr>"), page, fixed = TRUE))
  # wh[1, 1]: rnorm(1) after set.seed(42) is 1.3709584
  expect_true(grepl("<tr><td class=\"name\">1</td><td>1.37096</td>", page, fixed = TRUE))
  expect_true(grepl("Accuracy 100.00% (3 of 3).", page, fixed = TRUE))
  for (id in c("configuration", "data", "training", "boundary", "network", "trace",
               "evaluation", "parity")) {
    expect_true(grepl(paste0("<section id=\"", id, "\">"), page, fixed = TRUE))
  }
})

test_that("bad output names and parity folders are refused, nothing written", {
  config <- file.path(fixtures_dir(), "seed000_toy", "config.json")
  dir <- tempfile()
  dir.create(dir)
  expect_identical(twinnet_error_message(write_report(config, file.path(dir, "r.txt"))),
                   paste0("out must be a file name ending in .html, got '",
                          file.path(dir, "r.txt"), "'"))
  expect_identical(twinnet_error_message(write_report(config, file.path(dir, "r.html"),
                                                      parity = dir)),
                   paste0("the parity folder ", dir, " has no python/model.json (give the ",
                          "folder twinnet parity --out wrote)"))
  expect_length(list.files(dir, all.files = TRUE, no.. = TRUE), 0L)
})
