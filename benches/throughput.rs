//! Single-threaded extraction throughput (issue 6): the corpus documents,
//! repeated and shuffled into a generated corpus of many separate documents
//! (~20 MB by default), are each passed to `extract()` and timed.
//!
//! `cargo bench --bench throughput [-- --mb N --corpus DIR]` (or `make bench`)
//! prints MB/s of UTF-8 input, documents/s, facts found and peak memory.
//! Kept out of the test build: only `cargo bench` compiles it.

use jingwang::corpus::Layout;
use jingwang::extract::extract;
use std::process::ExitCode;
use std::time::Instant;

struct Options {
    mb: f64,
    corpus: String,
}

/// Reads `--mb N` and `--corpus DIR`; cargo's own `--bench` flag is ignored.
fn options() -> Result<Options, String> {
    let mut opts = Options { mb: 20.0, corpus: "corpus".to_string() };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--mb" => {
                let v = args.next().ok_or("--mb needs a number of megabytes")?;
                opts.mb = v.parse().map_err(|_| format!("--mb {v}: not a number"))?;
            }
            "--corpus" => opts.corpus = args.next().ok_or("--corpus needs a directory")?,
            _ => {}
        }
    }
    Ok(opts)
}

/// The corpus documents repeated until `bytes` of text, in a shuffled order
/// (a fixed xorshift seed, so every run measures the same input).
fn generated_corpus(dir: &str, bytes: usize) -> Result<Vec<String>, String> {
    let layout = Layout::new(dir, "annotations");
    let paths = layout.sources().map_err(|e| e.to_string())?;
    let mut docs = Vec::new();
    for p in &paths {
        docs.push(jingwang::source::read_source(&p.source).map_err(|e| format!("{}: {e}", p.source.display()))?);
    }
    let total: usize = docs.iter().map(String::len).sum();
    if total == 0 {
        return Err(format!("no text under {dir}"));
    }
    let mut out = Vec::new();
    let mut size = 0;
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    while size < bytes {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let doc = &docs[(x % docs.len() as u64) as usize];
        size += doc.len();
        out.push(doc.clone());
    }
    Ok(out)
}

/// CPU time this process has used, in seconds (Linux `/proc/self/stat`,
/// user + system, in clock ticks of 1/100 s). On a shared machine the
/// wall clock also counts time spent waiting for a core; CPU time does not.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Peak resident memory in MB (Linux `VmHWM`), when the platform reports it.
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() -> ExitCode {
    let run = || -> Result<(), String> {
        let opts = options()?;
        let docs = generated_corpus(&opts.corpus, (opts.mb * 1e6) as usize)?;
        let bytes: usize = docs.iter().map(String::len).sum();
        // The vocabularies and tables are built once, on first use: time that apart.
        let start = Instant::now();
        extract("");
        let setup = start.elapsed().as_secs_f64();
        let (start, cpu_start) = (Instant::now(), cpu_seconds());
        let facts: usize = docs.iter().map(|d| extract(d).facts.len()).sum();
        let secs = start.elapsed().as_secs_f64();
        let cpu = cpu_seconds().zip(cpu_start).map(|(b, a)| b - a);
        let mb = bytes as f64 / 1e6;
        let peak = peak_mb().map_or("unknown".to_string(), |m| format!("{m:.0} MB"));
        let cpu_rate = cpu.filter(|&c| c > 0.0).map_or("unknown".to_string(), |c| format!("{:.1} MB/s", mb / c));
        println!("{mb:.1} MB in {} documents, {facts} facts, single thread (tables built once in {:.0} ms)", docs.len(), setup * 1e3);
        println!("  wall {secs:.2} s: {:.1} MB/s, {:.0} documents/s", mb / secs, docs.len() as f64 / secs);
        println!("  cpu  {:.2} s: {cpu_rate} (what a core does when not shared)", cpu.unwrap_or(f64::NAN));
        println!("  peak memory {peak}");
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
