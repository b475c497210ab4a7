//! Needle analyses spread over helper workers, one per core the browser reports, so that a
//! study of ten muscles is analysed about as many times faster as there are cores while this
//! worker only hands out the tasks. A helper runs this same program, told apart by its name;
//! it answers [`Request::AnalyseNeedle`] only. The helpers start with the first study that has
//! two needle recordings or more, and stay for the next.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use edx_core::needle::{ChannelNeedleAnalysis, NeedleChannelError};
use edxview::protocol::{NeedleTask, Reply, Request};
use js_sys::{Array, Float32Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, ErrorEvent, MessageEvent, Worker, WorkerOptions};

/// The name a helper worker is started with.
pub const HELPER_NAME: &str = "edxview-needle-helper";
/// The script a helper runs: this worker's own loader (Trunk's `data-loader-shim`).
const HELPER_SCRIPT: &str = "./worker_loader.js";
/// At most this many helpers, whatever the browser reports (each holds its own copy of the
/// analysis code and of the recording it analyses).
const MAX_HELPERS: usize = 8;

/// What a helper answered: the analysis or why the channel has none, and how long it took, ms.
pub type HelperAnswer = (Result<ChannelNeedleAnalysis, NeedleChannelError>, f64);

/// Whether this worker is a helper.
pub fn is_helper() -> bool {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    scope.name() == HELPER_NAME
}

/// How many workers analyse a study's needle recordings at once: one per core the browser
/// reports (at least one).
pub fn cores() -> usize {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    (scope.navigator().hardware_concurrency() as usize).clamp(1, MAX_HELPERS)
}

/// Hands `task` with `samples` to a helper at once, and returns its answer when it comes;
/// calls `on_done` as it arrives. `None` when no helper could take it (they could not start, or
/// the one running it stopped): the caller analyses it itself.
pub fn analyse(
    task: NeedleTask,
    samples: &[f32],
    on_done: Box<dyn FnOnce()>,
) -> impl std::future::Future<Output = Option<HelperAnswer>> {
    let answered = hand_out(task, samples, on_done);
    async move {
        let text = answered?.await.ok()?.as_string()?;
        match serde_json::from_str::<HelperReply>(&text).ok()? {
            HelperReply::NeedleAnalysed { outcome, analysis_ms, .. } => Some((*outcome, analysis_ms)),
            _ => None,
        }
    }
}

/// Queues `task` for the helpers (starting them the first time); the future of its answer's
/// text, or `None` when there are no helpers.
fn hand_out(task: NeedleTask, samples: &[f32], on_done: Box<dyn FnOnce()>) -> Option<JsFuture> {
    let pool = POOL.with(|pool| pool.borrow_mut().get_or_insert_with(Pool::start).clone())?;
    let task_id = task.task_id;
    let text = serde_json::to_string(&Request::AnalyseNeedle(task)).ok()?;
    let message = Object::new();
    let array = Float32Array::from(samples);
    let transfer = Array::of1(&array.buffer());
    // Setting properties on a fresh plain object cannot fail.
    let _ = Reflect::set(&message, &"request".into(), &text.into());
    let _ = Reflect::set(&message, &"buffers".into(), &Array::of1(&array));
    let mut waiting = None;
    let answered = Promise::new(&mut |resolve, _| waiting = Some(resolve));
    {
        let mut state = pool.borrow_mut();
        state.waiting.insert(task_id, (waiting?, on_done));
        state.queue.push_back(Queued { task_id, message: message.into(), transfer });
    }
    dispatch(&pool);
    Some(JsFuture::from(answered))
}

thread_local! {
    /// The helpers, once started; `None` inside when they could not be.
    static POOL: RefCell<Option<Option<Rc<RefCell<Pool>>>>> = const { RefCell::new(None) };
}

/// The helpers and the tasks given to them.
struct Pool {
    helpers: Vec<Helper>,
    /// Tasks no helper has taken yet, in the order given.
    queue: VecDeque<Queued>,
    /// Per task waiting for its answer: what resolves its promise, and what to call first.
    waiting: HashMap<u32, Waiting>,
}

/// What a helper says, read as [`Reply`] writes it: only what a helper sends is read here, so
/// this worker does not carry the code that reads a whole study.
#[derive(serde::Deserialize)]
#[serde(tag = "kind")]
enum HelperReply {
    /// [`Reply::Ready`].
    Ready,
    /// [`Reply::NeedleAnalysed`].
    NeedleAnalysed { task_id: u32, outcome: Box<Result<ChannelNeedleAnalysis, NeedleChannelError>>, analysis_ms: f64 },
    /// Any other reply, which a helper does not send.
    #[serde(other)]
    Other,
}

/// A task waiting for its answer: what resolves its promise, and what to call first.
type Waiting = (Function, Box<dyn FnOnce()>);

