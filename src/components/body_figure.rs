//! The body figure of the patient view: front and back outlines drawn by edxview, each nerve
//! studied (a diamond) and each muscle examined (a circle) marked where it lies, hollow when
//! normal and filled when it showed changes (shape and a word in its tooltip, never colour
//! alone), and a ring where the study points.

use edx_core::interpret::localise::{Lesion, NerveSite};
use edx_core::interpret::patient::tested::Tested;
use edx_core::model::{Nerve, Side};
use edx_core::muscles::{PlexusElement, Root};
use leptos::prelude::*;

/// Which outline a mark is drawn on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Front,
    Back,
}

/// A place on the body: the outline, the distance from the midline towards the side, and the
/// height, in the figure's units (the figure is 300 high).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Spot {
    view: View,
    from_midline: f64,
    height: f64,
}

const fn front(from_midline: f64, height: f64) -> Spot {
    Spot { view: View::Front, from_midline, height }
}

const fn back(from_midline: f64, height: f64) -> Spot {
    Spot { view: View::Back, from_midline, height }
}

/// Where the two outlines stand across the figure.
const FRONT_CENTRE: f64 = 90.0;
const BACK_CENTRE: f64 = 270.0;

/// The point of `spot` on `side`: on the front outline the patient's right is the viewer's
/// left, on the back outline it is the viewer's right.
fn point(spot: Spot, side: Option<Side>) -> (f64, f64) {
    let towards = match (spot.view, side) {
        (_, None) => 0.0,
        (View::Front, Some(Side::Right)) | (View::Back, Some(Side::Left)) => -1.0,
        (View::Front, Some(Side::Left)) | (View::Back, Some(Side::Right)) => 1.0,
    };
    let centre = if spot.view == View::Front { FRONT_CENTRE } else { BACK_CENTRE };
    (centre + towards * spot.from_midline, spot.height)
}

/// Where a catalogue muscle lies (standard anatomy, drawn roughly).
fn muscle_spot(id: &str) -> Option<Spot> {
    if let Some(level) = id.strip_prefix("paraspinal_") {
        return Some(back(6.0, paraspinal_height(level)));
    }
    Some(match id {
        "rhomboids" => back(14.0, 80.0),
        "serratus_anterior" => front(30.0, 92.0),
        "supraspinatus" => back(26.0, 66.0),
        "infraspinatus" => back(28.0, 80.0),
        "deltoid" => front(42.0, 66.0),
        "biceps_brachii" => front(46.0, 88.0),
        "brachioradialis" => front(50.0, 122.0),
        "extensor_carpi_radialis_longus" => back(53.0, 122.0),
        "extensor_carpi_radialis_brevis" => back(55.0, 128.0),
        "supinator" => back(51.0, 118.0),
        "pronator_teres" => front(52.0, 116.0),
        "flexor_carpi_radialis" => front(53.0, 128.0),
        "flexor_carpi_ulnaris" => front(58.0, 130.0),
        "flexor_digitorum_profundus_2_3" => front(55.0, 138.0),
        "flexor_digitorum_profundus_4_5" => front(58.0, 141.0),
        "flexor_pollicis_longus" => front(56.0, 146.0),
        "pronator_quadratus" => front(59.0, 153.0),
        "extensor_digitorum_communis" => back(56.0, 134.0),
        "extensor_indicis" => back(58.0, 147.0),
        "triceps" => back(47.0, 90.0),
        "anconeus" => back(53.0, 112.0),
        "abductor_pollicis_brevis" | "opponens_pollicis" => front(57.0, 168.0),
        "first_dorsal_interosseous" => back(60.0, 170.0),
        "abductor_digiti_minimi" => front(66.0, 171.0),
        "iliopsoas" => front(14.0, 150.0),
        "adductor_longus" => front(9.0, 172.0),
        "rectus_femoris" => front(18.0, 180.0),
        "vastus_medialis" => front(13.0, 202.0),
        "vastus_lateralis" => front(26.0, 192.0),
        "tensor_fasciae_latae" => front(28.0, 160.0),
        "tibialis_anterior" => front(18.0, 232.0),
        "extensor_hallucis_longus" => front(20.0, 252.0),
        "extensor_digitorum_longus" => front(24.0, 246.0),
        "peroneus_longus" => front(26.0, 236.0),
        "extensor_digitorum_brevis" => front(27.0, 285.0),
        "abductor_hallucis" => front(14.0, 289.0),
        "tibialis_posterior" => back(19.0, 258.0),
        "flexor_digitorum_longus" => back(15.0, 262.0),
        "gastrocnemius_medial" => back(15.0, 232.0),
        "gastrocnemius_lateral" => back(24.0, 232.0),
        "soleus" => back(20.0, 250.0),
        "abductor_digiti_quinti_pedis" => back(28.0, 287.0),
        "biceps_femoris_short_head" => back(24.0, 202.0),
        "biceps_femoris_long_head" => back(21.0, 185.0),
        "semitendinosus" => back(12.0, 190.0),
        "gluteus_medius" => back(24.0, 146.0),
        "gluteus_maximus" => back(15.0, 160.0),
        "masseter" => front(11.0, 30.0),
        "genioglossus" => front(0.0, 36.0),
        _ => return None,
    })
}

