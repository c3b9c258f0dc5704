// Package report writes what a run leaves on disk: the results folder, its
// files written atomically, CSV files that pandas, R and spreadsheets read
// without options, and aligned text tables for the terminal. Figures are
// drawn by the subpackage report/plot; progress on the terminal by
// report/progress.
//
// # Results folder
//
// A run writes OUT/<scenario name>/<run id>/ (spec/cli.md, "Results
// folder"), where the run id is
//
//	<UTC start time as 20060102T150405Z>-<first 8 hex digits of SHA-256(resolved scenario)>
//
// for example 20250301T141502Z-3fa85f64. The hash is that of the resolved
// scenario bytes (every default filled in), so two runs of the same scenario
// started in the same second get the same id; NewRunDir then appends -2, -3,
// ... and never reuses an existing folder. The folder is claimed with a
// single mkdir, which is atomic, so concurrent runs cannot both claim it.
// The file and folder names inside (scenario.yaml, summary.json, metrics.csv,
// timeseries.csv, samples/, plots/) are the constants of this package;
// samples/ and plots/ are created only when something is written into them.
//
// # Atomic files
//
// Every file is written to a temporary file in the destination folder,
// flushed to stable storage (fsync), closed and renamed onto its final name;
// the folder is then synced so the rename itself is durable. rename(2) within
// one file system is atomic, so a reader or a crash sees either the old file,
// no file, or the complete new file, never a half-written one under the final
// name (the temporary names start with "." and end in ".tmp").
//
// # CSV
//
// CSV files follow RFC 4180 with a header row, comma separators and "\n"
// line ends. Floating-point numbers are formatted by FormatFloat as the
// shortest decimal string that parses back to the same float64
// (strconv 'g' format, precision -1), so no digits are lost and none are
// invented; NaN is written "NaN" and the infinities "inf" and "-inf", which
// pandas.read_csv, numpy and Go's strconv.ParseFloat all read as the
// corresponding IEEE values.
//
// # Summaries
//
// Describe gives order statistics of a sample (minimum, 5%, 25%, 50%, 75%,
// 95% quantiles, maximum) with the linear interpolation between order
// statistics of Hyndman & Fan (1996), definition 7 (the default of R and
// numpy), together with the mean and the unbiased standard deviation. It is a
// deterministic description of data, not an estimator with an error bar:
// metrics with standard errors come from the estimate package.
//
// References: RFC 4180, "Common Format and MIME Type for Comma-Separated
// Values (CSV) Files" (2005); R. J. Hyndman & Y. Fan, "Sample quantiles in
// statistical packages", The American Statistician 50, 361 (1996).
package report
