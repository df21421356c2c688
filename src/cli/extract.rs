//! The `extract` command: sources in (files, directories, stdin, JSON
//! lines), extracted facts out (stdout in one of several shapes, or one
//! file per source under `-o`).
//!
//! **Invariant:** output comes in input order (paths as given, directory
//! contents sorted), streamed document by document while later documents
//! are still being extracted in parallel; a source that cannot be read is
//! reported on stderr in its place in that order, the rest go on, and the
//! exit code is 1 at the end.

use crate::annotation::write::write_atomic;
use crate::cli::export::{self, Extracted};
use crate::cli::ordered::ordered_map;
use crate::cli::{ExtractArgs, ExtractFormat, InputFormat};
use crate::error::{Error, Result};
use crate::extract::extract;
use crate::text::source::{check_text, decode};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufRead, IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// One unit of work, in the order its output must appear.
enum Job {
    /// A source file, and where its output file goes under `-o`.
    File { path: PathBuf, out: Option<PathBuf> },
    /// A whole text document read from stdin.
    Stdin(Vec<u8>),
    /// One JSON line: where it came from, its 1-based line number, its bytes.
    Line {
        origin: String,
        number: usize,
        bytes: Vec<u8>,
    },
    /// An input that failed before any work (unreadable directory entry).
    Failed(Failure),
}

/// Why one input produced no output.
struct Failure {
    source: String,
    reason: String,
    hint: Option<&'static str>,
}

/// What one job produced: text for stdout, or the file written under `-o`.
enum Done {
    Print(Vec<u8>),
    Wrote,
}

pub fn run(args: &ExtractArgs) -> Result<ExitCode> {
    check_flags(args)?;
    let shape = Shape {
        format: args.format,
        per_fact: args.per_fact,
        many: many_documents(args),
        to_stdout: args.output.is_none(),
    };
    let files = file_jobs(args)?;
    let mut sink = Sink::new(shape, progress_bar(args, &files));
    let jobs = files.into_iter().chain(jsonl_jobs(args));
    shape.start(&mut sink.stdout).map_err(output_error)?;
    ordered_map(
        jobs,
        args.jobs,
        |job| run_job(job, args, shape),
        |r| sink.take(r),
    )?;
    sink.finish()
}

/// The ordered end of the pipeline: prints documents, reports failures,
/// and remembers what the exit code must say.
struct Sink {
    shape: Shape,
    stdout: std::io::Stdout,
    progress: ProgressBar,
    printed: usize,
    failed: usize,
    hinted: Vec<&'static str>,
    write_error: Option<std::io::Error>,
}

impl Sink {
    fn new(shape: Shape, progress: ProgressBar) -> Sink {
        let stdout = std::io::stdout();
        Sink {
            shape,
            stdout,
            progress,
            printed: 0,
            failed: 0,
            hinted: Vec::new(),
            write_error: None,
        }
    }

    fn take(
        &mut self,
        result: std::result::Result<std::result::Result<Done, Failure>, String>,
    ) -> ControlFlow<()> {
        self.progress.inc(1);
        let failure = match result {
            Ok(Ok(Done::Wrote)) => return ControlFlow::Continue(()),
            Ok(Ok(Done::Print(bytes))) => return self.print(&bytes),
            Ok(Err(failure)) => failure,
            // run_job catches panics itself; this is the pool's safety net.
            Err(reason) => Failure {
                source: "(unknown source)".into(),
                reason,
                hint: None,
            },
        };
        self.failed += 1;
        report(&self.progress, &failure, &mut self.hinted);
        ControlFlow::Continue(())
    }

    fn print(&mut self, bytes: &[u8]) -> ControlFlow<()> {
        let first = self.printed == 0;
        self.printed += 1;
        match self.shape.emit(&mut self.stdout, bytes, first) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                self.write_error = Some(e);
                ControlFlow::Break(())
            }
        }
    }

    fn finish(mut self) -> Result<ExitCode> {
        self.progress.finish_and_clear();
        match self.write_error {
            // The reader went away (`| head`): nothing more is wanted.
            Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            Some(e) => return Err(output_error(e)),
            None => self.shape.finish(&mut self.stdout).map_err(output_error)?,
        }
        Ok(if self.failed > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        })
    }
}

fn output_error(e: std::io::Error) -> Error {
    Error::new(format!("cannot write output: {e}"))
}

