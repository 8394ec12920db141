//! Rendering inside the process: a pool of QuickJS engines (`rquickjs`), each on its own
//! thread, each running the app's SSR bundle.
//!
//! - **Threads, not the async runtime.** A render is JavaScript run to completion; it would
//!   block a tokio worker. Each engine lives on a thread of its own (a QuickJS runtime cannot
//!   move between threads); requests hand it the page object through a queue and await the
//!   answer, so the async runtime never blocks.
//! - **Limits.** A render that runs past its deadline is interrupted (QuickJS's interrupt
//!   handler, polled while the script runs); an engine has a memory limit (its allocator
//!   refuses past it, the script gets an out-of-memory exception).
//! - **Nothing carries over from a failure.** An engine whose render failed for any reason
//!   (an exception, the deadline, memory) is thrown away and a fresh one loads the bundle
//!   before the next render, so a half-finished render cannot leave state behind.
//! - **The bundle** sets `globalThis.render = (page) => Promise<{head, body}>` (what the
//!   official adapters' `createInertiaApp({ page, render: renderToString, … })` returns).
//!   [`SHIM`] runs first: timers, `MessageChannel`, `TextEncoder`, `URL`, `console` and the
//!   like, which QuickJS does not have (`URL` parses in Rust: [`super::web`]).

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rquickjs::{CatchResultExt, Context, Ctx, Function, Object, Promise, Runtime, Value};
use tokio::sync::oneshot;

use super::{Rendered, SsrError};
use crate::error::ConfigError;

/// What QuickJS lacks that server renderers use; evaluated before the bundle.
pub(super) const SHIM: &str = include_str!("shim.js");

/// Bytes allocated between two garbage collections.
const GC_THRESHOLD: usize = 8 * 1024 * 1024;

/// A JavaScript stack deep enough for rendering deep component trees.
const STACK: usize = 4 * 1024 * 1024;

/// The stack of an engine's thread: QuickJS's limit ([`STACK`]) plus as much again for the
/// native frames around it (the Rust caller, rquickjs's trampolines, QuickJS building the
/// exception). QuickJS measures its stack from where the runtime was made and throws
/// "stack overflow" at the limit; the thread must have room past that point, or a deep
/// render overflows the thread and aborts the whole process instead (it did, with the
/// default 2 MiB thread stack: docs/reliability.md). Untouched pages cost no memory.
const THREAD_STACK: usize = 2 * STACK;

/// The settings of the engines.
#[derive(Debug, Clone)]
pub(super) struct EngineSettings {
    pub(super) bundle: &'static str,
    pub(super) memory_limit: usize,
    pub(super) render_timeout: Duration,
}

/// One render to do.
struct Job {
    page: bytes::Bytes,
    deadline: Instant,
    reply: oneshot::Sender<Result<Rendered, SsrError>>,
}

/// The pool. Each engine's thread has a channel of its own; a render goes to the engine that
/// became idle **last** (a stack, not a queue), whose heap is still in the CPU's caches: with
/// one client at a time, alternating between two engines made every render find its engine
/// cold, and cost the demo's `/tasks` 5–15% (docs/performance.md). When every engine is
/// busy, renders wait in the backlog, first come first served.
pub(super) struct EnginePool {
    engines: Vec<Sender<Job>>,
    dispatch: Arc<Mutex<Dispatch>>,
    settings: EngineSettings,
}

/// Who is free and what waits, under one lock.
struct Dispatch {
    /// Idle engines, the most recently idle last.
    idle: Vec<usize>,
    /// Renders no engine was free for.
    backlog: VecDeque<Job>,
}

impl std::fmt::Debug for EnginePool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnginePool")
            .field("engines", &self.engines.len())
            .field("memory_limit", &self.settings.memory_limit)
            .field("bundle_bytes", &self.settings.bundle.len())
            .finish_non_exhaustive()
    }
}

