//! Throughput and memory benchmark (issue 6), run by `make bench`.
//!
//! Generates folders of documents under `bench-data/` (gitignored) from the
//! corpus, each document a corpus text with its paragraphs shuffled by a
//! fixed-seed xorshift, then measures:
//! - single-threaded extraction in process, on text already decoded (the
//!   extractor alone) and on bytes (decode + extract): MB/s and docs/s by
//!   the wall clock and by CPU time (on a shared machine the wall clock
//!   also counts time spent waiting for a core; CPU time does not), over
//!   several passes, with the median, slowest and fastest pass;
//! - a directory run of the real binary at 1 and 2 threads: wall time,
//!   MB/s, docs/s, speed-up, and the child's peak resident memory (wait4
//!   `ru_maxrss`);
//! - a 50 MB single-line document through the binary (must not crash);
//! - `report` over 10,000 annotated documents.
//!
//! `cargo bench --bench throughput -- --gb` adds a 1 GB folder, for the
//! memory target (< 200 MB resident). Numbers are printed, never asserted:
//! speed targets are shown here, not enforced by tests.

use std::io::{Read, Seek};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The binary's allocator, so that the in-process figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const MB: f64 = 1024.0 * 1024.0;
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BIN: &str = env!("CARGO_BIN_EXE_jingwang");

fn main() {
    let gb = std::env::args().any(|a| a == "--gb");
    let data = Path::new(ROOT).join("bench-data");
    let corpus = corpus_texts();
    println!(
        "jingwang throughput benchmark ({} corpus documents as seed)\n",
        corpus.len()
    );

    let small = generate(&data.join("corpus-20mb"), &corpus, 20, 1);
    let large = generate(&data.join("corpus-200mb"), &corpus, 200, 2);
    in_process("20 MB", &small, 5);
    in_process("200 MB", &large, 3);
    println!();
    for dir in [&small, &large] {
        directory_scaling(dir);
    }
    if gb {
        directory_run(&generate(&data.join("corpus-1gb"), &corpus, 1024, 3), 0);
    }
    println!();
    single_line(&data, &corpus);
    report_run(&data);
}

/// The corpus texts, read as UTF-8.
fn corpus_texts() -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("corpus"))
        .expect("corpus/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// A tiny deterministic generator: the same folders on every machine.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// A folder of about `mb` MB: corpus documents picked at random with their
/// paragraphs shuffled, 1000 files per subfolder. Kept when already there.
fn generate(dir: &Path, corpus: &[String], mb: usize, seed: u64) -> PathBuf {
    let done = dir.join(".complete");
    if done.exists() {
        return dir.to_path_buf();
    }
    let _ = std::fs::remove_dir_all(dir);
    let started = Instant::now();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15 ^ seed);
    let (mut written, mut n) = (0usize, 0usize);
    while written < mb << 20 {
        let mut lines: Vec<&str> = corpus[rng.below(corpus.len())]
            .split_inclusive('\n')
            .collect();
        rng.shuffle(&mut lines);
        let text = lines.concat();
        let path = dir.join(format!("{:04}/{:06}.txt", n / 1000, n));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        written += text.len();
        n += 1;
    }
    std::fs::write(&done, format!("{n} files, {written} bytes\n")).unwrap();
    println!(
        "generated {} ({n} files, {:.0} MB) in {:.1?}",
        dir.display(),
        written as f64 / MB,
        started.elapsed()
    );
    dir.to_path_buf()
}

fn txt_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// CPU time this process has used (user + system). Read around each
/// document, so it needs a clock finer than the 10 ms ticks of
/// `/proc/self/stat`: the kernel's per-process CPU clock, in nanoseconds.
fn cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Wall and CPU time of one stage, summed over documents.
#[derive(Default, Clone, Copy)]
struct Took {
    wall: Duration,
    cpu: Duration,
}

impl std::ops::Add for Took {
    type Output = Took;
    fn add(self, other: Took) -> Took {
        Took {
            wall: self.wall + other.wall,
            cpu: self.cpu + other.cpu,
        }
    }
}

/// A point in time on both clocks.
struct Stamp(Instant, Duration);

