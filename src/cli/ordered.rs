//! Ordered parallel map: work on many inputs in parallel, hand results on
//! in input order as soon as each is next in line.
//!
//! **Invariant:** at most [`window`] inputs are in flight (taken from the
//! input iterator but not yet handed to the sink), so memory is bounded by
//! a few documents however long the input is, and the output order is the
//! input order however the work is scheduled.
//!
//! Why this shape: documents are small and many, so the cost that matters
//! is waking threads, not moving data (a profile of the earlier design, a
//! thread handing each document to a pool, put a fifth of a one-thread run
//! in futex wake-ups). Here every thread, the calling one included, is a
//! worker that takes its next input itself, and the worker that finishes
//! the document next in line hands it (and any waiting behind it) to the
//! sink; a thread sleeps only when it is a whole window ahead of the sink.
//! With one thread there is no other thread at all: input, work and sink
//! run one after the other on the caller's.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

/// How many inputs may be in flight with `threads` workers: enough queued
/// work that no worker idles while one slow document holds the sink, and
/// no more.
pub fn window(threads: usize) -> usize {
    4 * threads + 4
}

/// Runs `work` on every input on `threads` threads (the caller's and
/// `threads - 1` more) and calls `sink` with the results in input order,
/// one at a time, from whichever thread finished the result next in line.
/// A slow input (a pipe that trickles) never holds back a result that is
/// ready. A panic in `work` reaches the sink as `Err(message)` for that
/// input, so one bad input cannot stall or end the batch. `sink` returning
/// `Break` stops taking new inputs (a closed pipe); work already started
/// finishes and is dropped.
pub fn ordered_map<I, T, R, W, S>(inputs: I, threads: usize, work: W, sink: S)
where
    I: IntoIterator<Item = T>,
    I::IntoIter: Send,
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    S: FnMut(Result<R, String>) -> ControlFlow<()> + Send,
{
    if threads <= 1 {
        let mut sink = sink;
        for input in inputs {
            if sink(run(&work, input)).is_break() {
                return;
            }
        }
        return;
    }
    let shared = Shared::new(inputs.into_iter(), window(threads), sink);
    let (shared, work) = (&shared, &work);
    std::thread::scope(|scope| {
        for i in 1..threads {
            let spawned = std::thread::Builder::new()
                .name(format!("jingwang-{i}"))
                .spawn_scoped(scope, move || shared.work(work));
            // Too few threads is slower, never wrong.
            if spawned.is_err() {
                break;
            }
        }
        shared.work(work);
    });
}

fn run<T, R>(work: &impl Fn(T) -> R, input: T) -> Result<R, String> {
    std::panic::catch_unwind(AssertUnwindSafe(|| work(input))).map_err(panic_message)
}

/// The inputs, the reorder buffer and the sink, shared by the workers.
struct Shared<I, R, S> {
    /// The inputs and the index of the next one taken.
    inputs: Mutex<(I, usize)>,
    state: Mutex<State<R, S>>,
    /// Index of the next result the sink is owed (a copy of `state.next`
    /// readable without the lock).
    next: AtomicUsize,
    stopped: AtomicBool,
    /// Signalled when the sink moves on while a worker waits for room.
    room: Condvar,
    window: usize,
}

struct State<R, S> {
    next: usize,
    /// Results that finished before their turn.
    waiting: BTreeMap<usize, Result<R, String>>,
    /// Whether a worker sleeps on `room`.
    sleeper: bool,
    sink: S,
}

