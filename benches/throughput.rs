//! Throughput and memory benchmark (issues 6 and 16), run by `make bench`.
//!
//! It measures what users run: the release binary end to end on folders of
//! generated documents, with stdout going to a file as in
//! `jingwang extract DIR --format jsonl > out`. The folders live under
//! `bench-data/` (gitignored) and are generated once, by a fixed-seed
//! xorshift, from every document of the corpus (`corpus/` and its
//! subfolders), so the mix is what real folders hold:
//! - `mixed`: corpus documents with their paragraphs shuffled; some turned
//!   into Traditional characters (zhconv) with pinyin artefacts (`網(wǎng)`,
//!   learnt from the corpus's own artefacts); some cut to one to three
//!   paragraphs, some many documents long; page noise (navigation bars,
//!   publishing lines, page counters, related-article lists) in half of
//!   them; a tenth with CRLF line ends;
//! - `trad-small`: many small Traditional documents (four to twelve
//!   paragraphs, about 2 KB), a third with pinyin artefacts and some page noise.
//!
//! What is printed, each as the median of several passes with the slowest
//! and fastest, wall time beside CPU time (user + system, from the kernel
//! at reaping), and the child's peak resident memory:
//! - the extractor in process on one thread (decoded text, and bytes
//!   decoded then extracted): the ceiling the binary is measured against;
//! - the binary on each folder, for every output shape (yaml, jsonl,
//!   jsonl --per-fact, csv, `-o DIR`), at one thread and at the default
//!   (every core);
//! - the binary pinned to one core (`taskset -c 0`), jsonl, at `-j 1`,
//!   `-j 2` and the default: the default must never be slower there;
//! - `--input jsonl` on stdin (the mixed folder as JSON lines);
//! - a 50 MB single-line document, and `report` over 10,000 documents.
//!
//! Flags after `--`: `--gb` adds a 1 GB folder (peak memory), `--passes N`
//! (default 3), `--only WORD` runs only the rows whose label holds WORD.
//! `JINGWANG_BENCH_BIN=path` measures another build of the binary (an older
//! one, for a before/after table). Numbers are printed, never asserted:
//! speed targets are shown here, not enforced by tests.