/// The height of a paraspinal level ("c7", "t10", "l5", "s1", or a whole region).
fn paraspinal_height(level: &str) -> f64 {
    let number = |text: &str| text.get(1..).and_then(|digits| digits.parse::<f64>().ok());
    match (level.chars().next(), number(level)) {
        (Some('c'), Some(n)) => 38.0 + 3.0 * n,
        (Some('t'), Some(n)) => 59.0 + 5.5 * n,
        (Some('l'), Some(n)) => 128.0 + 3.5 * n,
        (Some('s'), _) => 150.0,
        _ => match level {
            "cervical" => 52.0,
            "thoracic" => 95.0,
            _ => 140.0,
        },
    }
}

/// Where a nerve's conduction is studied.
fn nerve_spot(nerve: &Nerve) -> Spot {
    match nerve {
        Nerve::Median => front(54.0, 140.0),
        Nerve::Ulnar => front(61.0, 138.0),
        Nerve::Radial => back(56.0, 142.0),
        Nerve::Peroneal => front(25.0, 224.0),
        Nerve::Tibial => back(17.0, 268.0),
        Nerve::Sural => back(25.0, 272.0),
        Nerve::SuperficialPeroneal => front(24.0, 262.0),
        Nerve::Other(name) => {
            let name = name.to_lowercase();
            if name.contains("medial antebrachial") || name.contains("mabc") {
                front(57.0, 122.0)
            } else if name.contains("antebrachial") || name.contains("labc") {
                front(49.0, 126.0)
            } else if name.contains("dorsal ulnar") || name.contains("duc") {
                back(62.0, 160.0)
            } else if name.contains("saphenous") {
                front(12.0, 255.0)
            } else {
                front(0.0, 0.0)
            }
        }
    }
}

/// Where the study points, for a lesion with one place (a ring at each).
fn lesion_spots(lesion: Lesion) -> Vec<(Spot, Option<Side>)> {
    match lesion {
        Lesion::Root(root, side) => vec![(back(6.0, root_height(root)), Some(side))],
        Lesion::Plexus(element, side) => {
            let lumbosacral = matches!(
                element,
                PlexusElement::LumbarPlexus | PlexusElement::LumbosacralTrunk | PlexusElement::SacralPlexus
            );
            vec![(if lumbosacral { front(14.0, 142.0) } else { front(26.0, 58.0) }, Some(side))]
        }
        Lesion::Nerve(site, side) => vec![(site_spot(site), Some(side))],
        Lesion::LengthDependentPolyneuropathy => {
            vec![(front(22.0, 284.0), Some(Side::Right)), (front(22.0, 284.0), Some(Side::Left))]
        }
        _ => Vec::new(),
    }
}

/// The height of a root where it leaves the spine.
fn root_height(root: Root) -> f64 {
    let name = root.to_string().to_lowercase();
    paraspinal_height(&name)
}

/// Where a nerve site lies.
fn site_spot(site: NerveSite) -> Spot {
    match site.name {
        "median nerve at the wrist" => front(58.0, 158.0),
        "anterior interosseous nerve" => front(55.0, 138.0),
        "median nerve at or above the elbow" => front(50.0, 108.0),
        "ulnar nerve at the wrist" => front(63.0, 160.0),
        "ulnar nerve at the elbow" => back(54.0, 110.0),
        "radial nerve at the spiral groove" => back(47.0, 92.0),
        "posterior interosseous nerve" => back(53.0, 122.0),
        "axillary nerve" => back(42.0, 68.0),
        "suprascapular nerve" => back(26.0, 70.0),
        "musculocutaneous nerve" => front(46.0, 84.0),
        "long thoracic nerve" => front(30.0, 88.0),
        "femoral nerve" => front(18.0, 158.0),
        "obturator nerve" => front(10.0, 162.0),
        "sciatic nerve" => back(18.0, 172.0),
        "peroneal nerve at the fibular head" => front(27.0, 216.0),
        "deep peroneal nerve" => front(20.0, 236.0),
        "tibial nerve at the ankle" => front(15.0, 274.0),
        _ => front(0.0, 0.0),
    }
}

