//! The catalogue's rows. Roots come from domain.md §5.2 with its tags, and a root whose
//! confirmed lesions a source counted in the muscle is one of its roots too (tibialis posterior
//! S1, Tsao 2003; ECRB C5, Furukawa 2021; EDC C6, Rayegani 2024): a row is
//! [`Evidence::Verified`] where the table cites a source for the muscle's root, and
//! [`Evidence::Unverified`] where it gives standard anatomy (rows not in that table are standard
//! anatomy too). The nerve, branch and plexus course of every row are standard anatomy. The
//! root findings are domain.md §5.4's counts, each with its source.

use super::roots::{Cord, Root};
use super::{Evidence, Muscle, Origin, PeripheralNerve, RootFinding};
use Evidence::{Secondary, Unverified, Verified};
use PeripheralNerve as N;
use Root::*;

const LEVIN: &str = "Levin, Maggiano & Wilbourn 1996 (Neurology 46:1022), 50 surgically proven single cervical root lesions, fibrillation potentials (domain.md §5.1)";
const FURUKAWA: &str =
    "Furukawa 2021 (Clin Neurophysiol Pract 6:88), MRI-confirmed single-root cervical radiculopathy (domain.md §5.1)";
const LEVIN_FURUKAWA: &str =
    "Levin 1996 (Neurology 46:1022) and Furukawa 2021 (Clin Neurophysiol Pract 6:88) (domain.md §5.1)";
const LEVIN_RADECKI: &str =
    "C8: Levin 1996 (Neurology 46:1022); predominantly T1: Radecki & Feinberg 2009 (HSS J) (domain.md §5.2)";
const TSAO_2007: &str = "Tsao 2007 (Neurol Clin 25:473): S1 lesions typically affect it (domain.md §5.1)";
const HEFFERNAN: &str = "Heffernan 1979: shares L5 with the anterior compartment, which separates L5 from a peroneal neuropathy (domain.md §5.1)";
const GLUTEAL_L5: &str = "Muscle Nerve 2012;45:891: L5 (TFL more sensitive than gluteus medius) (domain.md §5.1)";
const ANATOMY: &str =
    "domain.md §5.2's table, to be checked against Preston & Shapiro tables 32.3/32.4 or Wilbourn & Aminoff 1998";
const ANATOMY_NOT_IN_TABLE: &str =
    "not in domain.md's table; to be checked against Preston & Shapiro or Wilbourn & Aminoff 1998";
const SEGMENTAL: &str = "supplied segment by segment by the dorsal rami (domain.md §5.2); paraspinal denervation supports a root lesion but does not fix its level and may be absent (§5.3)";

const FURUKAWA_COUNT: &str = "Furukawa 2021 (domain.md §5.1)";
const RAYEGANI: &str = "Rayegani 2024, 39 isolated C6 radiculopathies (AANEM news summary, domain.md §5.4)";
const TSAO_2003: &str = "Tsao 2003 (Muscle Nerve 27:60), 45 surgically verified single lumbosacral roots, sustained fibrillations (domain.md §5.4)";

const fn row(
    id: &'static str,
    name: &'static str,
    spellings: &'static [&'static str],
    (nerve, branch, origin): (PeripheralNerve, Option<&'static str>, Origin),
    (roots, major_roots): (&'static [Root], &'static [Root]),
    evidence: Evidence,
    source: &'static str,
) -> Muscle {
    Muscle {
        id,
        name,
        spellings,
        nerve,
        branch,
        origin,
        roots,
        major_roots,
        root_findings: &[],
        evidence,
        source,
        note: None,
    }
}

const fn found(root: Root, abnormal: u32, examined: u32, source: &'static str, evidence: Evidence) -> RootFinding {
    RootFinding { root, abnormal, examined, source, evidence }
}

impl Muscle {
    const fn with_findings(self, root_findings: &'static [RootFinding]) -> Muscle {
        Muscle { root_findings, ..self }
    }

    const fn with_note(self, note: &'static str) -> Muscle {
        Muscle { note: Some(note), ..self }
    }
}

const LATERAL: Origin = Origin::Cords(&[Cord::Lateral]);
const POSTERIOR: Origin = Origin::Cords(&[Cord::Posterior]);
const MEDIAL: Origin = Origin::Cords(&[Cord::Medial]);
const LATERAL_AND_MEDIAL: Origin = Origin::Cords(&[Cord::Lateral, Cord::Medial]);
const PIN: Option<&str> = Some("posterior interosseous");
const AIN: Option<&str> = Some("anterior interosseous");
const DEEP_PERONEAL: Option<&str> = Some("deep peroneal");

