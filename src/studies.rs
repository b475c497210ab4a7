//! The studies open on the page: asking the worker for files and demos, keeping what it
//! answers, which study is on screen, and the files dropped while a study is open until the
//! user says whether they belong to it.

use std::collections::HashMap;
use std::rc::Rc;

use edx_core::synth::simulator::Simulation;
use edx_core::view_link::ViewLink;
use leptos::prelude::*;
use web_sys::File;

use crate::components::nerve_review::NerveReviewState;
use crate::components::opened_files::{FileState, OpenedFile};
use crate::needle::NeedleReviewState;
use crate::opened_study::OpenedStudy;
use crate::protocol::{FileReport, FileReportOutcome, NeedleProgress, RequestId};
use crate::report_notes::ReportNotes;
use crate::settings::Settings;
use crate::worker_client::{StudyWorker, WorkerEvent};

/// A study's name on the page: the number of the request that opened it.
pub type StudyId = RequestId;

/// One open study and the physician's work on it, kept while another study is on screen.
#[derive(Debug, Clone)]
pub struct StudySlot {
    /// Its name on the page.
    pub id: StudyId,
    /// The study with its buffers; replaced when files are added to it.
    pub opened: Rc<OpenedStudy>,
    /// How many times files were added to it: a view of the study redraws when it changes.
    pub additions: u32,
    /// The nerve conduction markers and late-response corrections as the physician left them.
    pub review: NerveReviewState,
    /// The needle units' duration markers as the physician moved them.
    pub needle_review: NeedleReviewState,
    /// What the physician typed for the report: the reason for the study and a comment.
    pub notes: ReportNotes,
    /// A hash of what its files hold ([`OpenedStudy::identity`]): what its unsaved work is kept
    /// under on this device, and what a link to a view of it names.
    pub identity: String,
}

/// Files opened while study `study` was on screen, until the user says where they belong.
#[derive(Debug, Clone)]
pub struct WaitingFiles {
    /// The study on screen when they were opened, which "add to this study" means.
    pub study: StudyId,
    /// The files, in the order they were opened.
    pub files: Vec<File>,
}

/// What the study area shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    /// A built-in demo, by identifier: shown once the worker has simulated it.
    Demo(String),
    /// A study opened from files.
    Study(StudyId),
    /// The form for typing in a paper report.
    TypedReport,
}

/// What a request in flight is for.
#[derive(Debug, Clone)]
enum Purpose {
    /// Files to open as a new study.
    NewStudy,
    /// Files to add to an open study.
    AddTo(StudyId),
    /// A built-in demo.
    Demo(String),
}

/// The page's studies; cheap to copy into event handlers.
#[derive(Clone, Copy)]
pub struct Studies {
    /// Every study opened, files and demos, in the order they arrived.
    pub slots: RwSignal<Vec<StudySlot>, LocalStorage>,
    /// What the study area shows.
    pub selection: RwSignal<Selection>,
    /// Every file the user opened, with what became of it.
    pub files: RwSignal<Vec<OpenedFile>>,
    /// Files opened while a study from files was on screen, waiting for "add to this study" or
    /// "open as a new study".
    pub waiting: RwSignal<Option<WaitingFiles>, LocalStorage>,
    /// Why a demo could not be simulated, by demo identifier.
    pub demo_errors: RwSignal<HashMap<String, String>>,
    /// How far the needle analyses of the study being opened have come.
    pub needle_progress: RwSignal<Option<NeedleProgress>>,
    /// The printed report (a PDF) that opened the report form, by file name, while the form
    /// says why.
    pub printed_report: RwSignal<Option<String>>,
    /// What became of the view the page's link holds for a study from files: awaited until
    /// the same files are opened, then restored.
    pub link_note: RwSignal<Option<String>>,
    /// The link the page opened with, until the study it names opens and takes its view.
    awaited_link: StoredValue<Option<ViewLink>>,
    requests: StoredValue<HashMap<RequestId, (Purpose, Vec<String>)>>,
    next_request_id: StoredValue<RequestId>,
    worker: StoredValue<Option<StudyWorker>, LocalStorage>,
    /// Whether the worker stopped: the next request starts a new one.
    worker_stopped: StoredValue<bool>,
    /// The app's reactive owner, under which each study's review state is made, so it lives as
    /// long as the page whichever handler opened the study.
    owner: StoredValue<Owner, LocalStorage>,
    /// The page's settings: a study file chooses its profile as it opens.
    settings: Settings,
}