use std::collections::HashMap;
use std::io::{Read, Seek, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The binary's allocator, so that the in-process figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const MB: f64 = 1024.0 * 1024.0;
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// What this run was asked for.
struct Options {
    bin: PathBuf,
    passes: usize,
    only: Option<String>,
    gb: bool,
    data: PathBuf,
}

impl Options {
    fn wants(&self, label: &str) -> bool {
        self.only
            .as_ref()
            .is_none_or(|w| label.contains(w.as_str()))
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let opts = Options {
        bin: std::env::var_os("JINGWANG_BENCH_BIN").map_or_else(
            || PathBuf::from(env!("CARGO_BIN_EXE_jingwang")),
            PathBuf::from,
        ),
        passes: value("--passes").and_then(|p| p.parse().ok()).unwrap_or(3),
        only: value("--only"),
        gb: args.iter().any(|a| a == "--gb"),
        data: Path::new(ROOT).join("bench-data"),
    };
    // Heavy work in this process would raise the peak memory the kernel
    // reports for every child started later (a child's peak starts at its
    // parent's): generating and in-process timing run in children.
    match value("--child").as_deref() {
        Some("generate") => return generate_all(&opts),
        Some("in-process") => {
            let dir = opts.data.join(value("--dir").unwrap());
            return in_process(&value("--label").unwrap(), &dir, opts.passes);
        }
        _ => {}
    }
    println!(
        "jingwang benchmark: {} ({} passes, median [slowest–fastest])\n",
        opts.bin.display(),
        opts.passes
    );
    run_self(&opts, &["--child", "generate"]);
    let mixed = opts.data.join(MIXED);
    let small = opts.data.join(TRAD_SMALL);
    let folders = [("mixed", &mixed), ("trad-small", &small)];
    for (name, dir) in folders {
        let (bytes, docs) = folder_size(dir);
        println!(
            "{name}: {docs} documents, {:.0} MB, {:.1} KB per document on average",
            bytes as f64 / MB,
            bytes as f64 / docs as f64 / 1024.0
        );
    }
    let floor = run_child(&opts, &["--version".into()], None, false);
    println!(
        "(peak memory of `jingwang --version` started the same way: {:.1} MB, the floor of the figures below)\n",
        floor.max_rss_kb as f64 / 1024.0
    );

    if opts.wants("in process") {
        println!("## The extractor in process, 1 thread\n");
        for (name, dir) in folders {
            let dir = dir.file_name().unwrap().to_string_lossy();
            let args = ["--child", "in-process", "--label", name, "--dir", &dir];
            run_self(&opts, &args);
        }
        println!();
    }

    println!("## The binary end to end (stdout to a file)\n");
    Row::header();
    let formats: [(&str, &[&str]); 5] = [
        ("yaml", &["--format", "yaml"]),
        ("jsonl", &["--format", "jsonl"]),
        ("jsonl --per-fact", &["--format", "jsonl", "--per-fact"]),
        ("csv", &["--format", "csv"]),
        ("-o DIR", &["-o", "@OUT"]),
    ];
    for (name, dir) in folders {
        for (format, flags) in formats {
            for jobs in ["1", "0"] {
                let label = format!("{name} {format} -j {jobs}");
                if opts.wants(&label) {
                    binary_row(&opts, &label, dir, flags, jobs, false);
                }
            }
        }
    }
    println!();

    println!("## One core (taskset -c 0), jsonl\n");
    Row::header();
    for (name, dir) in folders {
        for jobs in ["1", "2", "0"] {
            let label = format!("{name} one core jsonl -j {jobs}");
            if opts.wants(&label) {
                binary_row(&opts, &label, dir, &["--format", "jsonl"], jobs, true);
            }
        }
    }
    println!();

    if opts.wants("stdin") {
        println!("## JSON lines on stdin (`extract - --input jsonl --format jsonl`)\n");
        Row::header();
        let lines = opts.data.join(MIXED_JSONL);
        for jobs in ["1", "0"] {
            let label = format!("mixed stdin jsonl -j {jobs}");
            stdin_row(&opts, &label, &lines, jobs);
        }
        println!();
    }

    if opts.gb && opts.wants("1 GB") {
        Row::header();
        let huge = opts.data.join(MIXED_GB);
        binary_row(
            &opts,
            "mixed 1 GB jsonl -j 0",
            &huge,
            &["--format", "jsonl"],
            "0",
            false,
        );
        println!();
    }
    if opts.wants("single line") {
        single_line(&opts);
    }
    if opts.wants("report") {
        report_run(&opts);
    }
}

const MIXED: &str = "mixed-100mb";
const MIXED_JSONL: &str = "mixed-100mb.jsonl";
const MIXED_GB: &str = "mixed-1gb";
const TRAD_SMALL: &str = "trad-small-30mb";
const SINGLE_LINE: &str = "single-line-50mb.txt";

/// Runs this benchmark again as a child, with `args`, and waits for it.
fn run_self(opts: &Options, args: &[&str]) {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(args)
        .args(["--passes", &opts.passes.to_string()]);
    if opts.gb {
        command.arg("--gb");
    }
    let status = command.status().expect("the benchmark runs itself");
    assert!(status.success(), "{args:?}: {status}");
}

/// Every folder and file the benchmark reads, made when missing.
fn generate_all(opts: &Options) {
    let seeds = Seeds::from_corpus();
    let data = &opts.data;
    let mixed = generate(&data.join(MIXED), &seeds, 100, Kind::Mixed);
    generate(&data.join(TRAD_SMALL), &seeds, 30, Kind::TradSmall);
    json_lines(&data.join(MIXED_JSONL), &mixed);
    if opts.gb {
        generate(&data.join(MIXED_GB), &seeds, 1024, Kind::Mixed);
    }
    let path = data.join(SINGLE_LINE);
    if !path.exists() {
        let flat: String = seeds.docs.concat().concat().replace(['\n', '\r'], "");
        let line = flat.repeat((50 << 20) / flat.len() + 1);
        std::fs::write(&path, line).unwrap();
    }
}

/// The corpus documents, and what the generator learns from them.
struct Seeds {
    /// Every corpus document, as paragraphs (lines with their line end).
    docs: Vec<Vec<String>>,
    /// The same paragraphs in Traditional characters.
    traditional: Vec<Vec<String>>,
    /// Pinyin artefacts as the corpus shows them: a character and the
    /// `(pinyin)` a scraper left after it.
    pinyin: HashMap<char, String>,
}

impl Seeds {
    fn from_corpus() -> Seeds {
        let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(Path::new(ROOT).join("corpus"))
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        let texts: Vec<String> = paths
            .iter()
            .map(|p| jingwang::text::source::read_source(p).unwrap())
            .collect();
        let paragraphs =
            |t: &str| -> Vec<String> { t.split_inclusive('\n').map(str::to_string).collect() };
        let docs: Vec<Vec<String>> = texts.iter().map(|t| paragraphs(t)).collect();
        let traditional = texts
            .iter()
            .map(|t| paragraphs(&zhconv::zhconv(t, zhconv::Variant::ZhHant)))
            .collect();
        Seeds {
            docs,
            traditional,
            pinyin: pinyin_artefacts(&texts),
        }
    }
}

/// `網(wǎng)`: a Han character followed by a parenthesised lower-case syllable
/// with a tone mark, as scraped pages with ruby annotations leave them.
fn pinyin_artefacts(texts: &[String]) -> HashMap<char, String> {
    let mut found = HashMap::new();
    for text in texts {
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if !('\u{4e00}'..='\u{9fff}').contains(&c) || chars.get(i + 1) != Some(&'(') {
                continue;
            }
            let Some(len) = chars[i + 2..].iter().position(|&c| c == ')') else {
                continue;
            };
            let syllable: String = chars[i + 2..i + 2 + len].iter().collect();
            let toned = !syllable.is_ascii();
            if (1..=6).contains(&len) && toned && syllable.chars().all(char::is_lowercase) {
                found.insert(c, format!("({syllable})"));
            }
        }
    }
    found
}

/// Lines a scraped page carries around the report.
const PAGE_NOISE: &[&str] = &[
    "首页 > 新闻中心 > 警务动态 > 正文\n",
    "发布时间：2024-07-03 09:12　来源：市公安局　浏览次数：3862　【字体：大 中 小】\n",
    "【责任编辑：刘雨　校对：陈明】\n",
    "第 3 页 / 共 5 页　上一页　下一页\n",
    "打印本页 | 关闭窗口 | 分享到：微信 微博\n",
    "相关文章\n",
    "· 警方破获特大电信诈骗案 抓获嫌疑人56名（2024-06-18）\n",
    "· 专项行动侦破案件3200余起（2024-06-02）\n",
    "Copyright © 2024 公安局 版权所有　ICP备05000000号　联系电话：0371-69620000\n",
    "扫一扫在手机打开当前页\n",
];

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

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Mixed,
    TradSmall,
}

