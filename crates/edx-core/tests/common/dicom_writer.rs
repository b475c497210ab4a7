//! Hand-built DICOM files for tests (no public Electromyogram Waveform Storage file exists):
//! data elements in explicit or implicit VR little endian, and nerve conduction studies laid out
//! as `docs/formats/ncs-dicom.md` describes, one multiplex group per sweep. Shared with the
//! command line's tests, which include this file by path.

#![allow(dead_code)]

/// Electromyogram Waveform Storage (PS3.6).
pub const ELECTROMYOGRAM_WAVEFORM_STORAGE: &str = "1.2.840.10008.5.1.4.1.1.9.7.2";

/// Writes DICOM data elements, explicit or implicit VR little endian.
pub struct Writer {
    pub bytes: Vec<u8>,
    pub explicit: bool,
}

impl Writer {
    pub fn element(&mut self, group: u16, element: u16, vr: &[u8; 2], value: &[u8]) {
        let mut value = value.to_vec();
        if value.len() % 2 == 1 {
            value.push(if matches!(vr, b"OB" | b"UI") { 0 } else { b' ' });
        }
        self.bytes.extend(group.to_le_bytes());
        self.bytes.extend(element.to_le_bytes());
        if self.explicit {
            self.bytes.extend(vr);
            if matches!(vr, b"OB" | b"OW" | b"SQ" | b"UT") {
                self.bytes.extend([0, 0]);
                self.bytes.extend((value.len() as u32).to_le_bytes());
            } else {
                self.bytes.extend((value.len() as u16).to_le_bytes());
            }
        } else {
            self.bytes.extend((value.len() as u32).to_le_bytes());
        }
        self.bytes.extend(value);
    }

    /// A sequence of undefined length whose items have undefined length.
    pub fn sequence(&mut self, group: u16, element: u16, items: &[Vec<u8>]) {
        self.bytes.extend(group.to_le_bytes());
        self.bytes.extend(element.to_le_bytes());
        if self.explicit {
            self.bytes.extend(b"SQ\0\0");
        }
        self.bytes.extend(u32::MAX.to_le_bytes());
        for item in items {
            self.bytes.extend([0xFE, 0xFF, 0x00, 0xE0]);
            self.bytes.extend(u32::MAX.to_le_bytes());
            self.bytes.extend(item);
            self.bytes.extend([0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0]);
        }
        self.bytes.extend([0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0]);
    }

    pub fn nested(explicit: bool, build: impl FnOnce(&mut Writer)) -> Vec<u8> {
        let mut writer = Writer { bytes: Vec::new(), explicit };
        build(&mut writer);
        writer.bytes
    }

    /// A Part 10 opening: the 128-byte preamble, `DICM` and the file meta group naming the
    /// transfer syntax.
    pub fn part10(explicit: bool) -> Writer {
        let mut writer = Writer { bytes: vec![0u8; 128], explicit };
        writer.bytes.extend(b"DICM");
        let syntax: &[u8] = if explicit { b"1.2.840.10008.1.2.1" } else { b"1.2.840.10008.1.2" };
        let mut meta = Writer { bytes: Vec::new(), explicit: true };
        meta.element(0x0002, 0x0010, b"UI", syntax);
        writer.bytes.extend(meta.bytes);
        writer
    }
}

/// One sweep of a nerve conduction study, as a multiplex group with one channel.
pub struct DicomSweep {
    /// Channel Label, e.g. `NC APB` (16 characters at most: the VR is SH).
    pub channel_label: String,
    /// Multiplex Group Label (SH, 16 characters at most).
    pub group_label: String,
    /// The convention's details, written as a Waveform Annotation referring to the group; none
    /// when empty.
    pub details: String,
    /// Samples in µV, written as 16-bit integers at `sensitivity_uv` per step.
    pub samples_uv: Vec<f32>,
    /// µV per step of the stored integers.
    pub sensitivity_uv: f64,
    /// Samples per second.
    pub sampling_rate_hz: f64,
    /// The stimulus's sample, from 0, written as a `Stimulus` annotation at Referenced Sample
    /// Position `idx + 1`; none means the group's first sample.
    pub stimulus_sample_idx: Option<usize>,
    /// Multiplex Group Time Offset, ms; none when absent.
    pub time_offset_ms: Option<f64>,
}

