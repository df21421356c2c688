//! Ordered parallel map: work on many inputs in parallel, hand results on
//! in input order as soon as each is next in line.
//!
//! **Invariant:** at most [`window`] inputs are in flight (taken from the
//! input iterator but not yet handed to the sink), so memory is bounded by
//! a few documents however long the input is, and the output order is the
//! input order however the work is scheduled.
//!
//! Why this shape: documents are small and many, so the cost that matters
//! is waking threads, not moving data. The worker that finishes the next
//! document in line hands it (and any that were waiting behind it) to the
//! sink itself, so no thread is woken per document to do that; and the
//! thread taking inputs refills the window only when it has drained to
//! half, so it is woken once per half window rather than per document.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::AssertUnwindSafe;
use std::sync::{Condvar, Mutex, MutexGuard};

/// How many inputs may be in flight with `threads` workers: enough queued
/// work that no worker idles while the window refills, and no more.
pub fn window(threads: usize) -> usize {
    4 * threads + 4
}

/// Runs `work` on every input on a pool of `jobs` threads (0: one per
/// core) and calls `sink` with the results in input order, one at a time,
/// from whichever worker finished the result next in line. Inputs are taken
/// on the calling thread; a slow input (a pipe that trickles) never holds
/// back a result that is ready. A panic in `work` reaches the sink as
/// `Err(message)` for that input, so one bad input cannot stall or end the
/// batch. `sink` returning `Break` stops taking new inputs (a closed pipe);
/// work already started finishes and is dropped.
pub fn ordered_map<I, T, R, W, S>(inputs: I, jobs: usize, work: W, sink: S) -> std::io::Result<()>
where
    I: IntoIterator<Item = T>,
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    S: FnMut(Result<R, String>) -> ControlFlow<()> + Send,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("jingwang-{i}"))
        .build()
        .map_err(std::io::Error::other)?;
    let shared = Shared::new(window(pool.current_num_threads()), sink);
    let (shared, work) = (&shared, &work);
    pool.in_place_scope(|scope| {
        for (index, input) in inputs.into_iter().enumerate() {
            if !shared.wait_for_room() {
                return;
            }
            scope.spawn(move |_| {
                let result = std::panic::catch_unwind(AssertUnwindSafe(|| work(input)));
                shared.finish(index, result.map_err(panic_message));
            });
        }
    });
    Ok(())
}

/// The reorder buffer and the sink, shared by the workers.
struct Shared<R, S> {
    state: Mutex<State<R, S>>,
    /// Signalled when the window has drained to half, or the sink stopped.
    room: Condvar,
    window: usize,
}

struct State<R, S> {
    /// Index of the next result the sink is owed.
    next: usize,
    /// Results that finished before their turn.
    waiting: BTreeMap<usize, Result<R, String>>,
    in_flight: usize,
    stopped: bool,
    sink: S,
}

impl<R, S> Shared<R, S>
where
    S: FnMut(Result<R, String>) -> ControlFlow<()>,
{
    fn new(window: usize, sink: S) -> Self {
        let state = State {
            next: 0,
            waiting: BTreeMap::new(),
            in_flight: 0,
            stopped: false,
            sink,
        };
        Shared {
            state: Mutex::new(state),
            room: Condvar::new(),
            window,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<R, S>> {
        // A panic inside the sink poisons the lock; the state stays usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes a place in the window for one more input, waiting while it is
    /// full until it has drained to half; false once the sink has stopped.
    fn wait_for_room(&self) -> bool {
        let mut state = self.lock();
        if state.in_flight >= self.window {
            while state.in_flight > self.window / 2 && !state.stopped {
                state = self.room.wait(state).unwrap_or_else(|p| p.into_inner());
            }
        }
        state.in_flight += 1;
        !state.stopped
    }

    /// Files one result and hands on every result now next in line.
    fn finish(&self, index: usize, result: Result<R, String>) {
        let mut guard = self.lock();
        let state = &mut *guard;
        if state.stopped {
            return;
        }
        state.waiting.insert(index, result);
        while let Some(result) = state.waiting.remove(&state.next) {
            state.next += 1;
            state.in_flight -= 1;
            if state.in_flight == self.window / 2 {
                self.room.notify_one();
            }
            if (state.sink)(result).is_break() {
                state.stopped = true;
                state.waiting.clear();
                self.room.notify_one();
                return;
            }
        }
    }
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
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn order_is_kept_and_in_flight_work_is_bounded() {
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
        ordered_map(inputs, 2, work, |i| {
            in_flight.fetch_sub(1, Ordering::SeqCst);
            out.push(i.unwrap());
            ControlFlow::Continue(())
        })
        .unwrap();
        assert_eq!(out, (0..200).collect::<Vec<_>>());
        assert!(most.load(Ordering::SeqCst) <= window(2) + 1, "{most:?}");
    }

    #[test]
    fn a_stopped_sink_takes_no_more_inputs() {
        let taken = AtomicUsize::new(0);
        let inputs = (0..1000).inspect(|_| {
            taken.fetch_add(1, Ordering::SeqCst);
        });
        let mut seen = 0;
        ordered_map(
            inputs,
            2,
            |i| i,
            |_| {
                seen += 1;
                if seen == 3 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        )
        .unwrap();
        assert_eq!(seen, 3);
        assert!(taken.load(Ordering::SeqCst) < 20);
    }

    #[test]
    fn a_panic_is_an_error_for_its_input_only() {
        let mut out = Vec::new();
        let work = |i: u32| if i == 2 { panic!("boom") } else { i };
        ordered_map(0..5u32, 2, work, |r| {
            out.push(r);
            ControlFlow::Continue(())
        })
        .unwrap();
        assert_eq!(out[2], Err("internal error: boom".to_string()));
        assert_eq!(out.iter().filter(|r| r.is_ok()).count(), 4);
    }
}