/// One generated document.
fn document(seeds: &Seeds, kind: Kind, rng: &mut XorShift) -> String {
    let n = seeds.docs.len();
    let mut traditional = false;
    let mut paragraphs: Vec<&str> = match kind {
        Kind::Mixed => match rng.below(100) {
            // A whole document, paragraphs shuffled.
            0..=49 => seeds.docs[rng.below(n)]
                .iter()
                .map(String::as_str)
                .collect(),
            // A whole document in Traditional characters.
            50..=69 => {
                traditional = true;
                seeds.traditional[rng.below(n)]
                    .iter()
                    .map(String::as_str)
                    .collect()
            }
            // A short one: one to three paragraphs.
            70..=89 => {
                let doc = &seeds.docs[rng.below(n)];
                (0..1 + rng.below(3))
                    .map(|_| doc[rng.below(doc.len())].as_str())
                    .collect()
            }
            // A long one: many documents run together.
            _ => (0..8 + rng.below(32))
                .flat_map(|_| seeds.docs[rng.below(n)].iter().map(String::as_str))
                .collect(),
        },
        Kind::TradSmall => {
            traditional = true;
            // Paragraphs with text: blank lines would make the count lie.
            let doc: Vec<&str> = seeds.traditional[rng.below(n)]
                .iter()
                .map(String::as_str)
                .filter(|p| !p.trim().is_empty())
                .collect();
            (0..4 + rng.below(9))
                .map(|_| doc[rng.below(doc.len())])
                .collect()
        }
    };
    rng.shuffle(&mut paragraphs);
    let noise = match kind {
        Kind::Mixed => 50,
        Kind::TradSmall => 30,
    };
    if rng.chance(noise) {
        for _ in 0..1 + rng.below(6) {
            let at = rng.below(paragraphs.len() + 1);
            paragraphs.insert(at, PAGE_NOISE[rng.below(PAGE_NOISE.len())]);
        }
    }
    let mut text = String::new();
    for p in paragraphs {
        text.push_str(p);
        if !p.ends_with('\n') {
            text.push('\n');
        }
    }
    let pinyin_share = match kind {
        Kind::Mixed => 50,
        Kind::TradSmall => 33,
    };
    if traditional && rng.chance(pinyin_share) {
        text = with_pinyin(&text, &seeds.pinyin, rng);
    }
    if rng.chance(10) {
        text = text.replace('\n', "\r\n");
    }
    text
}