impl EnginePool {
    /// Starts `engines` threads, each loading the bundle into its engine at once (in
    /// parallel), and waits for them: a bundle that does not evaluate or sets no `render` is
    /// a [`ConfigError`] at startup, and no request waits for an engine to load.
    pub(super) fn start(settings: EngineSettings, engines: usize) -> Result<Self, ConfigError> {
        let started = Instant::now();
        // Every engine starts idle (its thread waits on its channel until sent a render).
        let dispatch = Arc::new(Mutex::new(Dispatch {
            idle: (0..engines).collect(),
            backlog: VecDeque::new(),
        }));
        let (loaded_tx, loaded_rx) = mpsc::channel::<Result<i64, String>>();
        let mut senders = Vec::with_capacity(engines);
        for n in 0..engines {
            let (sender, receiver) = mpsc::channel::<Job>();
            senders.push(sender);
            let dispatch = dispatch.clone();
            let settings = settings.clone();
            let loaded_tx = loaded_tx.clone();
            std::thread::Builder::new()
                .name(format!("inertia-ssr-{n}"))
                .stack_size(THREAD_STACK)
                .spawn(move || work(n, &receiver, &dispatch, &settings, loaded_tx))
                .map_err(|e| ConfigError::new(format!("cannot start an SSR engine thread: {e}")))?;
        }
        drop(loaded_tx);
        let mut memory = 0;
        for _ in 0..engines {
            // On an error, returning drops the senders, which ends the threads.
            match loaded_rx.recv() {
                Ok(Ok(used)) => memory += used,
                Ok(Err(e)) => {
                    return Err(ConfigError::new(format!(
                        "the embedded SSR bundle cannot be loaded: {e}. It must be a script (an IIFE or ES2020 bundle without imports) that sets `globalThis.render = (page) => createInertiaApp({{ page, render: renderToString, … }})`"
                    )));
                }
                Err(_) => {
                    return Err(ConfigError::new(
                        "an SSR engine thread stopped while loading the bundle",
                    ));
                }
            }
        }
        tracing::info!(
            target: "inertia_runtime::ssr",
            engines,
            load = ?started.elapsed(),
            memory,
            "embedded SSR: bundle loaded"
        );
        Ok(EnginePool {
            engines: senders,
            dispatch,
            settings,
        })
    }

    /// Renders `page` on the engine idle last, or after the renders already waiting. The
    /// caller bounds the wait with its own timeout; a job whose caller gave up is skipped.
    pub(super) async fn render(&self, page: bytes::Bytes) -> Result<Rendered, SsrError> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            page,
            deadline: Instant::now() + self.settings.render_timeout,
            reply,
        };
        let idle = {
            let mut dispatch = self.dispatch.lock().unwrap_or_else(PoisonError::into_inner);
            match dispatch.idle.pop() {
                Some(n) => Some((n, job)),
                None => {
                    dispatch.backlog.push_back(job);
                    None
                }
            }
        };
        if let Some((n, job)) = idle
            && self
                .engines
                .get(n)
                .is_none_or(|engine| engine.send(job).is_err())
        {
            return Err(SsrError::Engine("the SSR engines have stopped".into()));
        }
        answer
            .await
            .unwrap_or_else(|_| Err(SsrError::Engine("the SSR engine stopped".into())))
    }
}

/// An engine thread: renders what it is sent and what waits in the backlog, until the pool
/// is dropped. An engine whose render failed is replaced after the answer is sent and before
/// the next job is taken, so no request waits for a bundle to load.
fn work(
    n: usize,
    receiver: &Receiver<Job>,
    dispatch: &Mutex<Dispatch>,
    settings: &EngineSettings,
    loaded: Sender<Result<i64, String>>,
) {
    // Loaded here, in the frame that renders: QuickJS measures its stack from where the
    // runtime is made, so an engine made in a caller of this function would start every
    // render deeper into its stack limit.
    let mut engine = {
        let engine = Engine::load(settings);
        let _ = loaded.send(
            engine
                .as_ref()
                .map(Engine::memory_used)
                .map_err(|e| e.to_string()),
        );
        engine.ok()
    };
    drop(loaded);
    // On the idle stack from the start (`EnginePool::start`).
    let mut next = Next::Idle;
    loop {
        if engine.is_none() {
            match Engine::load(settings) {
                Ok(fresh) => engine = Some(fresh),
                Err(e) => tracing::error!(
                    target: "inertia_runtime::ssr",
                    error = %e,
                    "the SSR bundle did not load into a fresh engine"
                ),
            }
        }
        let job = match std::mem::replace(&mut next, Next::Ask) {
            Next::Job(job) => Some(job),
            Next::Ask => claim(dispatch, n, engine.is_some()),
            Next::Idle => None,
        };
        // Nothing waiting: this engine is on the idle stack, and the pool sends a job only
        // to an engine it took off the stack.
        let job = match job {
            Some(job) => job,
            None => match receiver.recv() {
                Ok(job) => job,
                Err(_) => return, // the pool is gone
            },
        };
        if job.reply.is_closed() || Instant::now() >= job.deadline {
            // The request stopped waiting (its timeout passed while the job queued).
            let _ = job
                .reply
                .send(Err(SsrError::Timeout(settings.render_timeout)));
            continue;
        }
        let Some(current) = engine.as_ref() else {
            let _ = job.reply.send(Err(SsrError::Engine(
                "the SSR bundle did not load into a fresh engine".into(),
            )));
            // Not in a loop at full speed if the bundle stopped loading.
            std::thread::sleep(Duration::from_millis(100));
            continue;
        };
        let result = current.render(&job.page, job.deadline);
        if result.is_ok() {
            // Back on the stack (or onto the next waiting render) before answering: the
            // caller may send its next render as soon as it has this answer, and that render
            // should find this engine, still warm.
            next = match claim(dispatch, n, true) {
                Some(job) => Next::Job(job),
                None => Next::Idle,
            };
            let _ = job.reply.send(result);
        } else {
            let _ = job.reply.send(result);
            // The caller logs the failure; a fresh engine takes the next render (it asks
            // for one once loaded, so no request waits for the load).
            tracing::debug!(target: "inertia_runtime::ssr", "embedded SSR engine replaced after a failed render");
            engine = None;
        }
    }
}

