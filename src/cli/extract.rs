//! The `extract` command: sources in (files, directories, stdin, JSON
//! lines), extracted facts out (stdout in one of several formats, or one
//! file per source under `-o`).
//!
//! **Invariant:** output comes in input order (paths as given, directory
//! contents sorted), streamed while later documents are still being
//! extracted in parallel; a source that cannot be read is reported on
//! stderr in its place in that order, the rest go on, and the exit code is
//! 1 at the end.
//!
//! Where the time goes matters here (issue 16): inputs are listed lazily
//! (a directory is walked as the workers ask for more, never listed whole
//! first), each worker reads files into one buffer it keeps and extracts
//! from it without a copy when it is UTF-8, and stdout is written in large
//! blocks, flushed at once only when the input is about to wait for more
//! (a JSON-lines pipe) or stdout is a terminal.

use crate::cli::ordered::ordered_map;
use crate::cli::output::dir::OutputDir;
use crate::cli::output::{escape_controls, Extracted, Format, Stream, FORMATS};
use crate::cli::{ExtractArgs, InputFormat};
use crate::error::{Error, Result};
use crate::extract::extract;
use crate::text::source::{check_text, decode_borrowed};
use indicatif::{ProgressBar, ProgressStyle};
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{BufRead, IsTerminal, Read, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// One unit of work, in the order its output must appear.
enum Job {
    /// A source file, and where its output file goes under `-o`.
    File { path: PathBuf, out: Option<PathBuf> },
    /// The whole of stdin as one text document, read by the worker.
    Stdin,
    /// One JSON line: where it came from, its 1-based line number, its bytes.
    Line {
        origin: String,
        number: usize,
        bytes: Vec<u8>,
    },
    /// An input that failed before any work (unreadable directory entry).
    Failed(Failure),
    /// The input is about to wait (a pipe with nothing more yet): what is
    /// ready must reach stdout now.
    Flush,
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
    Flush,
}

/// Stdout is written in blocks of about this size.
const BLOCK: usize = 64 * 1024;

pub fn run(args: &ExtractArgs) -> Result<ExitCode> {
    check_flags(args)?;
    let format = args.format.0;
    let stream = Stream {
        many: many_documents(args),
        per_fact: args.per_fact,
    };
    let threads = threads(args.jobs);
    let target = args.output.as_deref().map(OutputDir::claim).transpose()?;
    let work = Work {
        format,
        stream,
        target: target.as_ref(),
        max_size: args.max_size,
    };
    let mut delivery = Delivery::new(format, stream, args.output.is_none(), progress_bar(args));
    delivery.start();
    let inputs = Inputs::new(args);
    ordered_map(inputs, threads, |job| work.run(job), |r| delivery.take(r));
    delivery.finish()
}

/// Threads per core beyond which `-j` is cut down: extraction is all
/// computation, so more threads than cores only cost memory (a window of
/// documents each) and switching.
const THREADS_PER_CORE: usize = 4;

/// How many threads work: one per core by default (as many as this
/// process may run on, so `taskset -c 0` means one), and never more than
/// a few per core, with a note when `-j` asked for more.
fn threads(jobs: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let most = THREADS_PER_CORE * cores;
    if jobs > most {
        let _ = writeln!(
            std::io::stderr(),
            "note: -j {jobs} is more than {THREADS_PER_CORE} threads for each of {cores} core{}; using {most}",
            if cores == 1 { "" } else { "s" }
        );
        return most;
    }
    if jobs > 0 {
        jobs
    } else {
        cores
    }
}

/// The ordered end of the pipeline: writes documents to stdout, reports
/// failures, and remembers what the exit code must say.
struct Delivery {
    format: &'static dyn Format,
    stream: Stream,
    /// False under `-o`: stdout then stays empty.
    to_stdout: bool,
    /// Flush after every document: a person is watching.
    interactive: bool,
    out: Vec<u8>,
    progress: ProgressBar,
    printed: usize,
    failed: usize,
    hinted: Vec<&'static str>,
    write_error: Option<std::io::Error>,
}

impl Delivery {
    fn new(
        format: &'static dyn Format,
        stream: Stream,
        to_stdout: bool,
        progress: ProgressBar,
    ) -> Delivery {
        Delivery {
            format,
            stream,
            to_stdout,
            interactive: std::io::stdout().is_terminal(),
            out: Vec::with_capacity(2 * BLOCK),
            progress,
            printed: 0,
            failed: 0,
            hinted: Vec::new(),
            write_error: None,
        }
    }

    fn start(&mut self) {
        if self.to_stdout {
            self.format.start(self.stream, &mut self.out);
        }
    }

    fn take(
        &mut self,
        result: std::result::Result<std::result::Result<Done, Failure>, String>,
    ) -> ControlFlow<()> {
        let failure = match result {
            Ok(Ok(Done::Wrote)) => {
                self.progress.inc(1);
                return ControlFlow::Continue(());
            }
            Ok(Ok(Done::Print(bytes))) => {
                self.progress.inc(1);
                self.format
                    .separator(self.stream, self.printed == 0, &mut self.out);
                self.printed += 1;
                self.out.extend_from_slice(&bytes);
                if self.out.len() < BLOCK && !self.interactive {
                    return ControlFlow::Continue(());
                }
                return self.flush();
            }
            Ok(Ok(Done::Flush)) => return self.flush(),
            Ok(Err(failure)) => failure,
            // run_job catches panics itself; this is the pool's safety net.
            Err(reason) => Failure {
                source: "(unknown source)".into(),
                reason,
                hint: None,
            },
        };
        self.progress.inc(1);
        self.failed += 1;
        // What came before the failure reaches the terminal before it.
        let flushed = self.flush();
        report(&self.progress, &failure, &mut self.hinted);
        flushed
    }

    /// Writes what is buffered; a failed write stops the run.
    fn flush(&mut self) -> ControlFlow<()> {
        if self.out.is_empty() {
            return ControlFlow::Continue(());
        }
        let mut stdout = std::io::stdout().lock();
        let written = stdout.write_all(&self.out).and_then(|()| stdout.flush());
        self.out.clear();
        match written {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                self.write_error = Some(e);
                ControlFlow::Break(())
            }
        }
    }

    fn finish(mut self) -> Result<ExitCode> {
        if self.write_error.is_none() && self.to_stdout {
            self.format.end(self.stream, &mut self.out);
            let _ = self.flush();
        }
        self.progress.finish_and_clear();
        match self.write_error {
            // The reader went away (`| head`): nothing more is wanted.
            Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            Some(e) => return Err(output_error(e)),
            None => {}
        }
        Ok(if self.failed > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        })
    }
}