impl Studies {
    /// No study yet; the first demo is asked for as soon as the worker is up.
    pub fn new(first_demo: &str, settings: Settings) -> Studies {
        Studies {
            slots: RwSignal::new_local(Vec::new()),
            selection: RwSignal::new(Selection::Demo(first_demo.to_string())),
            files: RwSignal::new(Vec::new()),
            waiting: RwSignal::new_local(None),
            demo_errors: RwSignal::new(HashMap::new()),
            needle_progress: RwSignal::new(None),
            printed_report: RwSignal::new(None),
            link_note: RwSignal::new(None),
            awaited_link: StoredValue::new(None),
            requests: StoredValue::new(HashMap::new()),
            next_request_id: StoredValue::new(1),
            worker: StoredValue::new_local(None),
            worker_stopped: StoredValue::new(false),
            owner: StoredValue::new_local(Owner::current().unwrap_or_default()),
            settings,
        }
    }

    /// Gives the view `link` holds to the study it names as that study opens: the demo, or the
    /// study from files with the same content hash (and the page says it waits for those files).
    pub fn restore_on_open(self, link: ViewLink) {
        if link.study.is_some() {
            self.link_note.set(Some(
                "This link holds a view of a study opened from files, never the files themselves: open the same files on this device and that view returns.".to_string(),
            ));
        }
        if link.demo.is_some() || link.study.is_some() {
            self.awaited_link.set_value(Some(link));
        }
    }

    /// Restores the awaited link's view in a study opening now, if the link names it.
    fn restore_linked_view(
        self,
        opened: &OpenedStudy,
        identity: &str,
        review: NerveReviewState,
        needle_review: NeedleReviewState,
    ) {
        let names_it = self.awaited_link.with_value(|link| {
            link.as_ref().is_some_and(|link| match (&link.demo, &link.study) {
                (Some(demo), _) => opened.demo_id.as_deref() == Some(demo.as_str()),
                (None, Some(hash)) => hash == identity,
                (None, None) => false,
            })
        });
        if !names_it {
            return;
        }
        let Some(link) = self.awaited_link.try_update_value(Option::take).flatten() else { return };
        review.restore(&link.view);
        if let Some(screen) = link.view.needle {
            needle_review.restore_screen(screen);
        }
        needle_review.restore_unit_markers(&link.view.moved_unit_markers);
        if link.study.is_some() {
            self.link_note
                .set(Some("The view this link holds was restored: these are the files it was made with.".to_string()));
        }
    }

    /// Starts the worker if it is not running; a failure is reported where a request is made.
    pub fn ensure_worker(self) -> Result<(), String> {
        if self.worker_stopped.get_value() {
            // Dropped here, outside the worker's own callbacks.
            self.worker.set_value(None);
            self.worker_stopped.set_value(false);
        }
        if self.worker.with_value(Option::is_some) {
            return Ok(());
        }
        let started = StudyWorker::start(move |event| self.on_event(event))?;
        self.worker.set_value(Some(started));
        Ok(())
    }

    /// Files the user chose or dropped: opened as a new study, or, while a study opened from
    /// files is on screen, held until the user says where they belong.
    pub fn offer_files(self, files: Vec<File>) {
        if files.is_empty() {
            return;
        }
        let study_on_screen = match self.selection.get_untracked() {
            Selection::Study(id) => self.slot(id).map(|slot| slot.id),
            Selection::Demo(_) | Selection::TypedReport => None,
        };
        match study_on_screen {
            Some(study) => self.waiting.update(|waiting| match waiting {
                Some(waiting) => waiting.files.extend(files),
                None => *waiting = Some(WaitingFiles { study, files }),
            }),
            None => self.open_files(files, None),
        }
    }

    /// Opens `files` as a study of their own, whatever is on screen (a typed-in report).
    pub fn open_new_study(self, files: Vec<File>) {
        self.open_files(files, None);
    }

    /// The waiting files go into the study that was on screen when they were opened (`add`) or
    /// make a study of their own.
    pub fn place_waiting_files(self, add: bool) {
        if let Some(WaitingFiles { study, files }) = self.waiting.try_update(Option::take).flatten() {
            self.open_files(files, add.then_some(study));
        }
    }

    /// The waiting files are not opened.
    pub fn discard_waiting_files(self) {
        self.waiting.set(None);
    }