/// What an engine thread does next.
enum Next {
    /// Ask the dispatcher: the backlog's first render, or onto the idle stack.
    Ask,
    /// This render, taken from the backlog.
    Job(Job),
    /// Already on the idle stack: wait for a render on the channel.
    Idle,
}

/// The backlog's first render, if any; else engine `n` goes on the idle stack: on top when it
/// can render, at the bottom when its bundle did not load (so that engines that can render
/// are sent renders first).
fn claim(dispatch: &Mutex<Dispatch>, n: usize, healthy: bool) -> Option<Job> {
    let mut dispatch = dispatch.lock().unwrap_or_else(PoisonError::into_inner);
    let job = dispatch.backlog.pop_front();
    if job.is_none() {
        if healthy {
            dispatch.idle.push(n);
        } else {
            dispatch.idle.insert(0, n);
        }
    }
    job
}

/// One QuickJS runtime with the bundle loaded.
pub(super) struct Engine {
    runtime: Runtime,
    context: Context,
    /// Milliseconds since `epoch` after which the running script is interrupted; 0: none.
    deadline: Arc<AtomicU64>,
    /// Set by the interrupt handler when it stopped a script.
    interrupted: Arc<AtomicBool>,
    epoch: Instant,
}

impl Engine {
    /// A fresh runtime: limits set, the shim and the bundle evaluated, `render` present.
    pub(super) fn load(settings: &EngineSettings) -> Result<Self, SsrError> {
        let engine_error =
            |what: &str, e: &dyn std::fmt::Display| SsrError::Engine(format!("{what}: {e}"));
        let runtime =
            Runtime::new().map_err(|e| engine_error("cannot create a QuickJS runtime", &e))?;
        runtime.set_memory_limit(settings.memory_limit);
        // Collect after every few MB rather than QuickJS's default 256 KB: a render allocates
        // a few MB of short-lived objects, and collecting less often makes renders faster
        // (docs/performance.md) while the memory limit still bounds the engine.
        runtime.set_gc_threshold(GC_THRESHOLD.min(settings.memory_limit / 4));
        runtime.set_max_stack_size(STACK);
        let deadline = Arc::new(AtomicU64::new(0));
        let interrupted = Arc::new(AtomicBool::new(false));
        let epoch = Instant::now();
        let (watched, flag) = (deadline.clone(), interrupted.clone());
        runtime.set_interrupt_handler(Some(Box::new(move || {
            let at = watched.load(Ordering::Relaxed);
            let stop = at != 0 && millis_since(epoch) >= at;
            if stop {
                flag.store(true, Ordering::Relaxed);
            }
            stop
        })));
        let context = Context::full(&runtime)
            .map_err(|e| engine_error("cannot create a QuickJS context", &e))?;
        let engine = Engine {
            runtime,
            context,
            deadline,
            interrupted,
            epoch,
        };
        // Loading has the render time limit too: a bundle whose top level never ends is not
        // waited for.
        engine.arm(Instant::now() + settings.render_timeout.max(Duration::from_secs(10)));
        let loaded = engine.context.with(|ctx| -> Result<(), SsrError> {
            let log = Function::new(ctx.clone(), |level: String, message: String| {
                log_from_js(&level, &message);
            })
            .map_err(|e| engine_error("cannot define the log function", &e))?;
            ctx.globals()
                .set("__inertiaLog", log)
                .map_err(|e| engine_error("cannot define the log function", &e))?;
            super::web::define(&ctx)
                .map_err(|e| engine_error("cannot define the native web functions", &e))?;
            ctx.eval::<(), _>(SHIM)
                .catch(&ctx)
                .map_err(|e| engine_error("the shim failed", &e))?;
            ctx.eval::<(), _>(settings.bundle)
                .catch(&ctx)
                .map_err(|e| engine_error("the bundle threw while loading", &e))?;
            let render: Value<'_> = ctx
                .globals()
                .get("render")
                .map_err(|e| engine_error("cannot read globalThis.render", &e))?;
            if !render.is_function() {
                return Err(SsrError::Engine(
                    "the bundle does not set `globalThis.render` to a function".into(),
                ));
            }
            Ok(())
        });
        engine.disarm();
        loaded?;
        Ok(engine)
    }