/// Leaves a pinyin artefact after about a third of the characters the
/// corpus has artefacts for.
fn with_pinyin(text: &str, pinyin: &HashMap<char, String>, rng: &mut XorShift) -> String {
    let mut out = String::with_capacity(text.len() * 5 / 4);
    for c in text.chars() {
        out.push(c);
        if let Some(p) = pinyin.get(&c) {
            if rng.chance(33) {
                out.push_str(p);
            }
        }
    }
    out
}

/// A folder of about `mb` MB of generated documents, 1000 files per
/// subfolder. Kept when already there.
fn generate(dir: &Path, seeds: &Seeds, mb: usize, kind: Kind) -> PathBuf {
    let done = dir.join(".complete");
    if done.exists() {
        return dir.to_path_buf();
    }
    let _ = std::fs::remove_dir_all(dir);
    let started = Instant::now();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15 ^ mb as u64 ^ kind as u64);
    let (mut written, mut n) = (0usize, 0usize);
    while written < mb << 20 {
        let text = document(seeds, kind, &mut rng);
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

/// Bytes and files of a folder.
fn folder_size(dir: &Path) -> (u64, usize) {
    let files = txt_files(dir);
    let size = files.iter().map(|p| p.metadata().unwrap().len()).sum();
    (size, files.len())
}

/// The folder as JSON lines `{"source", "text"}`, for `--input jsonl`.
fn json_lines(path: &Path, dir: &Path) -> PathBuf {
    if !path.exists() {
        let tmp = path.with_extension("tmp");
        let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).unwrap());
        for file in txt_files(dir) {
            let text = std::fs::read_to_string(&file).unwrap();
            let source = file.strip_prefix(dir).unwrap().display().to_string();
            let line = serde_json::json!({ "source": source, "text": text });
            serde_json::to_writer(&mut out, &line).unwrap();
            out.write_all(b"\n").unwrap();
        }
        out.flush().unwrap();
        drop(out);
        std::fs::rename(&tmp, path).unwrap();
    }
    path.to_path_buf()
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

/// The median, slowest and fastest of some rates, as text.
fn spread(mut rates: Vec<f64>) -> String {
    rates.sort_by(f64::total_cmp);
    format!(
        "{:>6.1} [{:.1}–{:.1}]",
        rates[rates.len() / 2],
        rates[0],
        rates[rates.len() - 1]
    )
}

/// Single-threaded, in process, one document at a time: the file is read
/// untimed, then decoding and extraction are timed separately, so the
/// figures are the code's own speed without the file system, and memory
/// stays at one document (a large heap here would also inflate the peak
/// memory measured for the child processes forked later).
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
        "{label}: {} documents, {:.0} MB, {facts} facts (tables built once in {setup:.0?}); MB/s:",
        files.len(),
        total as f64 / MB
    );
    let rate = |d: Duration| total as f64 / MB / d.as_secs_f64();
    let pick = |f: fn(&(Took, Took)) -> Duration| spread(runs.iter().map(|r| rate(f(r))).collect());
    println!(
        "  extract          wall {}  cpu {}",
        pick(|r| r.0.wall),
        pick(|r| r.0.cpu)
    );
    println!(
        "  decode + extract wall {}  cpu {}",
        pick(|r| r.1.wall),
        pick(|r| r.1.cpu)
    );
}