    /// Shows demo `demo_id`, asking the worker for it unless it is open or on its way.
    pub fn show_demo(self, demo_id: String) {
        self.select(Selection::Demo(demo_id.clone()));
        let is_open = self
            .slots
            .with_untracked(|slots| slots.iter().any(|slot| slot.opened.demo_id.as_deref() == Some(demo_id.as_str())));
        let is_coming = self.requests.with_value(|requests| {
            requests.values().any(|(purpose, _)| matches!(purpose, Purpose::Demo(id) if *id == demo_id))
        });
        if is_open || is_coming {
            return;
        }
        self.demo_errors.update(|errors| {
            errors.remove(&demo_id);
        });
        let request_id = self.begin(Purpose::Demo(demo_id.clone()), Vec::new());
        let outcome = self.with_worker(|worker| worker.open_demo(request_id, &demo_id));
        if let Err(message) = outcome {
            self.on_event(WorkerEvent::Error { request_id, message });
        }
    }

    /// Shows `selection`; the study on screen is drawn anew only if it changes.
    pub fn select(self, selection: Selection) {
        if self.selection.get_untracked() != selection {
            self.selection.set(selection);
        }
    }

    /// The study on screen, as its id and number of additions (which change when it must be
    /// drawn anew), if it has arrived.
    pub fn shown(self) -> Option<(StudyId, u32)> {
        let selection = self.selection.get();
        self.slots.with(|slots| {
            slots
                .iter()
                .find(|slot| match &selection {
                    Selection::Demo(id) => slot.opened.demo_id.as_deref() == Some(id.as_str()),
                    Selection::Study(id) => slot.id == *id,
                    Selection::TypedReport => false,
                })
                .map(|slot| (slot.id, slot.additions))
        })
    }

    /// The slot of study `id`, if it is open.
    pub fn slot(self, id: StudyId) -> Option<StudySlot> {
        self.slots.with_untracked(|slots| slots.iter().find(|slot| slot.id == id).cloned())
    }

    fn open_files(self, files: Vec<File>, add_to: Option<StudyId>) {
        if files.is_empty() {
            return;
        }
        let names: Vec<String> = files.iter().map(File::name).collect();
        self.files.update(|opened| {
            opened.extend(files.iter().map(|file| OpenedFile {
                name: file.name(),
                n_bytes: file.size() as u64,
                state: FileState::Reading(0.0),
            }))
        });
        let purpose = add_to.map_or(Purpose::NewStudy, Purpose::AddTo);
        let request_id = self.begin(purpose, names);
        let outcome = self.with_worker(|worker| worker.open_files(request_id, &files));
        if let Err(message) = outcome {
            self.on_event(WorkerEvent::Error { request_id, message });
        }
    }

    /// Records a request about to be posted and returns its number.
    fn begin(self, purpose: Purpose, file_names: Vec<String>) -> RequestId {
        let request_id = self.next_request_id.get_value();
        self.next_request_id.set_value(request_id + 1);
        self.requests.update_value(|requests| {
            requests.insert(request_id, (purpose, file_names));
        });
        request_id
    }

    fn with_worker(self, post: impl FnOnce(&StudyWorker) -> Result<(), String>) -> Result<(), String> {
        self.ensure_worker()?;
        self.worker.with_value(|worker| worker.as_ref().map_or(Ok(()), post))
    }

    fn on_event(self, event: WorkerEvent) {
        match event {
            WorkerEvent::Progress { file_name, fraction } => {
                self.set_file_state(&file_name, FileState::Reading(fraction))
            }
            WorkerEvent::NeedleProgress(progress) => self.needle_progress.set(Some(progress)),
            WorkerEvent::Study { request_id, opened, files } => {
                self.clear_needle_progress(request_id);
                self.record_file_reports(files);
                let Some((purpose, _)) = self.finish(request_id) else { return };
                self.receive(request_id, purpose, *opened);
            }
            WorkerEvent::Stopped { message } => {
                self.worker_stopped.set_value(true);
                let in_flight: Vec<RequestId> = self.requests.with_value(|requests| requests.keys().copied().collect());
                for request_id in in_flight {
                    let message = format!("the file reader stopped ({message}); open the files again");
                    self.on_event(WorkerEvent::Error { request_id, message });
                }
            }
            WorkerEvent::Error { request_id, message } => {
                self.clear_needle_progress(request_id);
                let Some((purpose, file_names)) = self.finish(request_id) else { return };
                match purpose {
                    Purpose::Demo(demo_id) => self.demo_errors.update(|errors| {
                        errors.insert(demo_id, message);
                    }),
                    Purpose::NewStudy | Purpose::AddTo(_) => {
                        for name in file_names {
                            self.set_file_state(&name, FileState::Failed(message.clone()));
                        }
                    }
                }
            }
        }
    }

    /// Forgets the needle progress of request `request_id`, now answered.
    fn clear_needle_progress(self, request_id: RequestId) {
        if self
            .needle_progress
            .with_untracked(|progress| progress.as_ref().is_some_and(|shown| shown.request_id == request_id))
        {
            self.needle_progress.set(None);
        }
    }