/// A paraspinal muscle sampled at one segment.
macro_rules! paraspinal {
    ($id:literal, $name:literal, $root:ident) => {
        row($id, $name, &[], (N::DorsalRami, None, Origin::DorsalRami), (&[$root], &[]), Unverified, SEGMENTAL)
    };
}

/// Every muscle edxview knows, arm, leg, paraspinal and bulbar, a row per line.
#[rustfmt::skip]
pub static CATALOGUE: &[Muscle] = &[
    // Shoulder girdle and arm.
    row("rhomboids", "Rhomboids", &["rhomboid", "rhomboids", "rhomb", "rhomboid major"], (N::DorsalScapular, None, Origin::Roots), (&[C5], &[C5]), Unverified, ANATOMY),
    row("serratus_anterior", "Serratus anterior", &["serratus", "serratus ant"], (N::LongThoracic, None, Origin::Roots), (&[C5, C6, C7], &[]), Unverified, ANATOMY),
    row("supraspinatus", "Supraspinatus", &["supraspinatus", "supraspin", "ssp", "supra"], (N::Suprascapular, None, Origin::UpperTrunk), (&[C5, C6], &[C5]), Verified, LEVIN_FURUKAWA)
        .with_findings(&[found(C6, 31, 39, RAYEGANI, Secondary)]),
    row("infraspinatus", "Infraspinatus", &["infraspinatus", "infraspin", "isp", "infra"], (N::Suprascapular, None, Origin::UpperTrunk), (&[C5, C6], &[C5]), Verified, LEVIN_FURUKAWA)
        .with_findings(&[found(C6, 32, 39, RAYEGANI, Secondary)]),
    row("deltoid", "Deltoid", &["deltoid", "delt", "deltoideus", "deltoid middle", "mid deltoid"], (N::Axillary, None, POSTERIOR), (&[C5, C6], &[C5]), Verified, LEVIN_FURUKAWA)
        .with_findings(&[found(C6, 29, 39, RAYEGANI, Secondary)]),
    row("biceps_brachii", "Biceps brachii", &["biceps", "biceps brachii", "bic", "bb", "biceps br"], (N::Musculocutaneous, None, LATERAL), (&[C5, C6], &[C5]), Verified, LEVIN_FURUKAWA)
        .with_findings(&[found(C5, 9, 10, FURUKAWA_COUNT, Verified), found(C6, 25, 39, RAYEGANI, Secondary)]),
    row("brachioradialis", "Brachioradialis", &["brachioradialis", "brachiorad", "br", "brrad"], (N::Radial, None, POSTERIOR), (&[C5, C6], &[C5]), Verified, LEVIN_FURUKAWA)
        .with_findings(&[found(C5, 8, 9, FURUKAWA_COUNT, Verified), found(C6, 32, 39, RAYEGANI, Secondary)]),
    row("extensor_carpi_radialis_longus", "Extensor carpi radialis longus", &["extensor carpi radialis longus", "ecrl", "ext carpi rad longus"], (N::Radial, None, POSTERIOR), (&[C5, C6], &[C6]), Verified, FURUKAWA)
        .with_findings(&[found(C5, 5, 8, FURUKAWA_COUNT, Verified), found(C6, 3, 5, FURUKAWA_COUNT, Verified), found(C6, 37, 39, RAYEGANI, Secondary)]),
    row("extensor_carpi_radialis_brevis", "Extensor carpi radialis brevis", &["extensor carpi radialis brevis", "ecrb", "ext carpi rad brevis"], (N::Radial, None, POSTERIOR), (&[C5, C6, C7], &[C6]), Verified, FURUKAWA)
        .with_findings(&[found(C5, 1, 5, FURUKAWA_COUNT, Verified), found(C6, 6, 6, FURUKAWA_COUNT, Verified), found(C7, 2, 5, FURUKAWA_COUNT, Verified)])
        .with_note("supplied by the radial nerve or its posterior interosseous branch: the anatomy varies"),
    row("supinator", "Supinator", &["supinator"], (N::Radial, PIN, POSTERIOR), (&[C5, C6], &[]), Unverified, ANATOMY_NOT_IN_TABLE),
    row("pronator_teres", "Pronator teres", &["pronator teres", "pron teres", "pt"], (N::Median, None, LATERAL), (&[C6, C7], &[C6]), Verified, LEVIN_FURUKAWA)
        .with_findings(&[found(C7, 2, 9, FURUKAWA_COUNT, Verified), found(C6, 39, 39, RAYEGANI, Secondary)]),
    row("flexor_carpi_radialis", "Flexor carpi radialis", &["flexor carpi radialis", "fcr", "flex carpi rad"], (N::Median, None, LATERAL), (&[C6, C7], &[C7]), Verified, LEVIN_FURUKAWA)
        .with_findings(&[found(C6, 35, 39, RAYEGANI, Secondary)]),
    row("flexor_carpi_ulnaris", "Flexor carpi ulnaris", &["flexor carpi ulnaris", "fcu", "flex carpi uln"], (N::Ulnar, None, MEDIAL), (&[C7, C8, T1], &[C8]), Unverified, ANATOMY),
    row("flexor_digitorum_profundus_2_3", "Flexor digitorum profundus (digits 2–3)", &["flexor digitorum profundus 2 3", "fdp 2 3", "fdp 23", "fdp ii iii", "fdp2", "fdp 2", "fdp median"], (N::Median, AIN, LATERAL_AND_MEDIAL), (&[C7, C8], &[]), Unverified, ANATOMY_NOT_IN_TABLE),
    row("flexor_digitorum_profundus_4_5", "Flexor digitorum profundus (digits 4–5)", &["flexor digitorum profundus 4 5", "fdp 4 5", "fdp 45", "fdp iv v", "fdp4", "fdp 4", "fdp ulnar"], (N::Ulnar, None, MEDIAL), (&[C7, C8, T1], &[C8]), Unverified, ANATOMY),
    row("flexor_pollicis_longus", "Flexor pollicis longus", &["flexor pollicis longus", "fpl", "flex poll longus", "flex pol long"], (N::Median, AIN, LATERAL_AND_MEDIAL), (&[C7, C8, T1], &[C8]), Verified, LEVIN),
    row("pronator_quadratus", "Pronator quadratus", &["pronator quadratus", "pron quad", "pq"], (N::Median, AIN, LATERAL_AND_MEDIAL), (&[C7, C8, T1], &[]), Unverified, ANATOMY_NOT_IN_TABLE),
    row("extensor_digitorum_communis", "Extensor digitorum communis", &["extensor digitorum communis", "extensor digitorum", "edc", "ext dig comm", "ext digitorum"], (N::Radial, PIN, POSTERIOR), (&[C6, C7, C8], &[C7]), Verified, FURUKAWA)
        .with_findings(&[found(C7, 4, 9, FURUKAWA_COUNT, Verified), found(C6, 13, 39, RAYEGANI, Secondary)]),
    row("extensor_indicis", "Extensor indicis (proprius)", &["extensor indicis", "extensor indicis proprius", "eip", "ext indicis"], (N::Radial, PIN, POSTERIOR), (&[C7, C8], &[C8]), Verified, LEVIN),
    row("triceps", "Triceps brachii", &["triceps", "triceps brachii", "tric", "tri"], (N::Radial, None, POSTERIOR), (&[C6, C7, C8], &[C7]), Verified, LEVIN_FURUKAWA)
        .with_findings(&[found(C6, 6, 39, RAYEGANI, Secondary)]),
    row("anconeus", "Anconeus", &["anconeus", "anc"], (N::Radial, None, POSTERIOR), (&[C7, C8], &[C7]), Verified, LEVIN),
    row("abductor_pollicis_brevis", "Abductor pollicis brevis", &["abductor pollicis brevis", "apb", "abd poll brev", "abd pol brev", "abd poll b"], (N::Median, None, MEDIAL), (&[C8, T1], &[T1]), Verified, LEVIN_RADECKI),
    row("opponens_pollicis", "Opponens pollicis", &["opponens pollicis", "opponens", "opp poll"], (N::Median, None, MEDIAL), (&[C8, T1], &[]), Unverified, ANATOMY_NOT_IN_TABLE),
    row("first_dorsal_interosseous", "First dorsal interosseous", &["first dorsal interosseous", "1st dorsal interosseous", "fdi", "1di", "di1", "1st di", "dorsal interosseous 1", "fdio"], (N::Ulnar, Some("deep branch"), MEDIAL), (&[C8, T1], &[C8]), Verified, LEVIN),
    row("abductor_digiti_minimi", "Abductor digiti minimi (hand)", &["abductor digiti minimi", "abductor digiti quinti", "adm", "adq", "abd dig min", "abd dig quinti"], (N::Ulnar, None, MEDIAL), (&[C8, T1], &[C8]), Verified, LEVIN),
    // Hip girdle and leg.
    row("iliopsoas", "Iliopsoas", &["iliopsoas", "ilio psoas", "psoas", "iliacus"], (N::Femoral, None, Origin::LumbarPlexus), (&[L2, L3, L4], &[L2, L3]), Unverified, ANATOMY)
        .with_note("the psoas is supplied from the lumbar plexus directly, the iliacus by the femoral nerve"),
    row("adductor_longus", "Adductor longus", &["adductor longus", "add longus", "add long"], (N::Obturator, None, Origin::LumbarPlexus), (&[L2, L3, L4], &[L2, L3]), Unverified, ANATOMY)
        .with_findings(&[found(L4, 5, 5, TSAO_2003, Secondary)]),
    row("rectus_femoris", "Rectus femoris", &["rectus femoris", "rect fem", "rf"], (N::Femoral, None, Origin::LumbarPlexus), (&[L2, L3, L4], &[]), Unverified, ANATOMY_NOT_IN_TABLE),
    row("vastus_medialis", "Vastus medialis", &["vastus medialis", "vast med", "vm", "vmo"], (N::Femoral, None, Origin::LumbarPlexus), (&[L2, L3, L4], &[L3, L4]), Unverified, ANATOMY),
    row("vastus_lateralis", "Vastus lateralis", &["vastus lateralis", "vast lat", "vl"], (N::Femoral, None, Origin::LumbarPlexus), (&[L2, L3, L4], &[L3, L4]), Unverified, ANATOMY)
        .with_findings(&[found(L4, 4, 5, TSAO_2003, Secondary)]),
    row("tibialis_anterior", "Tibialis anterior", &["tibialis anterior", "tib ant", "tibialis ant", "ta", "tib anterior", "anterior tibialis", "ant tib", "tibial anterior"], (N::Peroneal, DEEP_PERONEAL, Origin::SacralPlexus), (&[L4, L5], &[L4, L5]), Unverified, ANATOMY)
        .with_findings(&[found(L5, 20, 26, TSAO_2003, Secondary)])
        .with_note("L5 over L4 in stimulation studies, not verified (domain.md §5.2)"),
    row("extensor_hallucis_longus", "Extensor hallucis longus", &["extensor hallucis longus", "ehl", "ext hall long", "ext hallucis"], (N::Peroneal, DEEP_PERONEAL, Origin::SacralPlexus), (&[L5, S1], &[L5]), Unverified, ANATOMY)
        .with_findings(&[found(L5, 8, 11, TSAO_2003, Secondary)]),
    row("extensor_digitorum_longus", "Extensor digitorum longus", &["extensor digitorum longus", "edl", "ext dig long"], (N::Peroneal, DEEP_PERONEAL, Origin::SacralPlexus), (&[L5, S1], &[L5]), Unverified, ANATOMY),
    row("extensor_digitorum_brevis", "Extensor digitorum brevis", &["extensor digitorum brevis", "edb", "ext dig brev", "ext dig brevis"], (N::Peroneal, DEEP_PERONEAL, Origin::SacralPlexus), (&[L5, S1], &[]), Unverified, ANATOMY_NOT_IN_TABLE)
        .with_findings(&[found(L5, 20, 24, TSAO_2003, Secondary)]),
    row("peroneus_longus", "Peroneus (fibularis) longus", &["peroneus longus", "fibularis longus", "peron long", "per long", "pl", "peroneal longus"], (N::Peroneal, Some("superficial peroneal"), Origin::SacralPlexus), (&[L5, S1], &[L5]), Unverified, ANATOMY)
        .with_findings(&[found(L5, 16, 16, TSAO_2003, Secondary)]),
    row("tibialis_posterior", "Tibialis posterior", &["tibialis posterior", "tib post", "tibialis post", "tp", "posterior tibialis", "tib posterior"], (N::Tibial, None, Origin::SacralPlexus), (&[L4, L5, S1], &[L5]), Verified, HEFFERNAN)
        .with_findings(&[found(L5, 23, 25, TSAO_2003, Secondary), found(S1, 2, 11, TSAO_2003, Secondary)]),
    row("flexor_digitorum_longus", "Flexor digitorum longus", &["flexor digitorum longus", "fdl", "flex dig long"], (N::Tibial, None, Origin::SacralPlexus), (&[L5, S1], &[L5]), Unverified, ANATOMY),
    row("gastrocnemius_medial", "Gastrocnemius (medial head)", &["medial gastrocnemius", "gastrocnemius medial", "gastrocnemius medial head", "med gastroc", "gastroc med", "mg", "gastrocnemius med", "medial gastroc"], (N::Tibial, None, Origin::SacralPlexus), (&[S1, S2], &[S1]), Verified, TSAO_2007)
        .with_findings(&[found(S1, 10, 12, TSAO_2003, Secondary)]),
    row("gastrocnemius_lateral", "Gastrocnemius (lateral head)", &["lateral gastrocnemius", "gastrocnemius lateral", "gastrocnemius lateral head", "lat gastroc", "gastroc lat", "lg", "gastrocnemius lat", "lateral gastroc"], (N::Tibial, None, Origin::SacralPlexus), (&[S1, S2], &[S1]), Verified, TSAO_2007)
        .with_findings(&[found(S1, 10, 11, TSAO_2003, Secondary)]),
    row("soleus", "Soleus", &["soleus", "sol"], (N::Tibial, None, Origin::SacralPlexus), (&[S1, S2], &[]), Unverified, ANATOMY_NOT_IN_TABLE),
    row("abductor_hallucis", "Abductor hallucis", &["abductor hallucis", "abd hall", "ah", "abd hallucis"], (N::Tibial, Some("medial plantar"), Origin::SacralPlexus), (&[S1, S2], &[S1]), Verified, TSAO_2007)
        .with_note("fibrillation potentials are found in it in 21 % of normal subjects (10 % under 60, 30 % over 60; Boon & Harper 2003, domain.md §4.1)"),
    row("abductor_digiti_quinti_pedis", "Abductor digiti quinti pedis", &["abductor digiti quinti pedis", "abductor digiti minimi pedis", "adqp", "admp", "adq pedis", "adm pedis", "adm foot", "adq foot"], (N::Tibial, Some("lateral plantar"), Origin::SacralPlexus), (&[S1, S2], &[S1]), Verified, TSAO_2007)
        .with_findings(&[found(S1, 5, 7, TSAO_2003, Secondary)]),
    row("biceps_femoris_short_head", "Biceps femoris (short head)", &["biceps femoris short head", "short head biceps femoris", "short head of biceps femoris", "bfsh", "bf sh", "biceps fem sh", "sh biceps femoris", "biceps femoris sh", "short head biceps"], (N::Sciatic, Some("peroneal division"), Origin::SacralPlexus), (&[L5, S1, S2], &[S1]), Verified, TSAO_2007)
        .with_findings(&[found(S1, 8, 9, TSAO_2003, Secondary), found(L5, 0, 13, TSAO_2003, Secondary)])
        .with_note("the only thigh muscle of the sciatic nerve's peroneal division: abnormal in a sciatic lesion, normal in a peroneal neuropathy at the fibular head (domain.md §5.2)"),
    row("biceps_femoris_long_head", "Biceps femoris (long head)", &["biceps femoris long head", "long head biceps femoris", "long head of biceps femoris", "bflh", "bf lh", "biceps fem lh", "lh biceps femoris", "biceps femoris lh", "long head biceps"], (N::Sciatic, Some("tibial division"), Origin::SacralPlexus), (&[L5, S1, S2], &[S1]), Verified, TSAO_2007)
        .with_findings(&[found(S1, 5, 5, TSAO_2003, Secondary)]),
    row("semitendinosus", "Semitendinosus", &["semitendinosus", "semitend", "medial hamstring"], (N::Sciatic, Some("tibial division"), Origin::SacralPlexus), (&[L5, S1, S2], &[]), Unverified, ANATOMY_NOT_IN_TABLE),
    row("gluteus_medius", "Gluteus medius", &["gluteus medius", "glut med", "gluteus med", "gmed", "glute med"], (N::SuperiorGluteal, None, Origin::SacralPlexus), (&[L4, L5, S1], &[L5]), Verified, GLUTEAL_L5)
        .with_note("no patient of the 2012 study had an L5 abnormality limited to gluteus medius; TFL is the more sensitive (domain.md §5.1)"),
    row("tensor_fasciae_latae", "Tensor fasciae latae", &["tensor fasciae latae", "tensor fascia lata", "tensor fasciae", "tfl"], (N::SuperiorGluteal, None, Origin::SacralPlexus), (&[L4, L5, S1], &[L5]), Verified, GLUTEAL_L5)
        .with_findings(&[found(L5, 4, 4, TSAO_2003, Secondary)]),
    row("gluteus_maximus", "Gluteus maximus", &["gluteus maximus", "glut max", "gluteus max", "gmax", "glute max"], (N::InferiorGluteal, None, Origin::SacralPlexus), (&[L5, S1, S2], &[S1]), Verified, TSAO_2007)
        .with_findings(&[found(S1, 7, 11, TSAO_2003, Secondary)]),
    // Paraspinal muscles: by region where the level is not given, and by level.
    row("paraspinal_cervical", "Cervical paraspinals", &[], (N::DorsalRami, None, Origin::DorsalRami), (&[C3, C4, C5, C6, C7, C8], &[]), Unverified, SEGMENTAL),
    row("paraspinal_thoracic", "Thoracic paraspinals", &[], (N::DorsalRami, None, Origin::DorsalRami), (&[T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12], &[]), Unverified, SEGMENTAL),
    row("paraspinal_lumbosacral", "Lumbosacral paraspinals", &[], (N::DorsalRami, None, Origin::DorsalRami), (&[L1, L2, L3, L4, L5, S1], &[]), Unverified, SEGMENTAL)
        .with_findings(&[found(L5, 12, 26, TSAO_2003, Secondary), found(S1, 3, 12, TSAO_2003, Secondary)])
        .with_findings(&[found(L5, 12, 26, TSAO_2003, Secondary), found(S1, 3, 12, TSAO_2003, Secondary)]),
    paraspinal!("paraspinal_c3", "Cervical paraspinals, C3", C3),
    paraspinal!("paraspinal_c4", "Cervical paraspinals, C4", C4),
    paraspinal!("paraspinal_c5", "Cervical paraspinals, C5", C5),
    paraspinal!("paraspinal_c6", "Cervical paraspinals, C6", C6),
    paraspinal!("paraspinal_c7", "Cervical paraspinals, C7", C7),
    paraspinal!("paraspinal_c8", "Cervical paraspinals, C8", C8),
    paraspinal!("paraspinal_t1", "Thoracic paraspinals, T1", T1),
    paraspinal!("paraspinal_t2", "Thoracic paraspinals, T2", T2),
    paraspinal!("paraspinal_t3", "Thoracic paraspinals, T3", T3),
    paraspinal!("paraspinal_t4", "Thoracic paraspinals, T4", T4),
    paraspinal!("paraspinal_t5", "Thoracic paraspinals, T5", T5),
    paraspinal!("paraspinal_t6", "Thoracic paraspinals, T6", T6),
    paraspinal!("paraspinal_t7", "Thoracic paraspinals, T7", T7),
    paraspinal!("paraspinal_t8", "Thoracic paraspinals, T8", T8),
    paraspinal!("paraspinal_t9", "Thoracic paraspinals, T9", T9),
    paraspinal!("paraspinal_t10", "Thoracic paraspinals, T10", T10),
    paraspinal!("paraspinal_t11", "Thoracic paraspinals, T11", T11),
    paraspinal!("paraspinal_t12", "Thoracic paraspinals, T12", T12),
    paraspinal!("paraspinal_l1", "Lumbar paraspinals, L1", L1),
    paraspinal!("paraspinal_l2", "Lumbar paraspinals, L2", L2),
    paraspinal!("paraspinal_l3", "Lumbar paraspinals, L3", L3),
    paraspinal!("paraspinal_l4", "Lumbar paraspinals, L4", L4),
    // Tsao 2003 counted "lumbar paraspinals" without a level: its L5 count is given to the L5
    // level and its S1 count to the S1 level.
    paraspinal!("paraspinal_l5", "Lumbar paraspinals, L5", L5).with_findings(&[found(L5, 12, 26, TSAO_2003, Secondary)]),
    paraspinal!("paraspinal_s1", "Sacral paraspinals, S1", S1).with_findings(&[found(S1, 3, 12, TSAO_2003, Secondary)]),
    // Bulbar muscles (the bulbar region of the motor neuron disease criteria, domain.md §5.6).
    row("genioglossus", "Genioglossus (tongue)", &["genioglossus", "tongue", "lingua", "gg"], (N::Hypoglossal, None, Origin::CranialNerve), (&[], &[]), Unverified, ANATOMY_NOT_IN_TABLE)
        .with_note("needle EMG of the tongue needs it relaxed, and found spontaneous activity in 14 of 17 patients with ALS (Tankisi 2013, Muscle Nerve 48:296)"),
    row("masseter", "Masseter", &["masseter"], (N::Trigeminal, None, Origin::CranialNerve), (&[], &[]), Unverified, ANATOMY_NOT_IN_TABLE),
];