/// Refuses flag combinations that have no meaning, before any work.
fn check_flags(args: &ExtractArgs) -> Result<()> {
    if args.per_fact && args.format != ExtractFormat::Jsonl {
        return Err(Error::new("--per-fact needs --format jsonl")
            .with_hint("--format csv is always one row per fact"));
    }
    let stdin_args = args.paths.iter().filter(|p| is_stdin(p)).count();
    if stdin_args > 1 {
        return Err(Error::new("`-` (stdin) is given more than once"));
    }
    if args.output.is_none() {
        return Ok(());
    }
    if !matches!(args.format, ExtractFormat::Yaml | ExtractFormat::Json) {
        return Err(
            Error::new("-o writes one file per source, in yaml or json").with_hint(
                "for jsonl or csv, redirect stdout: jingwang extract DIR --format csv > facts.csv",
            ),
        );
    }
    if stdin_args > 0 || args.input == InputFormat::Jsonl {
        return Err(Error::new(
            "-o needs file or directory paths: stdin gives no file name to write under",
        )
        .with_hint("redirect stdout instead"));
    }
    Ok(())
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Whether output is a stream of documents rather than one: decided by the
/// arguments, not by how many files a directory holds, so that scripts see
/// the same shape every time.
fn many_documents(args: &ExtractArgs) -> bool {
    args.input == InputFormat::Jsonl
        || args.paths.len() > 1
        || args.paths.iter().any(|p| p.is_dir())
}

/// Every file job, in output order. With `--input jsonl` there are none:
/// the paths are JSON-lines files read lazily by [`jsonl_jobs`].
fn file_jobs(args: &ExtractArgs) -> Result<Vec<Job>> {
    if args.input == InputFormat::Jsonl {
        return Ok(Vec::new());
    }
    let mut jobs = Vec::new();
    for path in &args.paths {
        if is_stdin(path) {
            jobs.push(read_stdin()?);
        } else if path.is_dir() {
            let found = directory_jobs(path, args.output.as_deref());
            if found.is_empty() {
                jobs.push(Job::Failed(Failure {
                    source: path.display().to_string(),
                    reason: "no .txt file in this folder".into(),
                    hint: Some("extract reads the .txt files below a folder (sources are plain text with a .txt name)"),
                }));
            }
            jobs.extend(found);
        } else {
            let out = args
                .output
                .as_ref()
                .map(|o| o.join(path.file_name().unwrap_or_default()));
            jobs.push(Job::File {
                path: path.clone(),
                out,
            });
        }
    }
    if args.output.is_some() {
        let ext = if args.format == ExtractFormat::Json {
            "json"
        } else {
            "yaml"
        };
        set_output_extension(&mut jobs, ext);
    }
    Ok(jobs)
}

fn read_stdin() -> Result<Job> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
        .map_err(|e| Error::new(format!("cannot read stdin: {e}")))?;
    Ok(Job::Stdin(bytes))
}

/// The `.txt` files under `dir`, sorted by path; an entry that cannot be
/// listed becomes a failure in its place.
fn directory_jobs(dir: &Path, output: Option<&Path>) -> Vec<Job> {
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name();
    let mut jobs = Vec::new();
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let source = e.path().unwrap_or(dir).display().to_string();
                let reason = e
                    .io_error()
                    .map_or_else(|| e.to_string(), |io| format!("cannot read: {io}"));
                jobs.push(Job::Failed(Failure {
                    source,
                    reason,
                    hint: None,
                }));
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_file() && path.extension().is_some_and(|e| e == "txt") {
            let out = output.map(|o| o.join(path.strip_prefix(dir).unwrap_or(path)));
            jobs.push(Job::File {
                path: path.to_path_buf(),
                out,
            });
        }
    }
    jobs
}

/// Gives each output file its extension; two sources that would write the
/// same output file make the second a failure instead of an overwrite.
fn set_output_extension(jobs: &mut [Job], ext: &str) {
    let mut seen = std::collections::HashMap::new();
    for job in jobs.iter_mut() {
        let Job::File {
            path,
            out: Some(out),
        } = job
        else {
            continue;
        };
        out.set_extension(ext);
        if let Some(first) = seen.insert(out.clone(), path.clone()) {
            let failure = Failure {
                source: path.display().to_string(),
                reason: format!(
                    "would overwrite {} written for {}",
                    out.display(),
                    first.display()
                ),
                hint: Some("give directories whose files have distinct relative paths"),
            };
            *job = Job::Failed(failure);
        }
    }
}

