//! Command-line flags, parsed once (clap) into the argument structs each
//! command receives. Commands never look at raw arguments themselves.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A line on standard error. A closed or full standard error is ignored:
/// there is nowhere left to report it, and it must not become a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Writes a command's output to standard output. A reader that stops early
/// (`| head`, `| true`) is not an error; any other failure (a full disk) is.
pub fn print(text: &str) -> crate::error::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(crate::error::Error::new(
            format!("cannot write to standard output: {e}"),
        )),
        _ => Ok(()),
    }
}

pub mod annotate;
pub mod diff;
pub mod extract;
pub mod ordered;
pub mod output;
pub mod report;
pub mod review;
pub mod schema;
pub mod serve;
pub mod validate;

use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "jingwang",
    version,
    about = "Extract enforcement statistics from Chinese police reports on online crime, and score the extraction against hand-written ground truth"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the extractor on files, directories or stdin (`-`)
    Extract(ExtractArgs),
    /// Check annotation files against their sources and the guide
    Validate(ValidateArgs),
    /// Score the extractor (or saved predictions) against the ground truth
    Report(ReportArgs),
    /// Show one document's matched, missed and spurious facts
    Diff(DiffArgs),
    /// Write draft annotations from the extractor's output, for a person to check
    Annotate(AnnotateArgs),
    /// Print the JSON Schema of the annotation format (kept in docs/annotation.schema.json)
    Schema,
    /// Write a static review site: every source with its facts highlighted, gold against predicted
    Review(ReviewArgs),
    /// Serve the review pages on 127.0.0.1 and write the annotator's edits to the YAML files
    Serve(ServeArgs),
}

/// Where the corpus and its ground truth live.
#[derive(Args, Debug, Clone)]
pub struct LayoutArgs {
    /// Directory of source documents (`.txt`) [default: the roots of
    /// corpora.yaml, else `corpus`]
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Directory of annotation files (`.yaml`), mirroring the corpus
    /// [default: the roots of corpora.yaml, else `annotations`]
    #[arg(long)]
    pub annotations: Option<PathBuf>,
}

impl LayoutArgs {
    /// The one layout the flags name, `corpus` and `annotations` where a
    /// flag is not given.
    pub fn layout(&self) -> crate::annotation::corpus::Layout {
        crate::annotation::corpus::Layout::new(
            self.corpus.clone().unwrap_or_else(|| "corpus".into()),
            self.annotations
                .clone()
                .unwrap_or_else(|| "annotations".into()),
        )
    }

    /// The corpus roots to work on: the one the flags name when either is
    /// given, else every root of `corpora.yaml` in the working directory
    /// (optional roots whose sources are absent left out, with a note on
    /// stderr), else `corpus` and `annotations`.
    pub fn roots(&self) -> crate::error::Result<Vec<crate::annotation::corpus::Root>> {
        use crate::annotation::corpus::{read_project, Root, PROJECT_FILE};
        let project = std::path::Path::new(PROJECT_FILE);
        if self.corpus.is_some() || self.annotations.is_some() || !project.is_file() {
            return Ok(vec![Root {
                name: "corpus".into(),
                layout: self.layout(),
                optional: false,
            }]);
        }
        let mut roots = read_project(project)?;
        roots.retain(|r| {
            let keep = r.present() || !r.optional;
            if !keep {
                say!(
                    "note: corpus root `{}` skipped: {} does not exist",
                    r.name,
                    r.layout.corpus.display()
                );
            }
            keep
        });
        Ok(roots)
    }