    /// Forgets request `request_id` and returns what it was for.
    fn finish(self, request_id: RequestId) -> Option<(Purpose, Vec<String>)> {
        self.requests.try_update_value(|requests| requests.remove(&request_id)).flatten()
    }

    /// Keeps the study a request brought, and shows it.
    fn receive(self, request_id: RequestId, purpose: Purpose, mut opened: OpenedStudy) {
        if opened.study.is_empty() {
            return;
        }
        let target = match &purpose {
            Purpose::AddTo(id) => self.slot(*id),
            Purpose::NewStudy | Purpose::Demo(_) => None,
        };
        match (purpose, target) {
            (_, Some(target)) => {
                let mut grown = (*target.opened).clone();
                target.review.add_nerves(&opened.study.nerve_conductions);
                target.needle_review.add_channels(&opened.needle);
                // The addition's table rows, their recordings counted after the study's own.
                let offset = grown.study.recordings.len();
                let mut added = edx_core::needle::examination::editable_rows(&opened.study, &opened.needle);
                for link in added.rows.iter_mut().filter_map(|row| row.recording.as_mut()) {
                    link.recording_idx += offset;
                }
                grown.absorb(opened);
                let identity = grown.identity();
                target.needle_review.add_rows(&grown.study, &grown.needle, added);
                target.needle_review.rename(&identity);
                target.notes.rename(&identity);
                self.slots.update(|slots| {
                    if let Some(slot) = slots.iter_mut().find(|slot| slot.id == target.id) {
                        slot.opened = Rc::new(grown);
                        slot.additions += 1;
                        slot.identity = identity;
                    }
                });
                self.select(Selection::Study(target.id));
            }
            (Purpose::Demo(demo_id), None) => {
                opened.demo_id = Some(demo_id);
                self.keep(request_id, opened);
            }
            (Purpose::NewStudy | Purpose::AddTo(_), None) => {
                self.keep(request_id, opened);
                self.select(Selection::Study(request_id));
            }
        }
    }

    fn keep(self, id: StudyId, opened: OpenedStudy) {
        let identity = opened.identity();
        let (review, needle_review, notes) = self.owner.with_value(|owner| {
            owner.with(|| {
                (
                    NerveReviewState::new(&opened.study.nerve_conductions),
                    NeedleReviewState::new(&opened.study, &opened.needle, &identity),
                    ReportNotes::new(
                        opened.study.reason_for_study.as_deref(),
                        opened.study.comment.as_deref(),
                        &identity,
                    ),
                )
            })
        });
        self.restore_linked_view(&opened, &identity, review, needle_review);
        // A study file brings the profile it was reviewed with: chosen once, as it opens.
        if let Some(saved) = &opened.study.reference_profile {
            self.settings.choose_profile_if_known(saved);
        }
        // A simulation replaces the one before it: a teacher trying settings one after another
        // would otherwise keep every study's recordings in memory.
        let is_simulation = |demo_id: Option<&str>| demo_id.is_some_and(|id| Simulation::parse(id).is_some());
        let replaces_simulation = is_simulation(opened.demo_id.as_deref());
        self.slots.update(|slots| {
            if replaces_simulation {
                slots.retain(|slot| !is_simulation(slot.opened.demo_id.as_deref()));
            }
            slots.push(StudySlot { id, opened: Rc::new(opened), additions: 0, review, needle_review, notes, identity })
        });
    }

    fn record_file_reports(self, reports: Vec<FileReport>) {
        for report in reports {
            let state = match report.outcome {
                FileReportOutcome::Read { description, warnings } => FileState::Read { description, warnings },
                FileReportOutcome::ReadWith { .. } => FileState::Companion,
                FileReportOutcome::PrintedReport { message } => {
                    self.printed_report.set(Some(report.file_name.clone()));
                    self.select(Selection::TypedReport);
                    FileState::PrintedReport(message)
                }
                FileReportOutcome::Failed { message } => FileState::Failed(message),
            };
            self.set_file_state(&report.file_name, state);
        }
    }

    /// Sets the state of the most recent file called `file_name` still being read, or else of
    /// the most recent file of that name.
    fn set_file_state(self, file_name: &str, state: FileState) {
        self.files.update(|files| {
            let base_name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
            let reading =
                files.iter().rposition(|file| file.name == base_name && matches!(file.state, FileState::Reading(_)));
            let latest = files.iter().rposition(|file| file.name == base_name);
            if let Some(file_idx) = reading.or(latest) {
                files[file_idx].state = state;
            }
        });
    }
}