/// An Electromyogram Waveform Storage file holding `sweeps`, one multiplex group each, and the
/// patient elements given as (tag, VR, value).
pub fn ncs_dicom(explicit: bool, sweeps: &[DicomSweep], patient: &[((u16, u16), &[u8; 2], &str)]) -> Vec<u8> {
    let mut writer = Writer::part10(explicit);
    writer.element(0x0008, 0x0016, b"UI", ELECTROMYOGRAM_WAVEFORM_STORAGE.as_bytes());
    writer.element(0x0008, 0x0020, b"DA", b"20240131");
    writer.element(0x0008, 0x0060, b"CS", b"EMG");
    writer.element(0x0010, 0x0010, b"PN", b"Test^Patient");
    for ((group, element), vr, value) in patient {
        writer.element(*group, *element, vr, value.as_bytes());
    }
    let groups: Vec<Vec<u8>> = sweeps
        .iter()
        .map(|sweep| {
            let channel = Writer::nested(explicit, |item| {
                item.element(0x003A, 0x0203, b"SH", sweep.channel_label.as_bytes());
                item.element(0x003A, 0x0210, b"DS", sweep.sensitivity_uv.to_string().as_bytes());
                let units = Writer::nested(explicit, |unit| unit.element(0x0008, 0x0100, b"SH", b"uV"));
                item.sequence(0x003A, 0x0211, &[units]);
                item.element(0x003A, 0x0220, b"DS", b"2");
                item.element(0x003A, 0x0221, b"DS", b"10000");
            });
            let data: Vec<u8> = sweep
                .samples_uv
                .iter()
                .map(|&value| (f64::from(value) / sweep.sensitivity_uv).round().clamp(-32768.0, 32767.0) as i16)
                .flat_map(i16::to_le_bytes)
                .collect();
            Writer::nested(explicit, |item| {
                if let Some(offset_ms) = sweep.time_offset_ms {
                    item.element(0x0018, 0x1068, b"DS", offset_ms.to_string().as_bytes());
                }
                item.element(0x003A, 0x0005, b"US", &1u16.to_le_bytes());
                item.element(0x003A, 0x0010, b"UL", &(sweep.samples_uv.len() as u32).to_le_bytes());
                item.element(0x003A, 0x001A, b"DS", sweep.sampling_rate_hz.to_string().as_bytes());
                item.element(0x003A, 0x0020, b"SH", sweep.group_label.as_bytes());
                item.sequence(0x003A, 0x0200, &[channel]);
                item.element(0x5400, 0x1004, b"US", &16u16.to_le_bytes());
                item.element(0x5400, 0x1006, b"CS", b"SS");
                item.element(0x5400, 0x1010, b"OW", &data);
            })
        })
        .collect();
    writer.sequence(0x5400, 0x0100, &groups);
    let mut annotations = Vec::new();
    for (group_idx, sweep) in sweeps.iter().enumerate() {
        // Referenced Waveform Channels: (group number, channel number) from 1; channel 0 is
        // every channel of the group.
        let group_number = (group_idx + 1) as u16;
        let whole_group: Vec<u8> = [group_number, 0].iter().flat_map(|value| value.to_le_bytes()).collect();
        if !sweep.details.is_empty() {
            annotations.push(Writer::nested(explicit, |item| {
                item.element(0x0040, 0xA0B0, b"US", &whole_group);
                item.element(0x0070, 0x0006, b"UT", sweep.details.as_bytes());
            }));
        }
        if let Some(sample_idx) = sweep.stimulus_sample_idx {
            annotations.push(Writer::nested(explicit, |item| {
                item.element(0x0040, 0xA0B0, b"US", &whole_group);
                item.element(0x0040, 0xA130, b"CS", b"POINT");
                item.element(0x0040, 0xA132, b"UL", &((sample_idx + 1) as u32).to_le_bytes());
                item.element(0x0070, 0x0006, b"UT", b"Stimulus");
            }));
        }
    }
    if !annotations.is_empty() {
        writer.sequence(0x0040, 0xB020, &annotations);
    }
    writer.bytes
}

/// The sweeps of a nerve conduction study (each site's first sweep) as DICOM sweeps in the
/// convention, on channel `channel_label`, each group's details `details(site)` (the site's
/// name and distance are the caller's to write), stored at 0.5 µV per step.
pub fn sweeps_of(
    nerve: &edx_core::model::NerveConduction,
    channel_label: &str,
    details: impl Fn(&edx_core::model::StimulationSite) -> String,
) -> Vec<DicomSweep> {
    nerve
        .sites
        .iter()
        .map(|site| {
            let sweep = &site.sweeps[0];
            let to_uv = sweep.unit.factor_to(&edx_core::model::Unit::Microvolt).unwrap();
            DicomSweep {
                channel_label: channel_label.into(),
                group_label: site.name.clone(),
                details: details(site),
                samples_uv: sweep.samples.iter().map(|&value| (f64::from(value) * to_uv) as f32).collect(),
                sensitivity_uv: 0.5,
                sampling_rate_hz: sweep.sampling_rate_hz,
                stimulus_sample_idx: Some((-sweep.first_sample_ms * sweep.sampling_rate_hz / 1000.0).round() as usize),
                time_offset_ms: None,
            }
        })
        .collect()
}