/// With `--input jsonl`: one job per non-blank line of each path (`-` is
/// stdin), read as the pipeline asks for more, so a stream of any length
/// is never held in memory.
fn jsonl_jobs(args: &ExtractArgs) -> impl Iterator<Item = Job> + '_ {
    let paths = if args.input == InputFormat::Jsonl {
        args.paths.as_slice()
    } else {
        &[]
    };
    paths
        .iter()
        .flat_map(|path| -> Box<dyn Iterator<Item = Job> + Send> {
            let origin = if is_stdin(path) {
                "stdin".to_string()
            } else {
                path.display().to_string()
            };
            let reader: Box<dyn BufRead + Send> = if is_stdin(path) {
                Box::new(std::io::BufReader::new(std::io::stdin()))
            } else {
                match std::fs::File::open(path) {
                    Ok(f) => Box::new(std::io::BufReader::new(f)),
                    Err(e) => {
                        let failure = Failure {
                            source: origin,
                            reason: format!("cannot read: {e}"),
                            hint: None,
                        };
                        return Box::new(std::iter::once(Job::Failed(failure)));
                    }
                }
            };
            Box::new(JsonLines {
                reader,
                origin,
                number: 0,
                done: false,
            })
        })
}

/// Splits a reader into JSON-line jobs.
struct JsonLines {
    reader: Box<dyn BufRead + Send>,
    origin: String,
    number: usize,
    done: bool,
}

impl Iterator for JsonLines {
    type Item = Job;

    fn next(&mut self) -> Option<Job> {
        while !self.done {
            let mut bytes = Vec::new();
            self.number += 1;
            match self.reader.read_until(b'\n', &mut bytes) {
                Ok(0) => self.done = true,
                Ok(_) if bytes.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(_) => {
                    return Some(Job::Line {
                        origin: self.origin.clone(),
                        number: self.number,
                        bytes,
                    });
                }
                Err(e) => {
                    self.done = true;
                    let reason = format!("cannot read line {}: {e}", self.number);
                    return Some(Job::Failed(Failure {
                        source: self.origin.clone(),
                        reason,
                        hint: None,
                    }));
                }
            }
        }
        None
    }
}

impl Job {
    /// The name failures are reported under.
    fn source(&self) -> String {
        match self {
            Job::File { path, .. } => path.display().to_string(),
            Job::Stdin(_) => "-".into(),
            Job::Line { origin, number, .. } => format!("{origin} line {number}"),
            Job::Failed(failure) => failure.source.clone(),
        }
    }
}

/// The work done in parallel: read, decode, extract, render or write. A
/// panic (a bug, never expected) fails this source only, by name.
fn run_job(job: Job, args: &ExtractArgs, shape: Shape) -> std::result::Result<Done, Failure> {
    let source = job.source();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| do_job(job, args, shape)))
        .unwrap_or_else(|_| {
            Err(Failure {
                source,
                reason: "internal error: the extractor panicked on this document".into(),
                hint: Some("please report it with the document attached"),
            })
        })
}

fn do_job(job: Job, args: &ExtractArgs, shape: Shape) -> std::result::Result<Done, Failure> {
    let (doc, out) = match job {
        Job::Failed(failure) => return Err(failure),
        Job::File { path, out } => (extract_file(&path)?, out),
        Job::Stdin(bytes) => (extract_bytes("-".into(), &bytes)?, None),
        Job::Line {
            origin,
            number,
            bytes,
        } => (extract_line(&origin, number, &bytes)?, None),
    };
    match out {
        None => Ok(Done::Print(shape.render(&doc))),
        Some(out) => write_output(&doc, &out, args.format).map(|()| Done::Wrote),
    }
}

const DECODE_HINT: &str = "jingwang reads UTF-8, UTF-16 with a BOM, GB18030/GBK and Big5 text; convert other files with iconv";

fn extract_file(path: &Path) -> std::result::Result<Extracted, Failure> {
    let source = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Failure {
        source: source.clone(),
        reason: format!("cannot read: {e}"),
        hint: None,
    })?;
    extract_bytes(source, &bytes)
}

fn extract_bytes(source: String, bytes: &[u8]) -> std::result::Result<Extracted, Failure> {
    match decode(bytes) {
        Ok(text) => Ok(Extracted {
            file: extract(&text),
            source,
        }),
        Err(reason) => Err(Failure {
            source,
            reason,
            hint: Some(DECODE_HINT),
        }),
    }
}

/// A JSON line `{"source": ..., "text": ...}`; other keys are ignored so
/// scraped records can be piped in as they are.
#[derive(serde::Deserialize)]
struct LineDocument {
    source: Option<String>,
    text: String,
}

const LINE_HINT: &str = r#"each line must be a JSON object {"source": "...", "text": "..."}"#;

