//! The sound transport: play, stop and loop the needle signal through the loudspeaker, with a
//! cursor that follows what is heard and turns the screen with it.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use super::audio::{self, Player};
use super::display::NeedleDisplay;
use super::signal::NeedleSignal;

/// How long a potential chosen in a list or on the trace is played, s, starting this much
/// before it.
const SNIPPET_S: f64 = 0.6;
const SNIPPET_LEAD_S: f64 = 0.1;
/// Longest stretch handed to the speakers at once, s.
const LONGEST_PLAY_S: f64 = 120.0;
/// How often the cursor follows the sound.
const CURSOR_TICK: Duration = Duration::from_millis(33);

/// The transport's state and controls; cheap to copy into event handlers.
#[derive(Clone, Copy)]
pub struct SoundTransport {
    player: StoredValue<Option<Rc<Player>>, LocalStorage>,
    ticker: StoredValue<Option<IntervalHandle>, LocalStorage>,
    /// Whether sound is playing.
    pub playing: RwSignal<bool>,
    /// The playing or chosen position, recording time, s.
    pub cursor_s: RwSignal<Option<f64>>,
    /// Volume, 0 to 1.
    pub volume: RwSignal<f64>,
    /// Whether playing loops the selection, or the screen when nothing is selected.
    pub loop_screen: RwSignal<bool>,
    /// A stretch dragged across the trace: what "loop" plays, instead of the whole screen.
    pub selection: RwSignal<Option<(f64, f64)>>,
    /// Why sound could not play.
    pub error: RwSignal<Option<String>>,
    signal: NeedleSignal,
    display: NeedleDisplay,
}

impl SoundTransport {
    /// A stopped transport for `signal` shown on `display`.
    pub fn new(signal: NeedleSignal, display: NeedleDisplay) -> SoundTransport {
        let transport = SoundTransport {
            player: StoredValue::new_local(None),
            ticker: StoredValue::new_local(None),
            playing: RwSignal::new(false),
            cursor_s: RwSignal::new(None),
            volume: RwSignal::new(0.6),
            loop_screen: RwSignal::new(false),
            selection: RwSignal::new(None),
            error: RwSignal::new(None),
            signal,
            display,
        };
        Effect::new(move |_| {
            let level = transport.volume.get();
            if let Some(player) = transport.player.get_value() {
                player.set_volume(level);
            }
        });
        // The view is going: silence it and let the loudspeaker go, so no sound or cursor
        // outlives it.
        on_cleanup(move || {
            transport.stop_ticking();
            if let Some(Some(player)) = transport.player.try_get_value() {
                player.stop();
            }
            transport.player.try_set_value(None);
        });
        transport
    }

    /// Stops the sound and the cursor.
    pub fn stop(self) {
        if let Some(player) = self.player.get_value() {
            player.stop();
        }
        self.stop_ticking();
        self.playing.set(false);
    }

    /// Plays or stops, as the play button and the space bar do: from the cursor when it is on
    /// screen (else the screen's start), looping the selection or the screen when asked.
    pub fn toggle(self) {
        if self.playing.get_untracked() {
            self.stop();
            return;
        }
        let start = self.display.screen_start_s.get_untracked();
        let span = self.display.span_s();
        let end_s = self.signal.end_s;
        let cursor_within =
            |first: f64, last: f64| self.cursor_s.get_untracked().filter(|cursor| *cursor >= first && *cursor < last);
        match (self.selection.get_untracked(), self.loop_screen.get_untracked()) {
            (Some((selection_start, selection_end)), true) => self.play_range(
                cursor_within(selection_start, selection_end).unwrap_or(selection_start),
                selection_end,
                Some((selection_start, selection_end)),
            ),
            (None, true) => {
                let from_s = cursor_within(start, start + span).unwrap_or(start);
                self.play_range(from_s, start + span, Some((start, (start + span).min(end_s))));
            }
            (_, false) => {
                let from_s = cursor_within(start, start + span).unwrap_or(start);
                self.play_range(from_s, (from_s + LONGEST_PLAY_S).min(end_s), None);
            }
        }
    }

    /// Moves the screen to a potential at `time_s` and plays it.
    pub fn jump_to(self, time_s: f64) {
        self.display.show(time_s);
        self.cursor_s.set(Some(time_s));
        self.play_range(
            (time_s - SNIPPET_LEAD_S).max(self.signal.start_s),
            (time_s - SNIPPET_LEAD_S + SNIPPET_S).min(self.signal.end_s),
            None,
        );
    }

    /// Places the cursor at `time_s`, from where sound plays (at once if it is playing).
    pub fn place_cursor(self, time_s: f64) {
        self.cursor_s.set(Some(time_s));
        if self.playing.get_untracked() {
            self.play_range(time_s, (time_s + LONGEST_PLAY_S).min(self.signal.end_s), None);
        }
    }

    /// Plays `from_s..until_s` (looping `loop_range`), the cursor moving with the sound.
    fn play_range(self, from_s: f64, until_s: f64, loop_range: Option<(f64, f64)>) {
        self.stop();
        let filters = self.display.filters_untracked();
        let player = match self.player.get_value() {
            Some(existing) => existing,
            // Filtered as heard, so a baseline offset does not count as loudness.
            None => match Player::new(audio::loudness_reference_uv(&self.signal.all_filtered_uv(&filters))) {
                Ok(created) => Rc::new(created),
                Err(message) => return self.error.set(Some(message)),
            },
        };
        self.player.set_value(Some(player.clone()));
        player.set_volume(self.volume.get_untracked());
        let buffer_start_s = loop_range.map_or(from_s, |(start, _)| start.min(from_s));
        let buffer_end_s = loop_range.map_or(until_s, |(_, end)| end.max(until_s)).min(self.signal.end_s);
        let (first, last) = (self.signal.index_at(buffer_start_s), self.signal.index_at(buffer_end_s));
        let values = self.signal.filtered_uv(first, last, &filters);
        let rate = self.signal.sampling_rate_hz;
        let on_ended = move || {
            self.stop_ticking();
            self.playing.try_set(false);
        };
        match player.play(&values, rate, self.signal.start_s + first as f64 / rate, from_s, loop_range, on_ended) {
            Ok(()) => {
                self.error.set(None);
                self.playing.set(true);
                let player = Rc::downgrade(&player);
                let handle = set_interval_with_handle(
                    move || {
                        if let Some(position_s) = player.upgrade().and_then(|player| player.position_s()) {
                            self.cursor_s.set(Some(position_s));
                            self.display.follow(position_s);
                        }
                    },
                    CURSOR_TICK,
                );
                self.ticker.set_value(handle.ok());
            }
            Err(message) => self.error.set(Some(message)),
        }
    }

    fn stop_ticking(self) {
        if let Some(Some(handle)) = self.ticker.try_get_value() {
            handle.clear();
        }
        self.ticker.try_set_value(None);
    }
}