    /// The root a document given on the command line belongs to: the one
    /// whose corpus or annotations folder holds the path, else the first.
    pub fn root_of(
        &self,
        arg: &std::path::Path,
    ) -> crate::error::Result<crate::annotation::corpus::Layout> {
        let roots = self.roots()?;
        let holds = |dir: &std::path::Path| {
            arg.starts_with(dir)
                || matches!((arg.canonicalize(), dir.canonicalize()), (Ok(a), Ok(d)) if a.starts_with(&d))
        };
        // The most specific root first: annotations/real before annotations.
        let mut best: Option<&crate::annotation::corpus::Root> = None;
        for r in &roots {
            let depth =
                |r: &crate::annotation::corpus::Root| r.layout.annotations.components().count();
            if (holds(&r.layout.corpus) || holds(&r.layout.annotations))
                && best.is_none_or(|b| depth(r) > depth(b))
            {
                best = Some(r);
            }
        }
        Ok(best
            .or(roots.first())
            .map(|r| r.layout.clone())
            .unwrap_or_else(|| self.layout()))
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Each path is a text file or a directory of `.txt` files; `-` is one document on stdin
    Text,
    /// stdin carries JSON lines `{"source": ..., "text": ...}`, one document each
    Jsonl,
}

#[derive(Args, Debug, Clone)]
pub struct ExtractArgs {
    /// Files or directories to read; `-` reads stdin
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, default_value = "yaml", value_parser = output::OutputFormat::parser())]
    pub format: output::OutputFormat,
    /// Write one output file per source under this directory instead of stdout
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// With jsonl: one line per fact instead of one per document
    #[arg(long)]
    pub per_fact: bool,
    /// How stdin is read
    #[arg(long, value_enum, default_value_t = InputFormat::Text)]
    pub input: InputFormat,
    /// Worker threads for directory runs (0: one per core)
    #[arg(short = 'j', long, default_value_t = 0)]
    pub jobs: usize,
    /// The largest document read, in bytes or with a K, M or G suffix; a
    /// larger one is an error (so an endless input cannot fill memory)
    #[arg(long, default_value = "128M", value_parser = parse_size)]
    pub max_size: u64,
}

/// A size such as `128M`, `1G`, `500K` or `1048576` (bytes); K, M and G
/// are powers of 1024.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let upper = t.to_ascii_uppercase();
    let digits = upper.trim_end_matches('B').trim_end_matches('I').trim_end();
    let (number, shift) = match digits.chars().last() {
        Some('K') => (&digits[..digits.len() - 1], 10),
        Some('M') => (&digits[..digits.len() - 1], 20),
        Some('G') => (&digits[..digits.len() - 1], 30),
        _ => (digits, 0),
    };
    number
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{s}` is not a size such as 128M, 1G, 500K or 1048576"))
}

#[derive(Args, Debug, Clone)]
pub struct ValidateArgs {
    /// Annotation files to check (default: every file under --annotations)
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub layout: LayoutArgs,
    /// Treat warnings as errors
    #[arg(long)]
    pub strict: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Aligned plain-text tables
    Table,
    /// One JSON object (with `roots` when several corpus roots are scored)
    Json,
    /// Markdown tables
    Markdown,
}

#[derive(Args, Debug, Clone)]
pub struct ReportArgs {
    #[command(flatten)]
    pub layout: LayoutArgs,
    /// Score saved prediction files (same layout as the annotations) instead of running the extractor
    #[arg(long)]
    pub predictions: Option<PathBuf>,
    /// Output format: an aligned table, JSON for scripts, or Markdown for
    /// pull requests and notes
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour on a terminal only
    Auto,
    /// Colour even through a pipe
    Always,
    /// Never colour
    Never,
}

#[derive(Args, Debug, Clone)]
pub struct DiffArgs {
    /// The document: its source, its annotation, or its name
    pub file: PathBuf,
    #[command(flatten)]
    pub layout: LayoutArgs,
    /// Compare against saved predictions instead of running the extractor
    #[arg(long)]
    pub predictions: Option<PathBuf>,
    /// When to colour the output: `auto` colours on a terminal and not through
    /// a pipe or into a file
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Args, Debug, Clone)]
pub struct AnnotateArgs {
    /// Source documents to draft annotations for
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub layout: LayoutArgs,
    /// Replace an existing annotation, keeping the old file as a backup first
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug, Clone)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub layout: LayoutArgs,
    /// Compare against saved predictions instead of running the extractor
    #[arg(long)]
    pub predictions: Option<PathBuf>,
    /// Directory to write the site to (index.html, doc/, assets/)
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    #[command(flatten)]
    pub layout: LayoutArgs,
    /// Compare against saved predictions instead of running the extractor
    #[arg(long)]
    pub predictions: Option<PathBuf>,
    /// Port on 127.0.0.1 (0: any free port)
    #[arg(long, default_value_t = 0)]
    pub port: u16,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `extract --max-size` defaults to the limit every other command reads
    /// files under (`text::source::FILE_MAX`): one limit, written twice only
    /// because clap wants its default as text.
    #[test]
    fn max_size_defaults_to_the_file_limit() {
        let cli = Cli::try_parse_from(["jingwang", "extract", "corpus"]).unwrap();
        let Command::Extract(args) = cli.command else {
            panic!("not the extract command")
        };
        assert_eq!(args.max_size, crate::text::source::FILE_MAX);
    }
}