fn output_error(e: std::io::Error) -> Error {
    Error::new(format!("cannot write to standard output: {e}"))
}

/// Refuses flag combinations that have no meaning, before any work.
fn check_flags(args: &ExtractArgs) -> Result<()> {
    let format = args.format.0;
    if args.per_fact && !format.has_per_fact() {
        return Err(Error::new(format!(
            "--per-fact needs --format {}",
            names(|f| f.has_per_fact())
        ))
        .with_hint("--format csv is always one row per fact"));
    }
    let stdin_args = args.paths.iter().filter(|p| is_stdin(p)).count();
    if stdin_args > 1 {
        return Err(Error::new("`-` (stdin) is given more than once"));
    }
    if args.output.is_none() {
        return Ok(());
    }
    if format.file_extension().is_none() {
        return Err(Error::new(format!(
            "-o writes one file per source, in {}",
            names(|f| f.file_extension().is_some())
        ))
        .with_hint(format!(
            "for {}, redirect stdout: jingwang extract DIR --format {} > out",
            format.name(),
            format.name()
        )));
    }
    if stdin_args > 0 || args.input == InputFormat::Jsonl {
        return Err(Error::new(
            "-o needs file or directory paths: stdin gives no file name to write under",
        )
        .with_hint("redirect stdout instead"));
    }
    Ok(())
}

/// The names of the formats that can do something, for messages.
fn names(can: impl Fn(&dyn Format) -> bool) -> String {
    let names: Vec<&str> = FORMATS
        .iter()
        .filter(|f| can(**f))
        .map(|f| f.name())
        .collect();
    names.join(" or ")
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

/// Every job, in output order, made as the workers ask for more: the
/// paths as given, directories walked in sorted order, JSON lines read
/// line by line, so neither a huge folder nor an endless stream is ever
/// held in memory.
struct Inputs<'a> {
    args: &'a ExtractArgs,
    paths: std::slice::Iter<'a, PathBuf>,
    current: Option<Box<dyn Iterator<Item = Job> + Send + 'a>>,
    /// Under `-o`: each output file and the source it is written for.
    outputs: HashMap<PathBuf, PathBuf>,
}