impl<I, T, R, S> Shared<I, R, S>
where
    I: Iterator<Item = T>,
    S: FnMut(Result<R, String>) -> ControlFlow<()>,
{
    fn new(inputs: I, window: usize, sink: S) -> Self {
        let state = State {
            next: 0,
            waiting: BTreeMap::new(),
            sleeper: false,
            sink,
        };
        Shared {
            inputs: Mutex::new((inputs, 0)),
            state: Mutex::new(state),
            next: AtomicUsize::new(0),
            stopped: AtomicBool::new(false),
            room: Condvar::new(),
            window,
        }
    }

    /// One worker: take an input, work, file the result, until the inputs
    /// run out or the sink stops.
    fn work(&self, work: &impl Fn(T) -> R) {
        while let Some((index, input)) = self.take() {
            self.finish(index, run(work, input));
        }
    }

    /// The next input and its index, once it fits in the window.
    fn take(&self) -> Option<(usize, T)> {
        let mut inputs = lock(&self.inputs);
        let index = inputs.1;
        if index >= self.next.load(Ordering::Acquire) + self.window {
            let mut state = lock(&self.state);
            while index >= state.next + self.window && !self.stopped.load(Ordering::Acquire) {
                state.sleeper = true;
                state = self.room.wait(state).unwrap_or_else(|p| p.into_inner());
            }
        }
        if self.stopped.load(Ordering::Acquire) {
            return None;
        }
        let input = inputs.0.next()?;
        inputs.1 += 1;
        Some((index, input))
    }

    /// Files one result and hands on every result now next in line.
    fn finish(&self, index: usize, result: Result<R, String>) {
        let mut guard = lock(&self.state);
        let state = &mut *guard;
        if self.stopped.load(Ordering::Acquire) {
            return;
        }
        state.waiting.insert(index, result);
        let before = state.next;
        while let Some(result) = state.waiting.remove(&state.next) {
            state.next += 1;
            if (state.sink)(result).is_break() {
                self.stopped.store(true, Ordering::Release);
                state.waiting.clear();
                break;
            }
        }
        self.next.store(state.next, Ordering::Release);
        if state.sleeper && (state.next != before || self.stopped.load(Ordering::Acquire)) {
            state.sleeper = false;
            self.room.notify_all();
        }
    }
}

/// A panic inside the sink poisons a lock; the state stays usable.
fn lock<X>(mutex: &Mutex<X>) -> MutexGuard<'_, X> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".to_string());
    format!("internal error: {text}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn order_is_kept_and_in_flight_work_is_bounded() {
        for threads in [1, 2, 3] {
            let in_flight = AtomicUsize::new(0);
            let most = AtomicUsize::new(0);
            let mut out = Vec::new();
            let inputs = (0..200u64).inspect(|_| {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
            });
            let work = |i: u64| {
                // Later inputs finish first, so order must come from reordering.
                std::thread::sleep(Duration::from_micros((200 - i) * 20));
                i
            };
            ordered_map(inputs, threads, work, |i| {
                in_flight.fetch_sub(1, Ordering::SeqCst);
                out.push(i.unwrap());
                ControlFlow::Continue(())
            });
            assert_eq!(out, (0..200).collect::<Vec<_>>());
            let most = most.load(Ordering::SeqCst);
            assert!(
                most <= window(threads),
                "{threads} threads: {most} in flight"
            );
        }
    }

    #[test]
    fn one_slow_input_does_not_stop_the_others() {
        // Input 0 waits until every other input of the window has started:
        // it would wait forever if they waited for it.
        let started = AtomicUsize::new(0);
        let work = |i: usize| {
            started.fetch_add(1, Ordering::SeqCst);
            if i == 0 {
                let deadline = std::time::Instant::now() + Duration::from_secs(60);
                while started.load(Ordering::SeqCst) < window(2)
                    && std::time::Instant::now() < deadline
                {
                    std::thread::yield_now();
                }
                return started.load(Ordering::SeqCst);
            }
            i
        };
        let mut out = Vec::new();
        ordered_map(0..100, 2, work, |r| {
            out.push(r.unwrap());
            ControlFlow::Continue(())
        });
        assert_eq!(out[0], window(2));
        assert_eq!(out[1..], (1..100).collect::<Vec<_>>());
    }

    #[test]
    fn a_stopped_sink_takes_no_more_inputs() {
        for threads in [1, 2] {
            let taken = AtomicUsize::new(0);
            let inputs = (0..1000).inspect(|_| {
                taken.fetch_add(1, Ordering::SeqCst);
            });
            let mut seen = 0;
            ordered_map(
                inputs,
                threads,
                |i| i,
                |_| {
                    seen += 1;
                    if seen == 3 {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                },
            );
            assert_eq!(seen, 3);
            assert!(taken.load(Ordering::SeqCst) < 20);
        }
    }

    #[test]
    fn a_panic_is_an_error_for_its_input_only() {
        for threads in [1, 2] {
            let mut out = Vec::new();
            let work = |i: u32| if i == 2 { panic!("boom") } else { i };
            ordered_map(0..5u32, threads, work, |r| {
                out.push(r);
                ControlFlow::Continue(())
            });
            assert_eq!(out[2], Err("internal error: boom".to_string()));
            assert_eq!(out.iter().filter(|r| r.is_ok()).count(), 4);
        }
    }
}