/// One helper worker.
struct Helper {
    worker: Worker,
    /// It has said it listens.
    ready: bool,
    /// The task it is running.
    running: Option<u32>,
    /// It stopped: its tasks go back to the caller.
    stopped: bool,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

/// A task with its message, waiting for a helper.
struct Queued {
    task_id: u32,
    message: JsValue,
    transfer: Array,
}

impl Pool {
    /// Starts a helper per core; `None` when the browser has one core or cannot start workers
    /// from a worker.
    fn start() -> Option<Rc<RefCell<Pool>>> {
        let n_helpers = cores();
        if n_helpers < 2 {
            return None;
        }
        let pool = Rc::new(RefCell::new(Pool { helpers: Vec::new(), queue: VecDeque::new(), waiting: HashMap::new() }));
        for helper_idx in 0..n_helpers {
            let options = WorkerOptions::new();
            options.set_name(HELPER_NAME);
            let Ok(worker) = Worker::new_with_options(HELPER_SCRIPT, &options) else { break };
            let for_messages = Rc::downgrade(&pool);
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                if let Some(pool) = for_messages.upgrade() {
                    on_helper_message(&pool, helper_idx, &event);
                }
            });
            let for_errors = Rc::downgrade(&pool);
            let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
                if let Some(pool) = for_errors.upgrade() {
                    on_helper_stopped(&pool, helper_idx, &event.message());
                }
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            pool.borrow_mut().helpers.push(Helper {
                worker,
                ready: false,
                running: None,
                stopped: false,
                _on_message: on_message,
                _on_error: on_error,
            });
        }
        let started = !pool.borrow().helpers.is_empty();
        started.then_some(pool)
    }
}

/// Gives queued tasks to the helpers that are ready and idle.
fn dispatch(pool: &Rc<RefCell<Pool>>) {
    let mut state = pool.borrow_mut();
    if state.helpers.iter().all(|helper| helper.stopped) {
        // No helper left: every task waiting goes back to its caller.
        let waiting: Vec<_> = state.waiting.drain().map(|(_, waiting)| waiting).collect();
        state.queue.clear();
        drop(state);
        for (resolve, _) in waiting {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
        }
        return;
    }
    while let Some(helper_idx) =
        state.helpers.iter().position(|helper| helper.ready && !helper.stopped && helper.running.is_none())
    {
        let Some(Queued { task_id, message, transfer }) = state.queue.pop_front() else { break };
        let helper = &mut state.helpers[helper_idx];
        match helper.worker.post_message_with_transfer(&message, &transfer) {
            Ok(()) => helper.running = Some(task_id),
            Err(_) => {
                helper.stopped = true;
                if let Some((resolve, _)) = state.waiting.remove(&task_id) {
                    let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
                }
            }
        }
    }
}

/// A helper's message: it is ready, or a task's answer.
fn on_helper_message(pool: &Rc<RefCell<Pool>>, helper_idx: usize, event: &MessageEvent) {
    let text =
        Reflect::get(&event.data(), &"reply".into()).ok().and_then(|value| value.as_string()).unwrap_or_default();
    let answered = match serde_json::from_str::<HelperReply>(&text) {
        Ok(HelperReply::Ready) => {
            pool.borrow_mut().helpers[helper_idx].ready = true;
            None
        }
        Ok(HelperReply::NeedleAnalysed { task_id, .. }) => {
            let mut state = pool.borrow_mut();
            state.helpers[helper_idx].running = None;
            state.waiting.remove(&task_id)
        }
        _ => None,
    };
    if let Some((resolve, on_done)) = answered {
        on_done();
        let _ = resolve.call1(&JsValue::NULL, &text.into());
    }
    dispatch(pool);
}

/// A helper stopped (out of memory, or its code failed): its task goes back to the caller.
fn on_helper_stopped(pool: &Rc<RefCell<Pool>>, helper_idx: usize, message: &str) {
    web_sys::console::warn_1(&format!("edxview: a needle analysis helper stopped: {message}").into());
    let returned = {
        let mut state = pool.borrow_mut();
        let helper = &mut state.helpers[helper_idx];
        helper.stopped = true;
        helper.worker.terminate();
        let running = helper.running.take();
        running.and_then(|task_id| state.waiting.remove(&task_id))
    };
    if let Some((resolve, _)) = returned {
        let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
    }
    dispatch(pool);
}

/// Answers a helper's task: analyses the channel and posts the analysis back.
pub fn answer_task(task: NeedleTask, samples: Vec<f32>) {
    let NeedleTask { task_id, mut channel, segment_idx, muscle } = task;
    let started_ms = js_sys::Date::now();
    let outcome = match channel.segments.get_mut(segment_idx) {
        Some(segment) => {
            segment.samples = samples;
            // The other segments are empty, so this one, the longest, is the one analysed.
            edx_core::needle::analyse_channel(&channel, &muscle)
        }
        None => Err(NeedleChannelError::TooShort { label: channel.label.clone(), n_samples: 0 }),
    };
    let analysis_ms = js_sys::Date::now() - started_ms;
    crate::post::reply(&Reply::NeedleAnalysed { task_id, outcome: Box::new(outcome), analysis_ms }, Vec::new());
}