impl<'a> Inputs<'a> {
    fn new(args: &'a ExtractArgs) -> Inputs<'a> {
        Inputs {
            args,
            paths: args.paths.iter(),
            current: None,
            outputs: HashMap::new(),
        }
    }

    /// The jobs of one path argument.
    fn jobs_of(&self, path: &'a Path) -> Box<dyn Iterator<Item = Job> + Send + 'a> {
        let output = self.args.output.as_deref();
        if self.args.input == InputFormat::Jsonl {
            return json_lines(path, self.args.max_size);
        }
        if is_stdin(path) {
            return Box::new(std::iter::once(Job::Stdin));
        }
        if path.is_dir() {
            return Box::new(directory_jobs(path, output));
        }
        let out = output.map(|o| o.join(path.file_name().unwrap_or_default()));
        Box::new(std::iter::once(Job::File {
            path: path.to_path_buf(),
            out,
        }))
    }

    /// Gives an output file its extension; two sources that would write
    /// the same output file make the second a failure, not an overwrite.
    fn claim_output(&mut self, job: Job) -> Job {
        let Job::File {
            path,
            out: Some(mut out),
        } = job
        else {
            return job;
        };
        if let Some(ext) = self.args.format.0.file_extension() {
            out.set_extension(ext);
        }
        if let Some(first) = self.outputs.get(&out) {
            return Job::Failed(Failure {
                source: path.display().to_string(),
                reason: format!(
                    "would overwrite {} written for {}",
                    out.display(),
                    first.display()
                ),
                hint: Some("give directories whose files have distinct relative paths"),
            });
        }
        self.outputs.insert(out.clone(), path.clone());
        Job::File {
            path,
            out: Some(out),
        }
    }
}

impl Iterator for Inputs<'_> {
    type Item = Job;

    fn next(&mut self) -> Option<Job> {
        loop {
            if let Some(job) = self.current.as_mut().and_then(Iterator::next) {
                return Some(self.claim_output(job));
            }
            let path = self.paths.next()?;
            self.current = Some(self.jobs_of(path));
        }
    }
}

/// The `.txt` files under `dir`, sorted by path; an entry that cannot be
/// read becomes a failure in its place.
fn directory_jobs<'a>(dir: &'a Path, output: Option<&'a Path>) -> impl Iterator<Item = Job> + 'a {
    let mut found_any = false;
    let mut said_empty = false;
    let mut walk = crate::text::walk::files(dir, "txt");
    // A folder with no .txt below it is a failure in its place: silence
    // and exit 0 would read as "nothing to report" rather than "wrong folder".
    std::iter::from_fn(move || match walk.next() {
        Some(Ok(path)) => {
            found_any = true;
            let out = output.map(|o| o.join(path.strip_prefix(dir).unwrap_or(&path)));
            Some(Job::File { path, out })
        }
        Some(Err((path, reason))) => {
            found_any = true;
            Some(Job::Failed(Failure {
                source: path.display().to_string(),
                reason,
                hint: None,
            }))
        }
        None if !found_any && !said_empty => {
            said_empty = true;
            Some(Job::Failed(Failure {
                source: dir.display().to_string(),
                reason: "no .txt file in this folder".into(),
                hint: Some("extract reads the .txt files below a folder (sources are plain text with a .txt name)"),
            }))
        }
        None => None,
    })
}

/// With `--input jsonl`: one job per non-blank line of `path` (`-` is
/// stdin), read as the pipeline asks for more.
fn json_lines(path: &Path, max_size: u64) -> Box<dyn Iterator<Item = Job> + Send + '_> {
    let origin = if is_stdin(path) {
        "stdin".to_string()
    } else {
        path.display().to_string()
    };
    // Large reads: a JSON-lines stream is often hundreds of megabytes.
    let capacity = 256 * 1024;
    let source: Box<dyn Read + Send> = if is_stdin(path) {
        Box::new(std::io::stdin())
    } else {
        match std::fs::File::open(path) {
            Ok(f) => Box::new(f),
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
        reader: std::io::BufReader::with_capacity(capacity, source),
        origin,
        number: 0,
        done: false,
        flushed: false,
        max_size,
    })
}