/// One line of a table of binary runs.
struct Row;

impl Row {
    fn header() {
        println!(
            "| run | wall MB/s | cpu MB/s | docs/s (wall) | wall s | cpu s | peak RSS MB | exit |"
        );
        println!("|---|---|---|---|---|---|---|---|");
    }

    fn print(label: &str, bytes: u64, docs: usize, runs: &[ChildRun]) {
        let mb = bytes as f64 / MB;
        let wall: Vec<f64> = runs.iter().map(|r| r.wall.as_secs_f64()).collect();
        let cpu: Vec<f64> = runs.iter().map(|r| r.cpu.as_secs_f64()).collect();
        let median = |v: &[f64]| {
            let mut v = v.to_vec();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let rss = runs.iter().map(|r| r.max_rss_kb).max().unwrap_or(0);
        let exits: Vec<&str> = runs.iter().map(|r| r.exit.as_str()).collect();
        let exit = if exits.iter().all(|e| *e == exits[0]) {
            exits[0].to_string()
        } else {
            exits.join(",")
        };
        println!(
            "| {label} | {} | {} | {:.0} | {:.2} | {:.2} | {:.1} | {exit} |",
            spread(wall.iter().map(|w| mb / w).collect()),
            spread(cpu.iter().map(|c| mb / c).collect()),
            docs as f64 / median(&wall),
            median(&wall),
            median(&cpu),
            rss as f64 / 1024.0,
        );
    }
}

/// `jingwang extract DIR FLAGS -j JOBS > FILE`, several passes.
fn binary_row(opts: &Options, label: &str, dir: &Path, flags: &[&str], jobs: &str, one_core: bool) {
    let (bytes, docs) = folder_size(dir);
    warm(&txt_files(dir));
    let out_dir = opts.data.join("out-dir");
    let mut args: Vec<std::ffi::OsString> = vec!["extract".into(), dir.into()];
    for flag in flags {
        args.push(if *flag == "@OUT" {
            out_dir.clone().into()
        } else {
            (*flag).into()
        });
    }
    args.extend(["-j".into(), jobs.into()]);
    let runs: Vec<ChildRun> = (0..opts.passes)
        .map(|_| {
            let _ = std::fs::remove_dir_all(&out_dir);
            run_child(opts, &args, None, one_core)
        })
        .collect();
    let _ = std::fs::remove_dir_all(&out_dir);
    Row::print(label, bytes, docs, &runs);
}

/// Reads `files` once, so that the passes after find them in the page
/// cache (a shared machine's memory reclaim evicts files left alone for
/// a while, and one cold pass reads the disk, not the code).
/// In blocks: reading a whole large file would raise this process's peak
/// memory, which children inherit as theirs.
fn warm(files: &[PathBuf]) {
    let mut block = vec![0u8; 1 << 20];
    for file in files {
        let mut f = std::fs::File::open(file).unwrap();
        while f.read(&mut block).unwrap() > 0 {}
    }
}

/// `jingwang extract - --input jsonl --format jsonl -j JOBS < LINES`.
fn stdin_row(opts: &Options, label: &str, lines: &Path, jobs: &str) {
    let bytes = lines.metadata().unwrap().len();
    warm(&[lines.to_path_buf()]);
    let docs =
        std::io::BufRead::lines(std::io::BufReader::new(std::fs::File::open(lines).unwrap()))
            .count();
    let args: Vec<std::ffi::OsString> = [
        "extract", "-", "--input", "jsonl", "--format", "jsonl", "-j", jobs,
    ]
    .iter()
    .map(Into::into)
    .collect();
    let runs: Vec<ChildRun> = (0..opts.passes)
        .map(|_| run_child(opts, &args, Some(lines), false))
        .collect();
    Row::print(label, bytes, docs, &runs);
}

/// One 50 MB document on a single line, through the binary.
fn single_line(opts: &Options) {
    let path = opts.data.join(SINGLE_LINE);
    let args = [
        "extract".into(),
        path.into(),
        "--format".into(),
        "jsonl".into(),
    ];
    let run = run_child(opts, &args, None, false);
    println!(
        "extract 50 MB single line: {:.2?} wall, {:.2?} cpu, peak RSS {:.1} MB, exit {}{}",
        run.wall,
        run.cpu,
        run.max_rss_kb as f64 / 1024.0,
        run.exit,
        if run.exit == "0" { "" } else { "  <-- FAILED" }
    );
}

/// `report` over 10,000 annotated documents: the corpus and its
/// annotations copied as many times as that takes.
fn report_run(opts: &Options) {
    let root = opts.data.join("report-10k");
    // The documents of the bundled corpus with an annotation: annotations of
    // sources kept outside the repository (annotations/real) have nothing
    // to copy beside them.
    let names: Vec<String> =
        jingwang::annotation::corpus::relative_names(&Path::new(ROOT).join("corpus"), "txt")
            .map(|found| found.names)
            .unwrap_or_default()
            .into_iter()
            .filter(|n| {
                Path::new(ROOT)
                    .join("annotations")
                    .join(format!("{n}.yaml"))
                    .is_file()
            })
            .collect();
    if names.is_empty() {
        println!("report: no annotations to copy, skipped");
        return;
    }
    let copies = 10_000usize.div_ceil(names.len());
    if !root.join(".complete").exists() {
        let _ = std::fs::remove_dir_all(&root);
        for i in 0..copies {
            for name in &names {
                for (from, ext) in [("corpus", "txt"), ("annotations", "yaml")] {
                    let dest = root
                        .join(from)
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
    let args = [
        "report".into(),
        "--corpus".into(),
        root.join("corpus").into(),
        "--annotations".into(),
        root.join("annotations").into(),
        "--format".into(),
        "json".into(),
    ];
    let run = run_child(opts, &args, None, false);
    println!(
        "report over {} annotated documents: {:.2?} wall, {:.2?} cpu, peak RSS {:.1} MB, exit {}",
        copies * names.len(),
        run.wall,
        run.cpu,
        run.max_rss_kb as f64 / 1024.0,
        run.exit
    );
}

struct ChildRun {
    wall: Duration,
    cpu: Duration,
    max_rss_kb: i64,
    exit: String,
}

/// Runs the binary with stdout going to a file (as `> out` does) and
/// measures its wall time, CPU time and peak resident set size, read from
/// the kernel at reaping (wait4). `one_core` pins it to CPU 0, as
/// `taskset -c 0` does.
// The child is reaped by wait4, not by `Child::wait`, to get its rusage.
#[allow(clippy::zombie_processes)]
fn run_child(
    opts: &Options,
    args: &[std::ffi::OsString],
    stdin: Option<&Path>,
    one_core: bool,
) -> ChildRun {
    let stdout = std::fs::File::create(opts.data.join("stdout.out")).unwrap();
    // stderr goes to a file: a pipe could fill up and block the child.
    let mut stderr_file = tempfile::tempfile().unwrap();
    let mut command = Command::new(&opts.bin);
    command
        .args(args)
        .stdout(stdout)
        .stderr(stderr_file.try_clone().unwrap())
        .stdin(match stdin {
            Some(path) => Stdio::from(std::fs::File::open(path).unwrap()),
            None => Stdio::null(),
        });
    if one_core {
        // SAFETY: only async-signal-safe calls between fork and exec; the
        // cpu_set_t is a plain C struct for which all zeroes is empty.
        unsafe {
            command.pre_exec(|| {
                let mut set: libc::cpu_set_t = std::mem::zeroed();
                libc::CPU_SET(0, &mut set);
                if libc::sched_setaffinity(0, std::mem::size_of_val(&set), &set) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let started = Instant::now();
    let child = command.spawn().expect("the release binary runs");
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
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    ChildRun {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        max_rss_kb: usage.ru_maxrss,
        exit,
    }
}