/// One outline: head, trunk, arms and legs around `centre`.
fn outline(centre: f64) -> impl IntoView {
    let limb = |points: &[(f64, f64)]| {
        let mirrored = |sign: f64| {
            points.iter().map(|(x, y)| format!("{},{}", centre + sign * x, y)).collect::<Vec<_>>().join(" ")
        };
        view! {
            <polyline class="body-limb" points=mirrored(-1.0)/>
            <polyline class="body-limb" points=mirrored(1.0)/>
        }
    };
    let trunk = format!("M{},56 L{},56 L{},148 L{},148 Z", centre - 38.0, centre + 38.0, centre + 26.0, centre - 26.0);
    view! {
        <circle class="body-part" cx=centre cy="24" r="15"/>
        <rect class="body-part" x=centre - 6.0 y="38" width="12" height="20"/>
        <path class="body-part" d=trunk/>
        {limb(&[(38.0, 60.0), (50.0, 110.0), (59.0, 158.0), (62.0, 172.0)])}
        {limb(&[(16.0, 146.0), (20.0, 214.0), (20.0, 274.0), (25.0, 288.0)])}
    }
}

/// The figure: both outlines, a mark for each nerve and muscle tested, a ring where the study
/// points.
#[component]
pub fn BodyFigure(
    /// The nerves and muscles tested.
    tested: Vec<Tested>,
    /// The lesion named, if any.
    named: Option<Lesion>,
) -> impl IntoView {
    let marks = tested
        .into_iter()
        .filter_map(|item| {
            let spot = match (&item.muscle_id, &item.nerve) {
                (Some(id), _) => muscle_spot(id)?,
                (None, Some(nerve)) => nerve_spot(nerve),
                (None, None) => return None,
            };
            (spot.height > 0.0).then_some((spot, item))
        })
        .map(|(spot, item)| {
            let (x, y) = point(spot, item.side);
            let status = match item.is_abnormal {
                Some(true) => "showed changes",
                Some(false) => "normal",
                None => "not judged",
            };
            let class = match item.is_abnormal {
                Some(true) => "mark abnormal",
                Some(false) => "mark normal",
                None => "mark unjudged",
            };
            let place = item.plain_place.map(|place| format!(" ({place})")).unwrap_or_default();
            let title = format!("{}{place}: {status}", item.name);
            if item.muscle_id.is_some() {
                view! { <circle class=class cx=x cy=y r="4.5" data-testid="body-muscle"><title>{title}</title></circle> }.into_any()
            } else {
                let diamond = format!("M{x},{} L{},{y} L{x},{} L{},{y} Z", y - 5.5, x + 5.5, y + 5.5, x - 5.5);
                view! { <path class=class d=diamond data-testid="body-nerve"><title>{title}</title></path> }.into_any()
            }
        })
        .collect_view();
    let rings = named
        .map(lesion_spots)
        .unwrap_or_default()
        .into_iter()
        .map(|(spot, side)| {
            let (x, y) = point(spot, side);
            view! {
                <circle class="damage" cx=x cy=y r="11" data-testid="body-damage"><title>"The study points here"</title></circle>
            }
        })
        .collect_view();
    view! {
        <figure class="body-figure" data-testid="body-figure">
            <svg viewBox="0 0 360 320" role="img" aria-labelledby="body-figure-caption">
                <text class="body-label" x=FRONT_CENTRE y="314" text-anchor="middle">"Front"</text>
                <text class="body-label" x=BACK_CENTRE y="314" text-anchor="middle">"Back"</text>
                {outline(FRONT_CENTRE)}
                {outline(BACK_CENTRE)}
                <text class="body-side" x=FRONT_CENTRE - 70.0 y="20" text-anchor="middle">"Right"</text>
                <text class="body-side" x=FRONT_CENTRE + 70.0 y="20" text-anchor="middle">"Left"</text>
                <text class="body-side" x=BACK_CENTRE - 70.0 y="20" text-anchor="middle">"Left"</text>
                <text class="body-side" x=BACK_CENTRE + 70.0 y="20" text-anchor="middle">"Right"</text>
                {marks}
                {rings}
            </svg>
            <figcaption id="body-figure-caption">
                "Where each nerve (◇) and muscle (○) was tested. Hollow: normal. Filled: showed changes. "
                "A dashed ring marks where the study points."
            </figcaption>
        </figure>
    }
}