/// Splits a reader into JSON-line jobs.
struct JsonLines {
    reader: std::io::BufReader<Box<dyn Read + Send>>,
    origin: String,
    number: usize,
    done: bool,
    /// Whether a flush was asked for since the last line.
    flushed: bool,
    /// The longest line read.
    max_size: u64,
}

impl Iterator for JsonLines {
    type Item = Job;

    fn next(&mut self) -> Option<Job> {
        while !self.done {
            // Nothing left in the buffer: the next read may wait on a pipe,
            // so what is ready goes out first (a stream stays a stream).
            if self.reader.buffer().is_empty() && !self.flushed {
                self.flushed = true;
                return Some(Job::Flush);
            }
            let mut bytes = Vec::new();
            self.number += 1;
            let mut line = (&mut self.reader).take(self.max_size.saturating_add(1));
            match line.read_until(b'\n', &mut bytes) {
                Ok(0) => self.done = true,
                Ok(n) if n as u64 > self.max_size => {
                    // Where the next line starts is unknown without
                    // reading this one to its end, which may never come.
                    self.done = true;
                    return Some(Job::Failed(Failure {
                        source: format!("{} line {}", self.origin, self.number),
                        reason: format!(
                            "longer than the {} limit for one document; the rest of {} is not read",
                            size(self.max_size),
                            self.origin
                        ),
                        hint: Some(SIZE_HINT),
                    }));
                }
                Ok(_) if bytes.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(_) => {
                    self.flushed = false;
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
            Job::Stdin => "-".into(),
            Job::Line { origin, number, .. } => format!("{origin} line {number}"),
            Job::Failed(failure) => failure.source.clone(),
            Job::Flush => String::new(),
        }
    }
}

/// What every job needs to know: the run's settings.
struct Work<'a> {
    format: &'static dyn Format,
    stream: Stream,
    /// Under `-o`: the folder the files go to.
    target: Option<&'a OutputDir>,
    max_size: u64,
}

impl Work<'_> {
    /// The work done in parallel: read, decode, extract, render or write.
    /// A panic (a bug, never expected) fails this source only, by name.
    fn run(&self, job: Job) -> std::result::Result<Done, Failure> {
        let source = job.source();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.job(job))).unwrap_or_else(
            |_| {
                Err(Failure {
                    source,
                    reason: "internal error: the extractor panicked on this document".into(),
                    hint: Some("please report it with the document attached"),
                })
            },
        )
    }

    fn job(&self, job: Job) -> std::result::Result<Done, Failure> {
        let (doc, out) = match job {
            Job::Flush => return Ok(Done::Flush),
            Job::Failed(failure) => return Err(failure),
            Job::File { path, out } => {
                let source = path.display().to_string();
                (self.read(source, std::fs::File::open(&path))?, out)
            }
            Job::Stdin => (self.read("-".into(), Ok(std::io::stdin().lock()))?, None),
            Job::Line {
                origin,
                number,
                bytes,
            } => (extract_line(&origin, number, &bytes)?, None),
        };
        match (out, self.target) {
            (Some(out), Some(target)) => {
                let mut contents = Vec::new();
                self.format.file(&doc, &mut contents);
                target.write(&out, &contents).map_err(|e| Failure {
                    source: doc.source.clone(),
                    reason: format!("cannot write {}: {e}", out.display()),
                    hint: None,
                })?;
                Ok(Done::Wrote)
            }
            _ => {
                let mut rendered = Vec::new();
                self.format.document(&doc, self.stream, &mut rendered);
                Ok(Done::Print(rendered))
            }
        }
    }

    /// Reads `from` into this thread's buffer and extracts from it.
    fn read(
        &self,
        source: String,
        from: std::io::Result<impl Read>,
    ) -> std::result::Result<Extracted, Failure> {
        BUFFER.with_borrow_mut(
            |buffer| match from.and_then(|f| buffer.fill(f, self.max_size)) {
                Ok(bytes) => extract_bytes(source, bytes),
                Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => Err(Failure {
                    source,
                    reason: format!(
                        "larger than the {} limit for one document",
                        size(self.max_size)
                    ),
                    hint: Some(SIZE_HINT),
                }),
                Err(e) => Err(Failure {
                    source,
                    reason: format!("cannot read: {e}"),
                    hint: None,
                }),
            },
        )
    }
}