    /// Bytes the runtime holds.
    pub(super) fn memory_used(&self) -> i64 {
        self.runtime.memory_usage().memory_used_size
    }

    fn arm(&self, deadline: Instant) {
        let at = u64::try_from(deadline.saturating_duration_since(self.epoch).as_millis())
            .unwrap_or(u64::MAX)
            .max(1);
        self.deadline.store(at, Ordering::Relaxed);
    }

    fn disarm(&self) {
        self.deadline.store(0, Ordering::Relaxed);
    }

    /// Renders one page object (JSON) by calling `render` and driving its promise: pending
    /// jobs first, then queued timers, until it settles or the deadline interrupts it.
    pub(super) fn render(&self, page: &[u8], deadline: Instant) -> Result<Rendered, SsrError> {
        self.interrupted.store(false, Ordering::Relaxed);
        self.arm(deadline);
        let interrupted = || self.interrupted.load(Ordering::Relaxed) || Instant::now() >= deadline;
        let result = self
            .context
            .with(|ctx| render_in(&ctx, page, deadline, &interrupted));
        self.disarm();
        result
    }
}

fn render_in(
    ctx: &Ctx<'_>,
    page: &[u8],
    deadline: Instant,
    interrupted: &dyn Fn() -> bool,
) -> Result<Rendered, SsrError> {
    let failed = |e: &dyn std::fmt::Display| {
        let text = short(&e.to_string());
        if interrupted() {
            SsrError::LimitExceeded(format!(
                "the render was interrupted at its time limit ({text})"
            ))
        } else if text.contains("out of memory") {
            SsrError::LimitExceeded(format!("the render ran out of memory ({text})"))
        } else {
            SsrError::Threw(text)
        }
    };
    let globals = ctx.globals();
    let render: Function<'_> = globals.get("render").catch(ctx).map_err(|e| failed(&e))?;
    let page = ctx
        .json_parse(page.to_vec())
        .catch(ctx)
        .map_err(|e| failed(&e))?;
    let value: Value<'_> = render.call((page,)).catch(ctx).map_err(|e| failed(&e))?;
    let result: Object<'_> = match value.clone().into_promise() {
        Some(promise) => settle(ctx, &promise, deadline).map_err(|e| failed(&e))?,
        None => value
            .into_object()
            .ok_or_else(|| SsrError::InvalidResponse("`render` returned no object".into()))?,
    };
    let head: Vec<String> = result
        .get("head")
        .catch(ctx)
        .map_err(|e| SsrError::InvalidResponse(format!("`head` is not a list of strings: {e}")))?;
    let body: String = result
        .get("body")
        .catch(ctx)
        .map_err(|e| SsrError::InvalidResponse(format!("`body` is not a string: {e}")))?;
    Ok(Rendered { head, body })
}

/// Drives `promise` to its end.
fn settle<'js>(
    ctx: &Ctx<'js>,
    promise: &Promise<'js>,
    deadline: Instant,
) -> Result<Object<'js>, String> {
    let run_timers: Function<'js> = ctx
        .globals()
        .get("__inertiaRunTimers")
        .map_err(|e| e.to_string())?;
    loop {
        if let Some(result) = promise.result::<Object<'js>>() {
            return result.catch(ctx).map_err(|e| e.to_string());
        }
        if Instant::now() >= deadline {
            return Err("the time limit passed".into());
        }
        if ctx.execute_pending_job() {
            continue;
        }
        let ran: bool = run_timers.call(()).catch(ctx).map_err(|e| e.to_string())?;
        if !ran {
            return Err("its promise never settled (nothing left to run)".into());
        }
    }
}

/// An exception's message and the first lines of its stack (a minified bundle's full stack
/// says little more and fills the log).
fn short(text: &str) -> String {
    let mut lines = text.lines();
    let mut out = lines.next().unwrap_or("").to_owned();
    for line in lines.take(4) {
        out.push_str(" | ");
        out.push_str(line.trim());
    }
    out
}

fn millis_since(epoch: Instant) -> u64 {
    u64::try_from(epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// `console.*` of the bundle, to the server's log.
fn log_from_js(level: &str, message: &str) {
    match level {
        "error" => tracing::error!(target: "inertia_runtime::ssr", "{message}"),
        "warn" => tracing::warn!(target: "inertia_runtime::ssr", "{message}"),
        "debug" => tracing::debug!(target: "inertia_runtime::ssr", "{message}"),
        _ => tracing::info!(target: "inertia_runtime::ssr", "{message}"),
    }
}
