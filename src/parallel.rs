//! Work spread over the machine's cores, results in input order.

/// `f` over `items` on up to as many threads as there are cores, results in input order.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// `a` on a thread of its own while `b` runs on this one; both results (a panic in either is
/// carried on).
pub fn both<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let first = scope.spawn(a);
        let second = b();
        let first = first
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (first, second)
    })
}

/// A one-way signal between two branches of work: [`Gate::wait`] returns once its [`Opener`]
/// is opened or dropped (so that a branch that ends early, on an error, never leaves the other
/// waiting).
pub fn gate() -> (Gate, Opener) {
    let (send, receive) = std::sync::mpsc::channel();
    (Gate(receive), Opener(send))
}

/// The waiting side of a [`gate`].
pub struct Gate(std::sync::mpsc::Receiver<()>);

impl Gate {
    /// Waits until the gate is opened.
    pub fn wait(self) {
        // An error means the opener is gone: open.
        let _ = self.0.recv();
    }
}

/// The opening side of a [`gate`].
pub struct Opener(std::sync::mpsc::Sender<()>);

impl Opener {
    /// Opens the gate.
    pub fn open(self) {
        // The gate waits for the sender to go.
        drop(self.0);
    }
}