fn extract_line(
    origin: &str,
    number: usize,
    bytes: &[u8],
) -> std::result::Result<Extracted, Failure> {
    let at = format!("{origin} line {number}");
    let fail = |reason: String| Failure {
        source: at.clone(),
        reason,
        hint: Some(LINE_HINT),
    };
    let line: LineDocument = serde_json::from_slice(bytes).map_err(|e| {
        let message = e.to_string();
        // serde_json counts lines inside the one line it was given: drop that.
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        let column = e.column();
        fail(match e.classify() {
            serde_json::error::Category::Data => format!("column {column}: {message}"),
            _ => format!("column {column}: not valid JSON: {message}"),
        })
    })?;
    // Spans never count a byte-order mark, whichever way the text arrived.
    let text = line.text.strip_prefix('\u{feff}').unwrap_or(&line.text);
    check_text(text).map_err(|reason| Failure {
        source: at.clone(),
        reason,
        hint: None,
    })?;
    let source = line.source.unwrap_or(at);
    Ok(Extracted {
        file: extract(text),
        source,
    })
}

fn write_output(
    doc: &Extracted,
    out: &Path,
    format: ExtractFormat,
) -> std::result::Result<(), Failure> {
    let contents = match format {
        ExtractFormat::Json => export::json_pretty(&doc.file),
        _ => doc.file.to_yaml(&[&format!("source: {}", doc.source)]),
    };
    write_atomic(out, contents.as_bytes()).map_err(|e| Failure {
        source: doc.source.clone(),
        reason: format!("cannot write {}: {e}", out.display()),
        hint: None,
    })
}

/// Prints one failure in its place in the output order; each hint is
/// shown once per run, not after every one of a thousand bad files.
fn report(progress: &ProgressBar, failure: &Failure, hinted: &mut Vec<&'static str>) {
    progress.suspend(|| {
        eprintln!("error: {}: {}", failure.source, failure.reason);
        if let Some(hint) = failure.hint.filter(|h| !hinted.contains(h)) {
            eprintln!("  hint: {hint}");
            hinted.push(hint);
        }
    });
}

/// A bar for directory runs when a person is watching stderr; hidden
/// otherwise, so logs and pipelines stay clean.
fn progress_bar(args: &ExtractArgs, files: &[Job]) -> ProgressBar {
    if !std::io::stderr().is_terminal() || !many_documents(args) {
        return ProgressBar::hidden();
    }
    let bar = if args.input == InputFormat::Jsonl {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::new(files.len() as u64)
    };
    let style = ProgressStyle::with_template("{spinner} {pos}/{len} documents {wide_bar} {eta}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.with_style(style)
}

/// The shape of stdout: rendering one document is pure and runs in the
/// workers; what goes between and around documents is written in order.
#[derive(Clone, Copy)]
struct Shape {
    format: ExtractFormat,
    per_fact: bool,
    many: bool,
    /// False under `-o`: stdout then stays empty.
    to_stdout: bool,
}

impl Shape {
    fn render(self, doc: &Extracted) -> Vec<u8> {
        match self.format {
            ExtractFormat::Yaml => export::yaml(doc, self.many).into_bytes(),
            ExtractFormat::Json if self.many => {
                export::json_line(doc).trim_end().as_bytes().to_vec()
            }
            ExtractFormat::Json => export::json_pretty(&doc.file).into_bytes(),
            ExtractFormat::Jsonl if self.per_fact => export::fact_lines(doc).into_bytes(),
            ExtractFormat::Jsonl => export::json_line(doc).into_bytes(),
            ExtractFormat::Csv => export::csv_rows(doc),
        }
    }

    fn start(self, out: &mut impl Write) -> std::io::Result<()> {
        if !self.to_stdout {
            return Ok(());
        }
        match self.format {
            ExtractFormat::Csv => out.write_all(&export::csv_header()),
            ExtractFormat::Json if self.many => out.write_all(b"["),
            _ => Ok(()),
        }
    }

    fn emit(self, out: &mut impl Write, rendered: &[u8], first: bool) -> std::io::Result<()> {
        if self.format == ExtractFormat::Json && self.many {
            out.write_all(if first { b"\n" } else { b",\n" })?;
        }
        out.write_all(rendered)?;
        // Each document reaches the pipe as soon as it is ready.
        out.flush()
    }

    fn finish(self, out: &mut impl Write) -> std::io::Result<()> {
        if self.to_stdout && self.format == ExtractFormat::Json && self.many {
            out.write_all(b"\n]\n")?;
        }
        out.flush()
    }
}