const DECODE_HINT: &str = "jingwang reads UTF-8, UTF-16 with a BOM, GB18030/GBK and Big5 text; convert other files with iconv";

const SIZE_HINT: &str =
    "raise the limit with --max-size (e.g. --max-size 1G) if the document is real";

/// A size for messages: `128 MiB`, `500 KiB`, `1000 bytes`.
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

thread_local! {
    /// Each worker's read buffer, kept from one document to the next.
    static BUFFER: RefCell<Buffer> = const { RefCell::new(Buffer { bytes: Vec::new(), filled: 0 }) };
}

/// A read buffer whose bytes are all initialised (zeroed once, when it
/// grows), so reads go straight into it.
struct Buffer {
    bytes: Vec<u8>,
    filled: usize,
}

/// A buffer that held a huge document is not kept at that size.
const KEEP: usize = 4 << 20;

impl Buffer {
    /// Reads `from` to its end, or fails with `FileTooLarge` past `limit`
    /// bytes (`/dev/zero` ends). Unlike `read_to_end` on a file, this does
    /// not ask the file's size and position first: two system calls fewer
    /// per document, which shows on folders of small files.
    fn fill(&mut self, mut from: impl Read, limit: u64) -> std::io::Result<&[u8]> {
        if self.bytes.len() > KEEP {
            self.bytes = Vec::new();
        }
        // One byte past the limit tells a document at the limit from a
        // larger one.
        let most = usize::try_from(limit)
            .unwrap_or(usize::MAX)
            .saturating_add(1);
        self.filled = 0;
        loop {
            if self.filled >= most {
                return Err(std::io::ErrorKind::FileTooLarge.into());
            }
            if self.filled == self.bytes.len() {
                let grown = (2 * self.bytes.len()).max(64 * 1024).min(most);
                self.bytes.resize(grown, 0);
            }
            let end = self.bytes.len().min(most);
            match from.read(&mut self.bytes[self.filled..end]) {
                Ok(0) => return Ok(&self.bytes[..self.filled]),
                Ok(n) => self.filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

fn extract_bytes(source: String, bytes: &[u8]) -> std::result::Result<Extracted, Failure> {
    match decode_borrowed(bytes) {
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
    // Valid UTF-8 (nearly always) is checked here, many times faster than
    // serde_json checks each string; a line that is not goes through
    // serde_json's own checks, for its message.
    let parsed = match simdutf8::basic::from_utf8(bytes) {
        Ok(line) => serde_json::from_str::<LineDocument>(line),
        Err(_) => serde_json::from_slice(bytes),
    };
    let line: LineDocument = parsed.map_err(|e| {
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

/// Prints one failure in its place in the output order; each hint is
/// shown once per run, not after every one of a thousand bad files.
fn report(progress: &ProgressBar, failure: &Failure, hinted: &mut Vec<&'static str>) {
    progress.suspend(|| {
        // A full or closed stderr loses the message, never the run.
        let mut stderr = std::io::stderr().lock();
        let source = escape_controls(&failure.source);
        let _ = writeln!(stderr, "error: {source}: {}", failure.reason);
        if let Some(hint) = failure.hint.filter(|h| !hinted.contains(h)) {
            let _ = writeln!(stderr, "  hint: {hint}");
            hinted.push(hint);
        }
    });
}

/// A bar for directory runs when a person is watching stderr; hidden
/// otherwise, so logs and pipelines stay clean. Its length is the number
/// of `.txt` files under the paths, counted first (only when shown).
fn progress_bar(args: &ExtractArgs) -> ProgressBar {
    if !std::io::stderr().is_terminal() || !many_documents(args) {
        return ProgressBar::hidden();
    }
    let bar = if args.input == InputFormat::Jsonl {
        ProgressBar::new_spinner()
    } else {
        let total = args
            .paths
            .iter()
            .map(|p| {
                if p.is_dir() {
                    directory_jobs(p, None).count()
                } else {
                    1
                }
            })
            .sum::<usize>();
        ProgressBar::new(total as u64)
    };
    let style = ProgressStyle::with_template("{spinner} {pos}/{len} documents {wide_bar} {eta}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.with_style(style)
}