impl Stamp {
    fn now() -> Stamp {
        Stamp(Instant::now(), cpu_time())
    }

    fn since(&self, earlier: &Stamp) -> Took {
        Took {
            wall: self.0 - earlier.0,
            cpu: self.1.saturating_sub(earlier.1),
        }
    }
}

/// Single-threaded, in process, one document at a time: the file is read
/// untimed, then decoding and extraction are timed separately, so the
/// figures are the code's own speed without the file system, and memory
/// stays at one document (a large heap here would also inflate the peak
/// memory measured for the child processes forked later).
///
/// The folder is passed over `passes` times and the slowest, median and
/// fastest pass are printed: on a shared machine a neighbour can slow a
/// whole pass by a third (CPU time included, so it is not waiting but
/// slower running), and one pass alone says little.
fn in_process(label: &str, dir: &Path, passes: usize) {
    let files = txt_files(dir);
    // The vocabularies and tables are built on first use: time that apart.
    let setup = Instant::now();
    std::hint::black_box(jingwang::extract::extract(""));
    let setup = setup.elapsed();
    let mut runs: Vec<(Took, Took)> = Vec::new();
    let (mut total, mut facts) = (0usize, 0usize);
    for _ in 0..passes {
        (total, facts) = (0, 0);
        let (mut decoding, mut extracting) = (Took::default(), Took::default());
        for path in &files {
            let bytes = std::fs::read(path).unwrap();
            total += bytes.len();
            let started = Stamp::now();
            let text = jingwang::text::source::decode(&bytes).unwrap();
            let decoded = Stamp::now();
            facts += std::hint::black_box(jingwang::extract::extract(&text))
                .facts
                .len();
            let done = Stamp::now();
            decoding = decoding + decoded.since(&started);
            extracting = extracting + done.since(&decoded);
        }
        runs.push((extracting, decoding + extracting));
    }
    println!(
        "{label}, 1 thread, in process: {} documents, {facts} facts, {passes} passes (tables built once in {setup:.0?})",
        files.len()
    );
    let rate = |secs: f64| total as f64 / MB / secs;
    for (what, pick) in [
        (
            "extract",
            (|r: &(Took, Took)| r.0) as fn(&(Took, Took)) -> Took,
        ),
        ("decode + extract", |r| r.1),
    ] {
        for (clock, of) in [
            ("wall", (|t: Took| t.wall) as fn(Took) -> Duration),
            ("cpu", |t| t.cpu),
        ] {
            let mut secs: Vec<f64> = runs.iter().map(|r| of(pick(r)).as_secs_f64()).collect();
            secs.sort_by(f64::total_cmp);
            let median = secs[secs.len() / 2];
            println!(
                "  {what:<17} {clock:<4} {:>6.1} MB/s median ({:>6.0} docs/s), slowest {:.1}, fastest {:.1}",
                rate(median),
                files.len() as f64 / median,
                rate(secs[secs.len() - 1]),
                rate(secs[0]),
            );
        }
    }
}

/// A directory run of the binary at 1 and 2 threads.
fn directory_scaling(dir: &Path) {
    let one = directory_run(dir, 1);
    let two = directory_run(dir, 2);
    println!(
        "  speed-up 1 → 2 threads: {:.2}×",
        one.as_secs_f64() / two.as_secs_f64()
    );
}

/// `jingwang extract DIR --format jsonl -j JOBS > /dev/null`; prints and
/// returns its wall time.
fn directory_run(dir: &Path, jobs: usize) -> Duration {
    let files = txt_files(dir);
    let size: u64 = files.iter().map(|p| p.metadata().unwrap().len()).sum();
    let jobs_arg = jobs.to_string();
    let args = [
        "extract".as_ref(),
        dir.as_os_str(),
        "--format".as_ref(),
        "jsonl".as_ref(),
        "-j".as_ref(),
        jobs_arg.as_ref(),
    ];
    let run = run_child(&args);
    println!(
        "extract {} -j {jobs}: {:.2?}, {:.1} MB/s, {:.0} docs/s, peak RSS {:.1} MB, exit {}",
        dir.file_name().unwrap().to_string_lossy(),
        run.wall,
        size as f64 / MB / run.wall.as_secs_f64(),
        files.len() as f64 / run.wall.as_secs_f64(),
        run.max_rss_kb as f64 / 1024.0,
        run.exit
    );
    run.wall
}

