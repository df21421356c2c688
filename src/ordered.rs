//! Ordered parallel map: work on many inputs in parallel, hand results on
//! in input order as soon as each is next in line.
//!
//! **Invariant:** at most `window` inputs are in flight (taken from the
//! input iterator but not yet handed to the sink), so memory is bounded by
//! a few documents however long the input is, and the output order is the
//! input order however the work is scheduled.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc;

/// Runs `work` on every input on a pool of `jobs` threads (0: one per
/// core) and calls `sink` with the results in input order, on the calling
/// thread. Inputs are taken on a thread of their own, so a slow input (a
/// pipe that trickles) never holds back a result that is ready. A panic in
/// `work` reaches the sink as `Err(message)` for that input, so one bad
/// input cannot stall or end the batch. `sink` returning `Break` stops
/// taking new inputs (a closed pipe); work already started finishes and is
/// dropped.
pub fn ordered_map<I, T, R, W, S>(inputs: I, jobs: usize, work: W, sink: S) -> std::io::Result<()>
where
    I: IntoIterator<Item = T>,
    I::IntoIter: Send,
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    S: FnMut(Result<R, String>) -> ControlFlow<()>,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("jingwang-{i}"))
        .build()
        .map_err(std::io::Error::other)?;
    // Enough queued work to keep every thread busy while the next result in
    // line is still being computed, and no more.
    let window = pool.current_num_threads() * 2 + 2;
    // One slot per input in flight: the producer blocks when all are taken,
    // the consumer frees one per result handed on.
    let (slot_tx, slot_rx) = mpsc::sync_channel::<()>(window);
    let (tx, rx) = mpsc::channel::<Message<R>>();
    let inputs = inputs.into_iter();
    let (pool, work) = (&pool, &work);
    std::thread::scope(|threads| {
        threads.spawn(move || produce(pool, inputs, work, slot_tx, tx));
        consume(rx, slot_rx, sink);
    });
    Ok(())
}

enum Message<R> {
    Done(usize, Result<R, String>),
    /// Every input has been taken; this many in all.
    End(usize),
}

/// Takes inputs while slots are free and spawns their work on the pool.
fn produce<T, R, W>(
    pool: &rayon::ThreadPool,
    inputs: impl Iterator<Item = T>,
    work: &W,
    slots: mpsc::SyncSender<()>,
    tx: mpsc::Sender<Message<R>>,
) where
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
{
    pool.in_place_scope(|scope| {
        let mut taken = 0;
        for input in inputs {
            // Fails only when the consumer has stopped.
            if slots.send(()).is_err() {
                return;
            }
            let tx = tx.clone();
            let index = taken;
            scope.spawn(move |_| {
                let result = std::panic::catch_unwind(AssertUnwindSafe(|| work(input)));
                // The receiver is gone only when the sink stopped early.
                let _ = tx.send(Message::Done(index, result.map_err(panic_message)));
            });
            taken += 1;
        }
        let _ = tx.send(Message::End(taken));
    });
}

/// Hands results on in input order, freeing a slot for each.
fn consume<R, S>(rx: mpsc::Receiver<Message<R>>, slots: mpsc::Receiver<()>, mut sink: S)
where
    S: FnMut(Result<R, String>) -> ControlFlow<()>,
{
    let mut waiting = BTreeMap::new();
    let (mut next, mut total) = (0, None);
    while total != Some(next) {
        // Every sender gone without an end: the producer died; stop.
        let Ok(message) = rx.recv() else { return };
        match message {
            Message::Done(index, result) => {
                waiting.insert(index, result);
            }
            Message::End(count) => total = Some(count),
        }
        while let Some(result) = waiting.remove(&next) {
            next += 1;
            if sink(result).is_break() {
                return;
            }
            let _ = slots.recv();
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
        assert!(most.load(Ordering::SeqCst) <= 2 * 2 + 2 + 1, "{most:?}");
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