/// One 50 MB document on a single line, through the binary.
fn single_line(data: &Path, corpus: &[String]) {
    let path = data.join("single-line-50mb.txt");
    if !path.exists() {
        let flat: String = corpus.concat().replace(['\n', '\r'], "");
        let line = flat.repeat((50 << 20) / flat.len() + 1);
        std::fs::write(&path, line).unwrap();
    }
    let run = run_child(&[
        "extract".as_ref(),
        path.as_os_str(),
        "--format".as_ref(),
        "jsonl".as_ref(),
    ]);
    println!(
        "extract 50 MB single line: {:.2?}, peak RSS {:.1} MB, exit {}{}",
        run.wall,
        run.max_rss_kb as f64 / 1024.0,
        run.exit,
        if run.exit == "0" { "" } else { "  <-- FAILED" }
    );
}

/// `report` over 10,000 annotated documents: the corpus and its
/// annotations copied as many times as that takes.
fn report_run(data: &Path) {
    let root = data.join("report-10k");
    let annotations = Path::new(ROOT).join("annotations");
    let names: Vec<String> =
        jingwang::annotation::corpus::relative_names(&annotations, "yaml").unwrap_or_default();
    if names.is_empty() {
        println!("report: no annotations to copy, skipped");
        return;
    }
    let copies = 10_000usize.div_ceil(names.len());
    if !root.join(".complete").exists() {
        let _ = std::fs::remove_dir_all(&root);
        for i in 0..copies {
            for name in &names {
                for (from, to, ext) in [
                    ("corpus", "corpus", "txt"),
                    ("annotations", "annotations", "yaml"),
                ] {
                    let dest = root
                        .join(to)
                        .join(format!("{i:05}"))
                        .join(format!("{name}.{ext}"));
                    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
                    std::fs::copy(
                        Path::new(ROOT).join(from).join(format!("{name}.{ext}")),
                        dest,
                    )
                    .unwrap();
                }
            }
        }
        std::fs::write(root.join(".complete"), "").unwrap();
    }
    let corpus = root.join("corpus");
    let annotations = root.join("annotations");
    let args = [
        "report".as_ref(),
        "--corpus".as_ref(),
        corpus.as_os_str(),
        "--annotations".as_ref(),
        annotations.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ];
    let run = run_child(&args);
    println!(
        "report over {} annotated documents: {:.2?}, peak RSS {:.1} MB, exit {}",
        copies * names.len(),
        run.wall,
        run.max_rss_kb as f64 / 1024.0,
        run.exit
    );
}

struct ChildRun {
    wall: Duration,
    max_rss_kb: i64,
    exit: String,
}

/// Runs the binary with stdout discarded and measures its wall time and
/// peak resident set size, read from the kernel at reaping (wait4).
// The child is reaped by wait4, not by `Child::wait`, to get its rusage.
#[allow(clippy::zombie_processes)]
fn run_child(args: &[&std::ffi::OsStr]) -> ChildRun {
    // stderr goes to a file: a pipe could fill up and block the child.
    let mut stderr_file = tempfile::tempfile().unwrap();
    let started = Instant::now();
    let child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::null())
        .stderr(stderr_file.try_clone().unwrap())
        .spawn()
        .expect("the release binary runs");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped; the pointers are valid.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    assert_eq!(reaped, pid, "wait4 failed");
    let status = std::process::ExitStatus::from_raw(status);
    let exit = status.code().map_or_else(
        || format!("signal {:?}", status.signal()),
        |c| c.to_string(),
    );
    let mut stderr = String::new();
    stderr_file.seek(std::io::SeekFrom::Start(0)).unwrap();
    let _ = stderr_file.read_to_string(&mut stderr);
    if !stderr.is_empty() {
        let first: Vec<&str> = stderr.lines().take(3).collect();
        println!("  (stderr: {})", first.join(" | "));
    }
    ChildRun {
        wall,
        max_rss_kb: usage.ru_maxrss,
        exit,
    }
}
